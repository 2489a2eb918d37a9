import { useCallback, useEffect, useState } from 'react';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button, Loading } from '@nutui/nutui-react-taro';
import type { MemberTier, MemberTierView } from '@member/shared';
import { PageShell } from '../../../components/PageShell';
import { errorMessage } from '../../../services/api-error';
import { meApi, tiersApi } from '../../../services/api';
import { formatGrowthYuan, growthProgress, sortLadder, tierBenefits } from '../../../utils/tier';
import './index.scss';
import { formatInt } from '@member/shared';

interface TierData {
  view: MemberTierView;
  ladder: MemberTier[];
}

function CurrentTierCard({ view }: { view: MemberTierView }) {
  return (
    <View id="tier-current" className="tier__hero" style={{ backgroundColor: view.current.badgeColor }}>
      <Text className="tier__hero-label">当前等级</Text>
      <Text id="tier-name" className="tier__hero-name">
        {view.current.name}
      </Text>
      <Text className="tier__hero-growth">
        成长值 <Text id="tier-growth">{formatInt(view.growth)}</Text>
      </Text>
      <View id="tier-benefits" className="tier__chips">
        {tierBenefits(view.current).map((b) => (
          <Text key={b} className="tier__chip">
            {b}
          </Text>
        ))}
      </View>
    </View>
  );
}

function ProgressCard({ view, ladder }: TierData) {
  const progress = growthProgress(view, ladder);
  const from = ladder.find((t) => t.code === view.current.code);
  return (
    <View id="tier-progress" className="tier__card">
      <Text className="tier__card-title">成长进度</Text>
      <View className="tier__bar">
        <View
          className="tier__bar-fill"
          style={{ width: `${progress.percent}%`, backgroundColor: view.next?.badgeColor ?? view.current.badgeColor }}
        />
      </View>
      <View className="tier__bar-labels">
        <Text>
          {view.current.name}
          {from ? ` ${formatGrowthYuan(from.growthThreshold)}` : ''}
        </Text>
        {view.next && (
          <Text>
            {view.next.name} {formatGrowthYuan(view.next.growthThreshold)}
          </Text>
        )}
      </View>
      {view.pinned ? (
        <Text id="tier-pinned" className="tier__line tier__line--pinned">
          等级已由门店锁定，消费不会改变当前等级
        </Text>
      ) : (
        <>
          <Text id="tier-upgrade" className="tier__line">
            {progress.upgradeLine}
          </Text>
          {progress.keepLine && (
            <Text
              id="tier-keep"
              className={`tier__line ${progress.downgradeDue ? 'tier__line--warn' : 'tier__line--sub'}`}
            >
              {progress.keepLine}
            </Text>
          )}
        </>
      )}
      <Text className="tier__note">成长值 = 实付消费金额（元），退款时相应扣回</Text>
    </View>
  );
}

function Ladder({ view, ladder }: TierData) {
  return (
    <View id="tier-ladder" className="tier__card">
      <Text className="tier__card-title">等级权益</Text>
      {ladder.map((t) => {
        const current = t.code === view.current.code;
        return (
          <View
            key={t.code}
            className={`tier__rung ${current ? 'tier__rung--current' : ''}`}
            style={current ? { borderColor: t.badgeColor } : undefined}
          >
            <View className="tier__rung-head">
              <View className="tier__dot" style={{ backgroundColor: t.badgeColor }} />
              <Text className="tier__rung-name">{t.name}</Text>
              {current && (
                <Text className="tier__rung-tag" style={{ backgroundColor: t.badgeColor }}>
                  当前
                </Text>
              )}
              <Text className="tier__rung-threshold">
                {t.growthThreshold > 0 ? `成长值 ${formatGrowthYuan(t.growthThreshold)}` : '入会即享'}
              </Text>
            </View>
            <Text className="tier__rung-benefits">{tierBenefits(t).join(' · ')}</Text>
          </View>
        );
      })}
    </View>
  );
}

function TierContent() {
  const [data, setData] = useState<TierData | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const [view, ladder] = await Promise.all([meApi.tier(), tiersApi.list()]);
      setData({ view, ladder: sortLadder(ladder) });
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh());
  });

  if (!data) {
    return (
      <View className="tier__state">
        {error ? (
          <>
            <Text className="tier__state-text">{error}</Text>
            <Button size="small" type="primary" onClick={() => void load()}>
              重试
            </Button>
          </>
        ) : (
          <Loading type="circular">加载中…</Loading>
        )}
      </View>
    );
  }

  return (
    <View className="tier">
      <CurrentTierCard view={data.view} />
      <ProgressCard view={data.view} ladder={data.ladder} />
      <Ladder view={data.view} ladder={data.ladder} />
    </View>
  );
}

export default function TierPage() {
  return (
    <PageShell>
      <TierContent />
    </PageShell>
  );
}
