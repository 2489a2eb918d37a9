import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button, Loading, Rate, Tag } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/rate/style/css';
import { FOLLOW_UP_STATUS_LABELS, type FollowUpStatus, type FollowUpTask } from '@member/shared';
import { PageShell } from '../../../components/PageShell';
import { showError, showSuccess } from '../../../components/feedback';
import { errorMessage } from '../../../services/api-error';
import { staffSurveysApi } from '../../../services/surveys-api';
import { newEventRequestId } from '../../../utils/events';
import { outcomeUnknown } from '../../../utils/refund-attempt';
import { RATING_WORDS } from '../../../utils/surveys';
import { formatBizDateTime } from '../../../utils/time';
import { StaffGate, useStaff } from '../StaffGate';
import { ResolveSheet } from './ResolveSheet';
import '../staff.scss';
import './index.scss';

const PAGE_SIZE = 20;
const TAG_TYPE: Record<FollowUpStatus, 'danger' | 'primary' | 'success'> = {
  OPEN: 'danger',
  IN_PROGRESS: 'primary',
  RESOLVED: 'success',
};

const minute = (iso: string) => formatBizDateTime(iso).slice(5, 16);

/** 陈*鸣 · 138****0001 · 会员号 8123****90 (the server sends them masked to staff). */
function memberLine(t: FollowUpTask): string {
  return [t.member.nickname || '会员', t.member.phoneMasked ?? '未绑定手机', `会员号 ${t.member.memberNo}`].join(' · ');
}

function TaskCard(props: { task: FollowUpTask; starting: boolean; onStart: () => void; onResolve: () => void }) {
  const t = props.task;
  return (
    <View className="followup" data-id={t.id} data-status={t.status} id={`followup-${t.id}`}>
      <View className="followup__head">
        <Tag type={TAG_TYPE[t.status]} plain={t.status === 'RESOLVED'}>
          {FOLLOW_UP_STATUS_LABELS[t.status]}
        </Tag>
        <Text className="followup__event">{t.event?.title ?? '满意度调查'}</Text>
        <Text className="followup__time">{minute(t.createdAt)}</Text>
      </View>
      <View className="followup__rating">
        <Rate count={5} value={t.rating ?? 0} readOnly />
        <Text className="followup__word">
          {t.rating ? `${t.rating} 星 · ${RATING_WORDS[t.rating] ?? ''}` : '未评分'}
        </Text>
      </View>
      {t.tags.length > 0 && (
        <View className="followup__tags">
          {t.tags.map((x) => (
            <Text key={x} className="followup__tag">
              {x}
            </Text>
          ))}
        </View>
      )}
      <Text className={`followup__comment${t.comment ? '' : ' followup__comment--empty'}`}>
        {t.comment ? `“${t.comment}”` : '未填写评价内容'}
      </Text>
      <Text className="followup__member">{memberLine(t)}</Text>
      {(t.assignee || t.resolution) && (
        <View className="followup__handling">
          {t.assignee && (
            <Text className="followup__line">
              处理人：{t.assignee}
              {t.startedAt ? ` · ${minute(t.startedAt)} 开始` : ''}
            </Text>
          )}
          {t.resolution && <Text className="followup__line followup__resolution">处理结果：{t.resolution}</Text>}
          {t.resolvedAt && (
            <Text className="followup__line followup__line--muted">
              {t.resolvedBy ?? ''} {minute(t.resolvedAt)} 处理完成
            </Text>
          )}
        </View>
      )}
      {t.status === 'OPEN' && (
        <Button
          className="followup__action"
          type="primary"
          block
          loading={props.starting}
          disabled={props.starting}
          onClick={props.onStart}
        >
          开始处理
        </Button>
      )}
      {t.status === 'IN_PROGRESS' && (
        <Button className="followup__action" type="primary" fill="outline" block onClick={props.onResolve}>
          填写处理结果
        </Button>
      )}
    </View>
  );
}

