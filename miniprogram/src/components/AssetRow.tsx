import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { formatYuan, formatInt } from '@member/shared';
import { COUPON_URLS } from '../utils/coupons';
import { WALLET_URLS } from '../utils/wallet';
import { POINTS_HISTORY_URL, usePointsBalance } from './PointsSummary';
import { useUsableCoupons } from './use-usable-coupons';
import { useWalletBalance } from './use-wallet-balance';
import './AssetRow.scss';

/**
 * 首页's asset row, as member centers have it: 积分 (→ 积分明细), 优惠券 (usable count, a dot when one
 * expires within 7 days → 我的优惠券), 储值 (balance in yuan → 储值) and 领券中心, one tap target each.
 */
export function AssetRow() {
  const balance = usePointsBalance();
  const usable = useUsableCoupons();
  const walletFen = useWalletBalance();
  const walletText = walletFen == null ? null : formatYuan(walletFen);
  return (
    <View className="asset-row">
      <View
        id="points-entry"
        className="asset-row__item"
        aria-role="button"
        aria-label="积分明细"
        onClick={() => void Taro.navigateTo({ url: POINTS_HISTORY_URL })}
      >
        <Text id="points-balance" className="asset-row__figure asset-row__figure--points">
          {balance == null ? '--' : formatInt(balance)}
        </Text>
        <Text className="asset-row__label">积分</Text>
      </View>
      <View
        id="home-coupons"
        className="asset-row__item"
        aria-role="button"
        aria-label="我的优惠券"
        onClick={() => void Taro.navigateTo({ url: COUPON_URLS.mine })}
      >
        <View className="asset-row__figure">
          <Text id="home-coupon-count">{usable ? formatInt(usable.count) : '--'}</Text>
          {usable?.expiring && <View className="asset-row__dot" aria-label="有优惠券即将过期" />}
        </View>
        <Text className="asset-row__label">优惠券{usable?.expiring ? ' · 即将过期' : ''}</Text>
      </View>
      <View
        id="home-wallet"
        className="asset-row__item"
        aria-role="button"
        aria-label="储值"
        onClick={() => void Taro.navigateTo({ url: WALLET_URLS.index })}
      >
        {/* A quarter of the row is narrow: long amounts (¥5,000.00) step down a size instead of wrapping. */}
        <View className={`asset-row__figure ${walletText && walletText.length > 6 ? 'asset-row__figure--long' : ''}`}>
          <Text className="asset-row__yen">¥</Text>
          <Text id="home-wallet-balance">{walletText ?? '--'}</Text>
        </View>
        <Text className="asset-row__label">储值</Text>
      </View>
      <View
        id="home-coupon-center"
        className="asset-row__item"
        aria-role="button"
        onClick={() => void Taro.navigateTo({ url: COUPON_URLS.center })}
      >
        <Text className="asset-row__icon">券</Text>
        <Text className="asset-row__label">领券中心</Text>
      </View>
    </View>
  );
}
