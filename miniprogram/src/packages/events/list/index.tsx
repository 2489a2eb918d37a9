import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { ScrollView, Text, View } from '@tarojs/components';
import { Loading, Skeleton } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/skeleton/style/css';
import type { EventCard, EventStoreBrief } from '@member/shared';
import { PageShell } from '../../../components/PageShell';
import { StateBlock } from '../../../components/StateBlock';
import { showError } from '../../../components/feedback';
import { errorMessage, isApiError } from '../../../services/api-error';
import { eventsApi } from '../../../services/events-api';
import { EVENT_URLS, upcomingDays } from '../../../utils/events';
import { appendById, hasMorePages } from '../../../utils/paging';
import { EventCardView } from '../EventCardView';
import '../events.scss';

const PAGE_SIZE = 20;

interface ListState {
  key: string;
  items: EventCard[];
  page: number;
  hasMore: boolean;
  error: { message: string; code: string } | null;
}

function ListSkeleton() {
  return (
    <View id="events-skeleton">
      {[0, 1, 2].map((i) => (
        <View key={i} className="event-card">
          <View className="event-poster event-poster--thumb event-card__thumb" />
          <View className="event-card__body">
            <Skeleton rows={3} animated />
          </View>
        </View>
      ))}
    </View>
  );
}

function ListContent() {
  const days = useMemo(() => upcomingDays(), []);
  const [date, setDate] = useState<string>('');
  const [storeId, setStoreId] = useState<number | null>(null);
  // Stores seen in the events so far: the API filters by store, the member picks among those with events.
  const [stores, setStores] = useState<EventStoreBrief[]>([]);
  const [list, setList] = useState<ListState | null>(null);
  const [slow, setSlow] = useState(false);
  const [busy, setBusy] = useState(false);
  const key = `${date}|${storeId ?? ''}`;
  const keyRef = useRef(key);
  keyRef.current = key;
  const loading = useRef<string | null>(null);

  const load = useCallback(async (which: string, page: number) => {
    const marker = `${which}#${page}`;
    if (loading.current === marker) return;
    loading.current = marker;
    setBusy(true);
    const [d, s] = which.split('|');
    try {
      const res = await eventsApi.list({
        date: d || undefined,
        storeId: s ? Number(s) : undefined,
        page,
        pageSize: PAGE_SIZE,
      });
      if (keyRef.current !== which) return;
      setStores((prev) => {
        const seen = new Map(prev.map((x) => [x.id, x]));
        for (const e of res.items) if (!seen.has(e.store.id)) seen.set(e.store.id, e.store);
        return seen.size === prev.length ? prev : [...seen.values()];
      });
      setList((prev) => ({
        key: which,
        items: page === 1 || prev?.key !== which ? res.items : appendById(prev.items, res.items),
        page: res.page,
        hasMore: hasMorePages(res),
        error: null,
      }));
    } catch (e) {
      if (keyRef.current !== which) return;
      if (page === 1) {
        setList({
          key: which,
          items: [],
          page: 0,
          hasMore: false,
          error: { message: errorMessage(e), code: isApiError(e) ? e.code : 'ERROR' },
        });
      } else showError(e);
    } finally {
      if (loading.current === marker) {
        loading.current = null;
        setBusy(false);
      }
    }
  }, []);

  useEffect(() => {
    void load(key, 1);
  }, [key, load]);
  // Back from a detail: seats and the member's own sign-up may have changed.
  const shownOnce = useRef(false);
  useDidShow(() => {
    if (shownOnce.current) void load(keyRef.current, 1);
    shownOnce.current = true;
  });
  usePullDownRefresh(() => {
    void load(keyRef.current, 1).finally(() => Taro.stopPullDownRefresh());
  });

  const current = list?.key === key ? list : null;
  // A quick answer shows no skeleton flash.
  useEffect(() => {
    if (current) return setSlow(false);
    const t = setTimeout(() => setSlow(true), 300);
    return () => clearTimeout(t);
  }, [current]);
  const more = () => {
    if (current?.hasMore && !loading.current) void load(key, current.page + 1);
  };
  useReachBottom(more);

  const now = Date.now();
  const open = (e: EventCard) => void Taro.navigateTo({ url: `${EVENT_URLS.detail}?id=${e.id}` });

  let body;
  if (!current) body = slow ? <ListSkeleton /> : null;
  else if (current.error) {
    const network = current.error.code === 'NETWORK_ERROR';
    body = (
      <StateBlock
        id="events-error"
        status={network ? 'network' : 'error'}
        title={network ? '网络不给力' : '活动加载失败'}
        description={network ? current.error.message : `${current.error.message}（${current.error.code}）`}
        actions={[{ text: '重新加载', onClick: () => void load(key, 1) }]}
      />
    );
  } else if (current.items.length === 0) {
    const filtered = date || storeId != null;
    body = (
      <StateBlock
        id="events-empty"
        title={filtered ? '所选日期或门店暂无活动' : '近期暂无活动'}
        description={filtered ? '换个日期或门店看看' : '新活动发布后会出现在这里'}
        actions={
          filtered
            ? [{ text: '查看全部活动', onClick: () => (setDate(''), setStoreId(null)) }]
            : [{ text: '查看我的活动', onClick: () => void Taro.navigateTo({ url: EVENT_URLS.mine }) }]
        }
      />
    );
  } else {
    body = (
      <View id="events-list">
        {current.items.map((e) => (
          <EventCardView key={e.id} event={e} now={now} onOpen={() => open(e)} />
        ))}
        <View id="events-more" className="events__more" onClick={more}>
          {busy ? <Loading type="circular" /> : <Text>{current.hasMore ? '加载更多' : '没有更多了'}</Text>}
        </View>
      </View>
    );
  }

  return (
    <View className="events">
      <View className="events__bar" onClick={() => void Taro.navigateTo({ url: EVENT_URLS.mine })}>
        <Text>报名后可在「我的活动」查看门票</Text>
        <Text id="events-mine-link" className="events__link">
          我的活动 ›
        </Text>
      </View>

      <ScrollView scrollX className="events__chips" enhanced showScrollbar={false}>
        <View id="events-days" className="events__chips-row">
          {[{ date: '', label: '全部日期' }, ...days].map((d) => (
            <Text
              key={d.date || 'all'}
              className={`events__chip ${d.date === date ? 'events__chip--on' : ''}`}
              onClick={() => setDate(d.date)}
            >
              {d.label}
            </Text>
          ))}
        </View>
      </ScrollView>
      {stores.length > 1 && (
        <ScrollView scrollX className="events__chips" enhanced showScrollbar={false}>
          <View id="events-stores" className="events__chips-row">
            {[{ id: null, name: '全部门店' }, ...stores].map((s) => (
              <Text
                key={s.id ?? 'all'}
                className={`events__chip ${s.id === storeId ? 'events__chip--on' : ''}`}
                onClick={() => setStoreId(s.id)}
              >
                {s.name}
              </Text>
            ))}
          </View>
        </ScrollView>
      )}

      {body}
    </View>
  );
}

export default function EventListPage() {
  return (
    <PageShell>
      <ListContent />
    </PageShell>
  );
}
