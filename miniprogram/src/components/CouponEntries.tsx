import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { COUPON_URLS } from '../utils/coupons';
import { useUsableCoupons } from './use-usable-coupons';
import './CouponEntries.scss';

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
