import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { Button, Popup, SafeArea } from '@nutui/nutui-react-taro';
import { formatCny, type CouponOption } from '@member/shared';
import { CouponCard } from '../../../components/CouponCard';
import { formatBizDate } from '../../../utils/time';
import { toggleCoupon, type BillLines } from '../../../utils/checkout';

interface Props {
  options: CouponOption[];
  bill: BillLines;
  onChange: (couponIds: number[]) => void;
}

/** "有效期至 2026-12-07": validUntil is exclusive, the last valid day is the one before it. */
function lastDay(validUntil: string): string {
  return `有效期至 ${formatBizDate(new Date(Date.parse(validUntil) - 1).toISOString())}`;
}

/**
 * 优惠券 on the bill: the chosen coupons and what they take off, and a sheet with all of the member's
 * coupons (usable ones first, best first; the others greyed with why). One per bill unless stackable.
 */
export function CouponChoice({ options, bill, onChange }: Props) {
  const [open, setOpen] = useState(false);
  const usable = options.filter((o) => o.usable).length;
  const chosen = bill.couponIds;
  const names = chosen.map((id) => options.find((o) => o.couponId === id)?.terms.name ?? '').join('、');

  let summary: string;
  if (!options.length) summary = '会员暂无优惠券';
  else if (!usable) summary = `${options.length} 张均不满足本单条件`;
  else if (!chosen.length) summary = `${usable} 张可用，未使用`;
  else summary = names;

  return (
    <View className="purchase__coupons">
      <View
        id="purchase-coupon"
        className={`purchase__row purchase__coupon-row ${options.length ? '' : 'purchase__coupon-row--none'}`}
        onClick={() => options.length && setOpen(true)}
      >
        <Text>优惠券</Text>
        <View className="purchase__coupon-pick">
          <Text id="purchase-coupon-summary" className={chosen.length ? 'purchase__coupon-name' : 'staff__tip'}>
            {summary}
          </Text>
          {chosen.length > 0 && (
            <Text id="purchase-coupon-off" className="purchase__coupon-off">
              −{formatCny(bill.couponDiscountFen)}
            </Text>
          )}
          {options.length > 0 && <Text className="purchase__chevron">›</Text>}
        </View>
      </View>

      <Popup
        visible={open}
        position="bottom"
        round
        closeable
        title={`选择优惠券（${usable} 张可用）`}
        onClose={() => setOpen(false)}
      >
        <View id="purchase-coupon-sheet" className="coupon-sheet">
          <View className="coupon-sheet__list">
            {options.map((o) => {
              const on = chosen.includes(o.couponId);
              return (
                <CouponCard
                  key={o.couponId}
                  id={`coupon-option-${o.couponId}`}
                  className={`coupon-sheet__card ${o.usable ? '' : 'coupon-card--off'} ${on ? 'coupon-sheet__card--on' : ''}`}
                  terms={o.terms}
                  validity={lastDay(o.validUntil)}
                  meta={
                    o.usable ? (
                      <Text className="coupon-sheet__saves">本单可减 {formatCny(o.discountFen)}</Text>
                    ) : (
                      <Text className="coupon-sheet__reason">{o.reasonText ?? '本单不可用'}</Text>
                    )
                  }
                  action={
                    o.usable ? <View className={`coupon-sheet__check ${on ? 'coupon-sheet__check--on' : ''}`} /> : null
                  }
                  onClick={() => o.usable && onChange(toggleCoupon(options, chosen, o.couponId))}
                />
              );
            })}
          </View>
          <View className="coupon-sheet__bar">
            <Text className="coupon-sheet__total">
              {chosen.length ? (
                <>
                  已选 {chosen.length} 张，共减{' '}
                  <Text className="coupon-sheet__off">{formatCny(bill.couponDiscountFen)}</Text>
                </>
              ) : (
                '不使用优惠券'
              )}
            </Text>
            <View className="coupon-sheet__buttons">
              {chosen.length > 0 && (
                <Button id="coupon-sheet-none" size="large" onClick={() => onChange([])}>
                  不使用
                </Button>
              )}
              <Button
                id="coupon-sheet-done"
                type="primary"
                size="large"
                className="coupon-sheet__done"
                onClick={() => setOpen(false)}
              >
                确定
              </Button>
            </View>
          </View>
          <SafeArea position="bottom" />
        </View>
      </Popup>
    </View>
  );
}
