import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { meApi } from '../services/api';
import { useShownData } from './use-shown-data';
import './PointsSummary.scss';

export const POINTS_HISTORY_URL = '/packages/points/history/index';

/** The member's points balance, refreshed whenever the page comes back on screen. */
export function usePointsBalance(): number | null {
  return useShownData(async () => (await meApi.points({ page: 1, pageSize: 1 })).balance);
}

/** "我的积分 N ›" row linking to 积分明细; the whole row is the tap target. */
export function PointsSummary({ className }: { className?: string }) {
  const balance = usePointsBalance();
  const open = () => void Taro.navigateTo({ url: POINTS_HISTORY_URL });

  return (
    <View id="points-entry" className={`points-summary ${className ?? ''}`} onClick={open}>
      <View className="points-summary__main">
        <Text className="points-summary__label">我的积分</Text>
        <Text id="points-balance" className="points-summary__value">
          {balance ?? '--'}
        </Text>
      </View>
      <Text className="points-summary__link">积分明细 ›</Text>
    </View>
  );
}