function FollowUpsContent() {
  const staff = useStaff();
  const [items, setItems] = useState<FollowUpTask[] | null>(null);
  const [total, setTotal] = useState(0);
  const [page, setPage] = useState(1);
  const [error, setError] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [starting, setStarting] = useState<number | null>(null);
  const [resolving, setResolving] = useState<FollowUpTask | null>(null);
  // A 开始处理 whose answer was lost: tapping again resends its request id (the server answers the first).
  const unsureStart = useRef<{ id: number; requestId: string } | null>(null);

  const load = useCallback(async (userAsked = false) => {
    try {
      const res = await staffSurveysApi.tasks(1, PAGE_SIZE);
      setItems(res.items);
      setTotal(res.total);
      setPage(1);
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
      if (userAsked) showError(e);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  useDidShow(() => void load());
  usePullDownRefresh(() => {
    void load(true).finally(() => Taro.stopPullDownRefresh());
  });

  const more = async () => {
    if (loadingMore) return;
    setLoadingMore(true);
    try {
      const res = await staffSurveysApi.tasks(page + 1, PAGE_SIZE);
      setItems((list) => [...(list ?? []), ...res.items.filter((t) => !list?.some((x) => x.id === t.id))]);
      setTotal(res.total);
      setPage(page + 1);
    } catch (e) {
      showError(e);
    } finally {
      setLoadingMore(false);
    }
  };

  const replace = (task: FollowUpTask) => setItems((list) => list?.map((t) => (t.id === task.id ? task : t)) ?? null);

  const start = async (task: FollowUpTask) => {
    if (starting !== null) return;
    const requestId = unsureStart.current?.id === task.id ? unsureStart.current.requestId : newEventRequestId('S');
    setStarting(task.id);
    try {
      const moved = await staffSurveysApi.start(task.id, { version: task.version, requestId });
      unsureStart.current = null;
      replace(moved);
      showSuccess('已开始处理');
    } catch (e) {
      const unsure = outcomeUnknown(e);
      unsureStart.current = unsure ? { id: task.id, requestId } : null;
      showError(e);
      // Refused (taken by someone else, resolved at the console): show the task as it is now.
      if (!unsure) void load();
    } finally {
      setStarting(null);
    }
  };

  const counts = { OPEN: 0, IN_PROGRESS: 0 };
  for (const t of items ?? []) if (t.status !== 'RESOLVED') counts[t.status] += 1;

  return (
    <View className="staff followups">
      <View className="staff__banner">
        <Text className="staff__banner-title">{staff?.storeName ?? '门店'} · 回访工单</Text>
        <Text id="followups-counts" className="staff__banner-sub">
          {items ? `待处理 ${counts.OPEN} · 处理中 ${counts.IN_PROGRESS}` : '加载中…'}
        </Text>
        <Text className="staff__banner-sub">活动评分不高于低分线时自动生成，请尽快联系会员并记录处理结果</Text>
      </View>

      {!items && (
        <View className="staff__scan">
          {error ? (
            <>
              <Text className="staff__error">{error}</Text>
              <Button type="primary" onClick={() => void load(true)}>
                重新加载
              </Button>
            </>
          ) : (
            <Loading type="circular">加载中…</Loading>
          )}
        </View>
      )}

      {items && items.length === 0 && (
        <View id="followups-empty" className="staff__scan">
          <Text className="staff__label">暂无回访工单</Text>
          <Text className="staff__tip">会员给本店活动打出低分时，工单会出现在这里</Text>
        </View>
      )}

      {items && items.length > 0 && (
        <View id="followups-list" className="followups__list">
          {items.map((t) => (
            <TaskCard
              key={t.id}
              task={t}
              starting={starting === t.id}
              onStart={() => void start(t)}
              onResolve={() => setResolving(t)}
            />
          ))}
          {items.length < total ? (
            <Button id="followups-more" fill="none" block loading={loadingMore} onClick={() => void more()}>
              加载更多
            </Button>
          ) : (
            <Text className="staff__tip followups__end">共 {total} 条 · 下拉可刷新</Text>
          )}
        </View>
      )}

      <ResolveSheet
        task={resolving}
        onClose={() => setResolving(null)}
        onStale={() => void load()}
        onDone={(task) => {
          setResolving(null);
          replace(task);
          showSuccess('工单已解决');
        }}
      />
    </View>
  );
}

export default function FollowUpsPage() {
  return (
    <PageShell>
      <StaffGate>
        <FollowUpsContent />
      </StaffGate>
    </PageShell>
  );
}
