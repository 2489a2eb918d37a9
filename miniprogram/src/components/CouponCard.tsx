import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import { COUPON_KIND_LABELS, couponCondition, couponHeadline, type CouponTerms } from '@member/shared';
import './CouponCard.scss';

export interface CouponCardProps {
  terms: CouponTerms;
  /** Validity line, e.g. "2026-12-01 至 2026-12-07" or "领取后 7 天内有效". */
  validity: string;
  /** Small orange tag beside the validity (e.g. "3天后过期", "明天生效"). */
  hint?: string | null;
  /** A used/expired stamp; the card turns grey. */
  stamp?: string | null;
  /** Extra lines under the validity (stock, limits). */
  meta?: ReactNode;
  /** Right-hand action (领取 / 去使用 button). */
  action?: ReactNode;
  /** Below the ticket: e.g. the folded 使用说明. */
  footer?: ReactNode;
  id?: string;
  className?: string;
  onClick?: () => void;
}

/** The headline split so the figure is big and ¥ / 折 are small: "¥20" → ['¥', '20', '']. */
function headlineParts(terms: CouponTerms): [string, string, string] {
  const text = couponHeadline(terms);
  if (text.startsWith('¥')) return ['¥', text.slice(1), ''];
  const m = /^([\d.]+)\s*(折)$/.exec(text);
  return m ? ['', m[1], m[2]] : ['', text, ''];
}

/**
 * A coupon as a ticket (有赞/星巴克 style): a coloured stub with the headline figure on the left, name,
 * condition and validity on the right, a perforation between them, and a stamp once it is used or expired.
 */
export function CouponCard({
  terms,
  validity,
  hint,
  stamp,
  meta,
  action,
  footer,
  id,
  className,
  onClick,
}: CouponCardProps) {
  const [prefix, figure, suffix] = headlineParts(terms);
  const kindClass = `coupon-card--${terms.kind.toLowerCase().replace('_', '-')}`;
  return (
    <View id={id} className={`coupon-card ${kindClass} ${stamp ? 'coupon-card--off' : ''} ${className ?? ''}`}>
      <View className="coupon-card__ticket" onClick={onClick}>
        <View className="coupon-card__stub">
          <View className="coupon-card__headline">
            {prefix && <Text className="coupon-card__unit">{prefix}</Text>}
            <Text className={`coupon-card__figure ${figure.length > 4 ? 'coupon-card__figure--long' : ''}`}>
              {figure}
            </Text>
            {suffix && <Text className="coupon-card__unit">{suffix}</Text>}
          </View>
          <Text className="coupon-card__kind">{COUPON_KIND_LABELS[terms.kind]}</Text>
        </View>
        <View className="coupon-card__body">
          <Text className="coupon-card__name">{terms.name}</Text>
          <Text className="coupon-card__condition">{couponCondition(terms)}</Text>
          <View className="coupon-card__validity">
            <Text>{validity}</Text>
            {hint && !stamp && <Text className="coupon-card__hint">{hint}</Text>}
          </View>
          {meta}
        </View>
        {action && <View className="coupon-card__action">{action}</View>}
        {stamp && <Text className="coupon-card__stamp">{stamp}</Text>}
      </View>
      {footer}
    </View>
  );
}
