import {
  COUPON_KIND_LABELS,
  couponCondition,
  couponHeadline,
  validityText,
  type CouponTerms,
  type CouponValidity,
} from '@member/shared';
import { formatDate } from '../../utils/format';
import './CouponCardPreview.css';

/** The headline split so the figure is big and ¥ / 折 small: "¥20" → ['¥', '20', '']. */
function headlineParts(terms: CouponTerms): [string, string, string] {
  const text = couponHeadline(terms);
  if (text.startsWith('¥')) return ['¥', text.slice(1), ''];
  const m = /^([\d.]+)\s*(折)$/.exec(text);
  return m ? ['', m[1], m[2]] : ['', text, ''];
}

interface CouponCardPreviewProps {
  terms: CouponTerms;
  validity: CouponValidity | null;
  /** Lines under the validity, e.g. 剩余 1,000 张 · 每人限领 1 张. */
  meta?: string | null;
  /** Right-hand button text (领取), or none. */
  action?: string | null;
  /** A greyed card with a stamp (ended templates). */
  off?: boolean;
}

/**
 * The coupon as members see it in 领券中心 (same look as the mini-program's CouponCard): coloured stub with
 * the headline (¥20 / 8.5 折 / 兑换), name, condition and validity, then the folded 使用说明.
 */
export function CouponCardPreview({ terms, validity, meta, action, off }: CouponCardPreviewProps) {
  const [prefix, figure, suffix] = headlineParts(terms);
  const kindClass = `coupon-card--${terms.kind.toLowerCase().replace('_', '-')}`;
  const rules = [
    terms.storeIds ? `限 ${terms.storeIds.length} 家门店使用` : '全部门店可用',
    terms.stackable ? '可与其他可叠加券同时使用' : '每单限用一张',
    terms.giftable ? '可转赠好友' : null,
  ].filter(Boolean);
  return (
    <div className="coupon-phone" data-testid="coupon-preview">
      <p className="coupon-phone__title">领券中心</p>
      <div className={`coupon-card ${kindClass} ${off ? 'coupon-card--off' : ''}`}>
        <div className="coupon-card__ticket">
          <div className="coupon-card__stub">
            <div className="coupon-card__headline" data-testid="coupon-preview-headline">
              {prefix && <span className="coupon-card__unit">{prefix}</span>}
              <span className={`coupon-card__figure ${figure.length > 4 ? 'coupon-card__figure--long' : ''}`}>
                {figure}
              </span>
              {suffix && <span className="coupon-card__unit">{suffix}</span>}
            </div>
            <span className="coupon-card__kind">{COUPON_KIND_LABELS[terms.kind]}</span>
          </div>
          <div className="coupon-card__body">
            <span className="coupon-card__name" title={terms.name}>
              {terms.name}
            </span>
            <span className="coupon-card__condition" data-testid="coupon-preview-condition">
              {couponCondition(terms)}
            </span>
            <span className="coupon-card__validity">
              {validity ? validityText(validity, formatDate) : '有效期未设置'}
            </span>
            {meta && <span className="coupon-card__meta">{meta}</span>}
          </div>
          {action && (
            <div className="coupon-card__action">
              <span className="coupon-card__button">{action}</span>
            </div>
          )}
        </div>
        <div className="coupon-card__rules">
          {rules.join('；')}
          {terms.instructions ? `\n${terms.instructions}` : ''}
        </div>
      </div>
    </div>
  );
}
