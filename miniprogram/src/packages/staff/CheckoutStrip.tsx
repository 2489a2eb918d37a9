import { Text, View } from '@tarojs/components';
import type { StaffCheckout } from '@member/shared';
import { formatBizDate } from '../../utils/time';
import { formatCountdown, maskName } from '../../utils/checkout';
import { useSecondsLeft } from './checkout-store';
import './CheckoutStrip.scss';
import { formatInt } from '@member/shared';

interface Props {
  checkout: StaffCheckout;
  deadline: number;
  /** The member's coupons (from the quote, once there is one); not shown when undefined. */
  coupons?: number | null;
}

/**
 * Who is at the counter: masked name, tier, points, points about to expire, coupons held, and how long
 * the scan holds.
 */
export function CheckoutStrip({ checkout, deadline, coupons }: Props) {
  const left = useSecondsLeft(deadline);
  const { member } = checkout;
  const expired = left === 0;
  return (
    <View id="checkout-strip" className="checkout-strip">
      <View className="checkout-strip__top">
        <Text id="checkout-name" className="checkout-strip__name">
          {maskName(member.nickname) || '会员'}
        </Text>
        <Text id="checkout-tier" className="checkout-strip__tier" style={{ backgroundColor: member.tier.badgeColor }}>
          {member.tier.name}
        </Text>
        <Text
          id="checkout-countdown"
          className={`checkout-strip__countdown ${expired ? 'checkout-strip__countdown--over' : ''}`}
        >
          {expired ? '已超时' : `有效 ${formatCountdown(left)}`}
        </Text>
      </View>
      <Text className="checkout-strip__sub">
        会员号 <Text id="checkout-member-no">{member.memberNo}</Text>
        {member.phoneMasked ? ` · ${member.phoneMasked}` : ''}
      </Text>
      <View className="checkout-strip__assets">
        <View className="checkout-strip__asset">
          <Text id="checkout-balance" className="checkout-strip__value">
            {formatInt(member.balance)}
          </Text>
          <Text className="checkout-strip__label">积分</Text>
        </View>
        <View className="checkout-strip__asset">
          <Text id="checkout-expiring" className="checkout-strip__value">
            {formatInt(member.expiring.points)}
          </Text>
          <Text className="checkout-strip__label">即将过期积分</Text>
          <Text id="checkout-expiring-date" className="checkout-strip__hint">
            {member.expiring.soonestAt
              ? `最早 ${formatBizDate(member.expiring.soonestAt)} 过期`
              : `${member.expiring.withinDays} 天内没有`}
          </Text>
        </View>
        {coupons !== undefined && (
          <View className="checkout-strip__asset">
            <Text id="checkout-coupons" className="checkout-strip__value">
              {coupons === null ? '—' : coupons}
            </Text>
            <Text className="checkout-strip__label">优惠券</Text>
          </View>
        )}
      </View>
    </View>
  );
}
