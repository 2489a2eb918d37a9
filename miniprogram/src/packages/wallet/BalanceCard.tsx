import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { formatCny, formatYuan } from '@member/shared';
import { WALLET_URLS } from '../../utils/wallet';

interface BalanceCardProps {
  balanceFen: number;
  principalFen: number;
  bonusFen: number;
}

/** 储值余额 big, 本金 / 赠送 beneath, and the way to 储值记录. */
export function BalanceCard({ balanceFen, principalFen, bonusFen }: BalanceCardProps) {
  return (
    <View id="wallet-balance-card" className="wallet-card">
      <View className="wallet-card__top">
        <Text className="wallet-card__label">储值余额</Text>
        <Text
          id="wallet-history-link"
          className="wallet-card__link"
          onClick={() => void Taro.navigateTo({ url: WALLET_URLS.history })}
        >
          储值记录 ›
        </Text>
      </View>
      <View id="wallet-balance" className="wallet-card__balance" aria-label={`余额 ${formatCny(balanceFen)}`}>
        <Text className="wallet-card__currency">¥</Text>
        <Text>{formatYuan(balanceFen)}</Text>
      </View>
      <View className="wallet-card__split">
        <View className="wallet-card__part">
          <Text className="wallet-card__part-label">本金</Text>
          <Text id="wallet-principal" className="wallet-card__part-value">
            {formatCny(principalFen)}
          </Text>
        </View>
        <View className="wallet-card__divider" />
        <View className="wallet-card__part">
          <Text className="wallet-card__part-label">赠送</Text>
          <Text id="wallet-bonus" className="wallet-card__part-value">
            {formatCny(bonusFen)}
          </Text>
        </View>
      </View>
    </View>
  );
}
