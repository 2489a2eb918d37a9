import { useEffect, useState } from 'react';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button, Loading } from '@nutui/nutui-react-taro';
import type { MemberSurveyState, MyEventItem, MyEventTab } from '@member/shared';
import { PageShell } from '../../../components/PageShell';
import { StateBlock } from '../../../components/StateBlock';
import { useTabbedPages } from '../../../components/use-tabbed-pages';
import { eventsApi } from '../../../services/events-api';
import { surveysApi } from '../../../services/surveys-api';
import { SURVEY_URLS } from '../../../utils/surveys';
import { EVENT_URLS, venueText } from '../../../utils/events';
import { signupTimeText } from '../../../utils/event-sessions';
import { TicketCard } from '../TicketCard';
import { useCancelSignup } from '../use-cancel-signup';
import '../events.scss';

const PAGE_SIZE = 20;

/** 即将开始 and 候补中 are the API's UPCOMING list split by the sign-up's status. */
type Tab = 'ticket' | 'waiting' | 'past' | 'cancelled';

const TABS: { key: Tab; label: string; api: MyEventTab }[] = [
  { key: 'ticket', label: '即将开始', api: 'UPCOMING' },
  { key: 'waiting', label: '候补中', api: 'UPCOMING' },
  { key: 'past', label: '已结束', api: 'PAST' },
  { key: 'cancelled', label: '已取消', api: 'CANCELLED' },
];

const EMPTY_TEXT: Record<Tab, string> = {
  ticket: '暂无即将开始的活动',
  waiting: '暂无候补中的活动',
  past: '暂无已结束的活动',
  cancelled: '暂无已取消的报名',
};

function inTab(tab: Tab, item: MyEventItem): boolean {
  if (tab === 'waiting') return item.signup.status === 'WAITLISTED';
  if (tab === 'ticket') return item.signup.status !== 'WAITLISTED';
  return true;
}

/** 去评价 while the feedback window is open, 已评价 once answered (checked-in past events only). */
function FeedbackEntry({ signupId, state }: { signupId: number; state: MemberSurveyState }) {
  if (state !== 'OPEN' && state !== 'ANSWERED') return null;
  const open = state === 'OPEN';
  return (
    <Button
      id={`feedback-${signupId}`}
      className="my-event__feedback"
      size="small"
      type={open ? 'primary' : 'default'}
      fill={open ? 'solid' : 'outline'}
      onClick={() => void Taro.navigateTo({ url: `${SURVEY_URLS.feedback}?signupId=${signupId}` })}
    >
      {open ? '去评价' : '已评价'}
    </Button>
  );
}

function MyEventRow({
  item,
  cancelling,
  onCancel,
  feedback,
}: {
  item: MyEventItem;
  cancelling: boolean;
  onCancel: () => void;
  feedback?: MemberSurveyState;
}) {
  const e = item.event;
  return (
    <View className="my-event">
      <View
        className="my-event__head"
        aria-role="link"
        onClick={() => void Taro.navigateTo({ url: `${EVENT_URLS.detail}?id=${e.id}` })}
      >
        <Text className="my-event__title">{e.title}</Text>
        <Text className="my-event__line">{signupTimeText(e, item.signup)}</Text>
        <Text className="my-event__line">{venueText(e)}</Text>
      </View>
      <TicketCard signup={item.signup} cancelling={cancelling} onCancel={onCancel} />
      {feedback && <FeedbackEntry signupId={item.signup.id} state={feedback} />}
    </View>
  );
}

function MineContent() {
  const router = useRouter();
  const [tab, setTab] = useState<Tab>(TABS.find((t) => t.key === router.params.tab)?.key ?? 'ticket');
  const api = TABS.find((t) => t.key === tab)!.api;
  // Reloaded on return from a detail (signed up, cancelled) or after a check-in at the door. Rows are keyed
  // by the sign-up: one event may appear again after a cancelled sign-up.
  const {
    tabs: lists,
    state,
    loading,
    load,
    loadMore,
    forget,
  } = useTabbedPages(api, async (which: MyEventTab, page) => {
    const res = await eventsApi.mine({ tab: which, page, pageSize: PAGE_SIZE });
    return { ...res, items: res.items.map((i) => ({ ...i, id: i.signup.id })) };
  });

  const cancel = useCancelSignup(() => {
    void load('UPCOMING', 1);
    forget('CANCELLED');
  });

  const upcoming = lists.UPCOMING?.error ? null : lists.UPCOMING?.items;
  const count = (t: Tab) => (upcoming ? upcoming.filter((i) => inTab(t, i)).length : null);
  const rows = state?.items.filter((i) => inTab(tab, i)) ?? [];

  // 去评价 / 已评价 of the checked-in past events shown (read again on return from the feedback form).
  const [feedback, setFeedback] = useState<Map<number, MemberSurveyState>>(new Map());
  const attended = tab === 'past' ? rows.filter((i) => i.signup.status === 'CHECKED_IN').map((i) => i.event.id) : [];
  const attendedKey = attended.slice(0, 50).join(',');
  const [shown, setShown] = useState(0);
  useDidShow(() => setShown((n) => n + 1));
  useEffect(() => {
    if (!attendedKey) return;
    surveysApi.feedbackStates(attendedKey.split(',').map(Number)).then(
      (states) => setFeedback(new Map(states.map((x) => [x.signupId, x.state]))),
      () => undefined,
    );
  }, [attendedKey, shown]);

  return (
    <View className="events my-events">
      <View id="my-event-tabs" className="my-events__tabs" aria-role="tablist">
        {TABS.map((t) => {
          const n = t.api === 'UPCOMING' ? count(t.key) : null;
          return (
            <View
              key={t.key}
              id={`my-event-tab-${t.key}`}
              className={`my-events__tab ${t.key === tab ? 'my-events__tab--active' : ''}`}
              aria-role="tab"
              aria-selected={t.key === tab}
              onClick={() => setTab(t.key)}
            >
              <Text>
                {t.label}
                {n ? `(${n})` : ''}
              </Text>
            </View>
          );
        })}
      </View>

      <View id="my-event-list">
        {rows.map((item) => (
          <MyEventRow
            key={item.signup.id}
            item={item}
            cancelling={cancel.busy === item.signup.id}
            onCancel={() => cancel.ask(item.signup, item.signup.session?.cancelDeadline ?? null)}
            feedback={feedback.get(item.signup.id)}
          />
        ))}
        {!state && (
          <View className="events__state">
            <Loading type="circular">加载中…</Loading>
          </View>
        )}
        {state?.error && (
          <StateBlock
            id="my-events-error"
            status="error"
            title="加载失败"
            description={state.error}
            actions={[{ text: '重新加载', onClick: () => void load(api, 1) }]}
          />
        )}
        {state && !state.error && state.page > 0 && rows.length === 0 && !state.hasMore && (
          <StateBlock
            id="my-events-empty"
            title={EMPTY_TEXT[tab]}
            description="看看近期有哪些会员活动"
            actions={[{ text: '去看看活动', onClick: () => void Taro.navigateTo({ url: EVENT_URLS.list }) }]}
          />
        )}
        {state && !state.error && (rows.length > 0 || state.hasMore) && (
          <View className="events__more" onClick={loadMore}>
            {loading ? <Loading type="circular" /> : <Text>{state.hasMore ? '加载更多' : '没有更多了'}</Text>}
          </View>
        )}
      </View>
      {cancel.dialog}
    </View>
  );
}

export default function MyEventsPage() {
  return (
    <PageShell>
      <MineContent />
    </PageShell>
  );
}
