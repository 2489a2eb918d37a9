import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { Button, Loading } from '@nutui/nutui-react-taro';
import type { MemberPoints, PointsEntry } from '@member/shared';
import { useNoticeMoment } from '../../../components/ask-for-notices';
import { showInfo, showSuccess } from '../../../components/feedback';
import { PageShell } from '../../../components/PageShell';
import { usePagedHistory } from '../../../components/use-paged-history';
import { meApi } from '../../../services/api';
import { expiringLine, formatPointsDelta } from '../../../utils/points';
import { formatBizDate, formatBizDateTime } from '../../../utils/time';
import './index.scss';
import { formatInt } from '@member/shared';

function EntryRow({ entry }: { entry: PointsEntry }) {
  const credit = entry.amount > 0;
  return (
    <View className="points__item">
      <View className="points__item-main">
        <Text className="points__reason">{entry.reason}</Text>
        <Text className="points__meta">
          {formatBizDateTime(entry.createdAt)}
          {entry.storeName ? ` · ${entry.storeName}` : ''}
        </Text>
        {credit && entry.expiresAt && <Text className="points__meta">有效期至 {formatBizDate(entry.expiresAt)}</Text>}
      </View>
      <Text className={`points__amount ${credit ? 'points__amount--plus' : 'points__amount--minus'}`}>
        {formatPointsDelta(entry.amount)}
      </Text>
    </View>
  );
}

/** 提醒我积分到期: the tap is the natural moment; each 允许 is one reminder before points lapse. */
function ExpiryReminderButton() {
  const ask = useNoticeMoment('POINTS_PAGE');
  const [asking, setAsking] = useState(false);
  const remind = async () => {
    setAsking(true);
    const outcome = await ask();
    setAsking(false);
    if (outcome.accepted > 0) showSuccess('已开启，到期前提醒您');
    else if (!outcome.asked) showInfo('可在「我的 → 消息提醒」查看提醒设置');
  };
  return (
    <View id="points-remind" className="points__remind" onClick={() => void (asking ? undefined : remind())}>
      <Text>提醒我积分到期</Text>
      <Text>›</Text>
    </View>
  );
}

function PointsContent() {
  const [summary, setSummary] = useState<Omit<MemberPoints, 'entries'> | null>(null);
  const {
    items: entries,
    page,
    hasMore,
    loading,
    error,
    reload,
    loadMore,
  } = usePagedHistory<PointsEntry>(async (p, pageSize) => {
    const res = await meApi.points({ page: p, pageSize });
    setSummary({ balance: res.balance, debt: res.debt, expiring: res.expiring });
    return res.entries;
  });

  return (
    <View className="points">
      <View className="points__header">
        <Text className="points__header-label">当前积分</Text>
        <Text id="points-history-balance" className="points__header-value">
          {summary ? summary.balance : '--'}
        </Text>
        {summary && summary.debt > 0 && (
          <Text id="points-debt" className="points__debt">
            待抵扣欠分 {formatInt(summary.debt)} 分 · 退款时已使用的积分，下次获得积分时先行抵扣
          </Text>
        )}
        {summary && summary.expiring.length > 0 && (
          <View id="points-expiring" className="points__expiring">
            <Text className="points__expiring-title">即将到期</Text>
            {summary.expiring.map((lot) => (
              <Text key={lot.expiresAt} className="points__expiring-line">
                {expiringLine(lot)}
              </Text>
            ))}
          </View>
        )}
        <ExpiryReminderButton />
      </View>

      <View id="points-history" className="points__list">
        {entries.map((entry) => (
          <EntryRow key={entry.id} entry={entry} />
        ))}

        {page === 0 && loading && (
          <View className="points__state">
            <Loading type="circular">加载中…</Loading>
          </View>
        )}
        {error && entries.length === 0 && (
          <View className="points__state">
            <Text className="points__state-text">{error}</Text>
            <Button size="small" type="primary" onClick={() => void reload()}>
              重试
            </Button>
          </View>
        )}
        {!error && page > 0 && entries.length === 0 && (
          <View id="points-empty" className="points__state">
            <Text className="points__state-text">暂无积分记录</Text>
            <Text className="points__state-sub">到店消费出示会员码即可累积积分</Text>
          </View>
        )}
        {entries.length > 0 && (
          <View id="points-load-more" className="points__more" onClick={loadMore}>
            {loading ? <Loading type="circular" /> : <Text>{hasMore ? '加载更多' : '没有更多了'}</Text>}
          </View>
        )}
      </View>
    </View>
  );
}

export default function PointsHistoryPage() {
  return (
    <PageShell>
      <PointsContent />
    </PageShell>
  );
}
