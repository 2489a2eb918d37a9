import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { couponsApi } from '../services/coupons-api';
import { COUPON_URLS, expiryHint } from '../utils/coupons';
import { useShownData } from './use-shown-data';
import './CouponEntries.scss';

/** Usable coupons (count, and whether one ends within 7 days), refreshed whenever the page comes back. */
export function useUsableCoupons(): { count: number; expiring: boolean } | null {
  return useShownData(async () => {
    // Sorted by end date: the first one tells whether any ends soon.
    const page = await couponsApi.mine('usable', 1, 1);
    const first = page.items[0];
    return { count: page.total, expiring: !!first && first.status === 'USABLE' && !!expiryHint(first.validUntil) };
  });
}

/** 首页: 优惠券 (usable count, a dot when one expires within 7 days) and 领券中心 side by side. */
export function CouponEntries() {
  const usable = useUsableCoupons();
  return (
    <View className="coupon-entries">
      <View
        id="home-coupons"
        className="coupon-entries__item"
        aria-role="button"
        aria-label="我的优惠券"
        onClick={() => void Taro.navigateTo({ url: COUPON_URLS.mine })}
      >
        <View className="coupon-entries__figure">
          <Text id="home-coupon-count">{usable ? usable.count.toLocaleString('en-US') : '--'}</Text>
          {usable?.expiring && <View className="coupon-entries__dot" aria-label="有优惠券即将过期" />}
        </View>
        <Text className="coupon-entries__label">优惠券{usable?.expiring ? ' · 即将过期' : ''}</Text>
      </View>
      <View
        id="home-coupon-center"
        className="coupon-entries__item"
        aria-role="button"
        onClick={() => void Taro.navigateTo({ url: COUPON_URLS.center })}
      >
        <Text className="coupon-entries__icon">券</Text>
        <Text className="coupon-entries__label">领券中心</Text>
      </View>
    </View>
  );
}
