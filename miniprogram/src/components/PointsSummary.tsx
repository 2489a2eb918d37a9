import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { meApi } from '../services/api';
import './PointsSummary.scss';

export const POINTS_HISTORY_URL = '/packages/points/history/index';

/** The member's points balance, refreshed whenever the page comes back on screen. */
export function usePointsBalance(): number | null {
  const [balance, setBalance] = useState<number | null>(null);
  const inFlight = useRef(false);

  const refresh = useCallback(async () => {
    if (inFlight.current) return;
    inFlight.current = true;
    try {
      const res = await meApi.points({ page: 1, pageSize: 1 });
      setBalance(res.balance);
    } catch {
      // The balance is a side panel: keep the last value (or "--") rather than toasting on every tab switch.
    } finally {
      inFlight.current = false;
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);
  useDidShow(() => void refresh());

  return balance;
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
