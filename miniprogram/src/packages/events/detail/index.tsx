import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Swiper, SwiperItem, Text, View } from '@tarojs/components';
import { Button, Loading, Popup, SafeArea, Tag } from '@nutui/nutui-react-taro';
import {
  ErrorCode,
  type EventDetail,
  type EventSessionMember,
  type EventSignupResult,
  type MemberTier,
  type MyEventSignup,
} from '@member/shared';
import { PageShell } from '../../../components/PageShell';
import { POINTS_HISTORY_URL } from '../../../components/PointsSummary';
import { StateBlock } from '../../../components/StateBlock';
import { useNoticeMoment } from '../../../components/ask-for-notices';
import { showSuccess } from '../../../components/feedback';
import { errorMessage, isApiError } from '../../../services/api-error';
import { tiersApi } from '../../../services/api';
import { eventsApi } from '../../../services/events-api';
import {
  EVENT_URLS,
  detailCta,
  eventPhase,
  eventTimeRange,
  feeText,
  formatMinute,
  formatPoints,
  myStatusTag,
  PHASE_TAGS,
  venueText,
} from '../../../utils/events';
import { cardTimeText, sessionPickable, sessionsCta, sessionState, sessionText } from '../../../utils/event-sessions';
import { PAY_POLL_MS, PAY_POLL_TIMES } from '../../../utils/mall-pay';
import { EventPoster } from '../EventPoster';
import { payEventFee } from '../pay-event-fee';
import { TicketCard } from '../TicketCard';
import { useCancelSignup } from '../use-cancel-signup';
import { SignupSheet } from './SignupSheet';
import '../events.scss';

function Row({ label, children, id }: { label: string; children: ReactNode; id?: string }) {
  return (
    <View className="event-rows__row">
      <Text className="event-rows__label">{label}</Text>
      <View id={id} className="event-rows__value">
        {children}
      </View>
    </View>
  );
}

function rewardText(d: EventDetail): string | null {
  const parts = [
    d.reward.points > 0 ? `${formatPoints(d.reward.points)} 积分` : null,
    d.reward.coupon ? d.reward.coupon.name : null,
  ].filter(Boolean);
  return parts.length ? `到场签到即得 ${parts.join(' + ')}` : null;
}

/**
 * 场次 of a recurring event: each session's time, seats or waitlist and the member's own sign-up; a tap opens
 * the sign-up sheet on that session, or the ticket of the member's sign-up for it.
 */
function SessionList(props: {
  sessions: EventSessionMember[];
  onPick: (s: EventSessionMember) => void;
  onTicket: (signup: MyEventSignup) => void;
}) {
  return (
    <View id="event-sessions" className="events__panel event-sessions">
      <Text className="event-detail__section">选择场次</Text>
      {props.sessions.map((s) => {
        const state = sessionState(s);
        const mine = s.mySignup;
        const pickable = sessionPickable(s);
        return (
          <View
            key={s.id}
            id={`event-session-${s.id}`}
            className={`event-session ${mine || pickable ? '' : 'event-session--off'}`}
            aria-role="button"
            onClick={() => (mine ? props.onTicket(mine) : pickable ? props.onPick(s) : undefined)}
          >
            <View className="event-session__main">
              <Text className="event-session__time">{sessionText(s)}</Text>
              <Text className="event-session__seats">
                名额 {s.capacity} 人{s.waitlistParties > 0 ? ` · ${s.waitlistParties} 组候补` : ''}
              </Text>
            </View>
            <Tag type={state.tone} plain={state.tone === 'default'}>
              {state.text}
            </Tag>
            <Text className="event-session__go">{mine ? '门票 ›' : pickable ? '报名 ›' : ''}</Text>
          </View>
        );
      })}
    </View>
  );
}

function DetailContent() {
  const router = useRouter();
  const id = Number(router.params.id);
  const [event, setEvent] = useState<EventDetail | null>(null);
  const [error, setError] = useState<{ message: string; code: string } | null>(null);
  const [tiers, setTiers] = useState<MemberTier[] | null>(null);
  const [sheetOpen, setSheetOpen] = useState(false);
  const [ticketOpen, setTicketOpen] = useState(false);
  // Events with sessions: the session the sheet opens on, and the sign-up whose ticket is shown.
  const [sheetSession, setSheetSession] = useState<number | null>(null);
  const [ticketId, setTicketId] = useState<number | null>(null);
  // After WeChat Pay: ask the server every second until the sign-up is confirmed (bounded; the job does the rest).
  const [polls, setPolls] = useState<number | null>(null);
  const inFlight = useRef(false);

  const load = useCallback(async () => {
    if (!Number.isInteger(id) || id <= 0) {
      setError({ message: '活动不存在或已下线', code: ErrorCode.EVENT_NOT_FOUND });
      return;
    }
    if (inFlight.current) return;
    inFlight.current = true;
    try {
      const next = await eventsApi.detail(id);
      setEvent(next);
      setError(null);
      if (next.tierCodes) tiersApi.list().then(setTiers, () => undefined);
    } catch (e) {
      setError({ message: errorMessage(e), code: isApiError(e) ? e.code : 'ERROR' });
    } finally {
      inFlight.current = false;
    }
  }, [id]);

  useEffect(() => {
    void load();
  }, [load]);
  // Back from 我的活动 or 积分明细: seats, the sign-up and the balance may have changed.
  const shownOnce = useRef(false);
  useDidShow(() => {
    if (shownOnce.current) void load();
    shownOnce.current = true;
  });

  // With sessions: the ticket opened last, else (already signed up for it) the sheet's session's.
  const shownSignup =
    event?.mySignup ??
    event?.sessions.find((x) => x.mySignup?.id === ticketId)?.mySignup ??
    event?.sessions.find((x) => x.id === sheetSession)?.mySignup ??
    null;
  const confirming = polls !== null && polls < PAY_POLL_TIMES && shownSignup?.status === 'PENDING_PAYMENT';
  useEffect(() => {
    if (!confirming) return undefined;
    const t = setTimeout(() => {
      void load().then(() => setPolls((n) => (n === null ? n : n + 1)));
    }, PAY_POLL_MS);
    return () => clearTimeout(t);
  }, [confirming, polls, load]);

  const askForEventReminders = useNoticeMoment('EVENT_SIGNED_UP');
  const cancel = useCancelSignup(() => {
    setTicketOpen(false);
    void load();
  });

  const signedUp = (result: EventSignupResult) => {
    setSheetOpen(false);
    const status = result.signup.status;
    showSuccess(status === 'WAITLISTED' ? '已加入候补' : status === 'PENDING_PAYMENT' ? '名额已保留' : '报名成功');
    // Still the 确认报名 tap: offer the start / waitlist reminders now, while the sign-up is fresh; a cash fee
    // then opens WeChat Pay (one popup after the other) and the page waits for the server's confirmation.
    void askForEventReminders().then(async () => {
      if (result.pay && (await payEventFee(result))) setPolls(0);
    });
    const session = result.signup.session;
    setEvent((d) =>
      d
        ? session
          ? {
              ...d,
              sessions: d.sessions.map((x) => (x.id === session.id ? { ...x, mySignup: result.signup } : x)),
              pointsBalance: result.pointsBalance,
            }
          : { ...d, mySignup: result.signup, myStatus: result.signup.status, pointsBalance: result.pointsBalance }
        : d,
    );
    setTicketId(result.signup.id);
    setTicketOpen(true);
    void load();
  };

  if (!event) {
    if (!error) {
      return (
        <View className="events__state">
          <Loading type="circular">加载中…</Loading>
        </View>
      );
    }
    const gone = error.code === ErrorCode.EVENT_NOT_FOUND;
    return (
      <StateBlock
        id="event-error"
        status={gone ? 'empty' : error.code === 'NETWORK_ERROR' ? 'network' : 'error'}
        title={gone ? '活动不存在或已下线' : error.message}
        description={gone ? '看看其他活动吧' : error.code === 'NETWORK_ERROR' ? '' : `错误码 ${error.code}`}
        actions={
          gone
            ? [{ text: '查看全部活动', onClick: () => void Taro.redirectTo({ url: EVENT_URLS.list }) }]
            : [{ text: '重新加载', onClick: () => void load() }]
        }
      />
    );
  }

  const d = event;
  const now = Date.now();
  const phase = eventPhase(d, now);
  const tag = PHASE_TAGS[phase];
  const mine = myStatusTag(d.mySignup?.status ?? d.myStatus);
  const bySession = d.sessionCount > 0;
  const cta = bySession ? sessionsCta(d, detailCta(d, now)) : detailCta(d, now);
  const posters = d.posters.length ? d.posters.map((p) => p.url) : [d.coverUrl];
  const tierNames = d.tierCodes?.map((code) => tiers?.find((t) => t.code === code)?.name ?? code);
  const reward = rewardText(d);
  const mySessionSignup = d.sessions.find((x) => x.mySignup)?.mySignup ?? null;
  const openTicket = (signup: MyEventSignup) => {
    setTicketId(signup.id);
    setTicketOpen(true);
  };
  const openSheet = (sessionId: number | null) => {
    setSheetSession(sessionId);
    setSheetOpen(true);
  };
  const onCta = () => {
    if (cta.action === 'ticket') {
      if (d.mySignup) openTicket(d.mySignup);
      else if (mySessionSignup) openTicket(mySessionSignup);
      else void Taro.navigateTo({ url: EVENT_URLS.mine });
    } else if (cta.action !== 'none') openSheet(null);
  };

  return (
    <View className="event-detail">
      <View className="event-detail__gallery">
        {posters.length > 1 ? (
          <Swiper className="event-detail__swiper" indicatorDots indicatorActiveColor="#07c160" circular>
            {posters.map((src, i) => (
              <SwiperItem key={`${src}-${i}`}>
                <EventPoster shape="wide" src={src} alt={`${d.title} 海报 ${i + 1}`} />
              </SwiperItem>
            ))}
          </Swiper>
        ) : (
          <EventPoster shape="wide" src={posters[0]} alt={d.title} />
        )}
      </View>

      <View className="events__panel event-detail__head">
        <Text id="event-title" className="event-detail__title">
          {d.title}
        </Text>
        <View className="event-card__tags">
          <Tag type={tag.tone} plain={tag.tone === 'default'}>
            {tag.text}
          </Tag>
          {mine && <Tag type={mine.tone}>{mine.text}</Tag>}
        </View>
        <View className="event-detail__seats">
          <Text id="event-seats-left" className="event-detail__seats-figure">
            {Math.max(0, d.seatsLeft)}
          </Text>
          <Text className="event-detail__seats-label">
            {bySession ? `各场剩余名额合计 / 共 ${d.sessions.length} 场可选` : `剩余名额 / 共 ${d.capacity} 人`}
            {d.waitlistParties > 0 ? ` · ${d.waitlistParties} 组候补中` : ''}
          </Text>
        </View>
      </View>

      {d.waitlistOnly && (
        <View id="event-noshow-notice" className="events__notice">
          因多次报名未到场，{d.waitlistOnlyUntil ? `${formatMinute(d.waitlistOnlyUntil)} 前` : '目前'}
          您只能候补报名。规则：{d.noShowRule}
        </View>
      )}

      <View id="event-rows" className="events__panel event-rows">
        <Row label="时间" id="event-time">
          <Text>{bySession ? `${cardTimeText(d)}，每场单独报名` : eventTimeRange(d.startsAt, d.endsAt)}</Text>
        </Row>
        <Row label="地点" id="event-venue">
          <Text>{venueText(d)}</Text>
        </Row>
        <Row label="费用" id="event-fee">
          <Text>{feeText(d)}</Text>
        </Row>
        <Row label="同行">
          <Text>
            {d.maxCompanions > 0 ? `每人最多可带 ${d.maxCompanions} 位同行，按人数计名额和费用` : '仅限本人参加'}
          </Text>
        </Row>
        <Row label="报名时间">
          <Text>
            {formatMinute(d.signupStartsAt)} 至 {formatMinute(d.signupEndsAt)}
          </Text>
        </Row>
        <Row label="取消" id="event-cancel-rule">
          <Text>
            {bySession
              ? `每场开始前 ${Math.round((Date.parse(d.startsAt) - Date.parse(d.cancelDeadline)) / 3_600_000)} 小时前可取消`
              : `${formatMinute(d.cancelDeadline)} 前可取消`}
            {d.feeKind === 'POINTS' && d.feePoints > 0 ? '，报名积分全额退回' : ''}
            {d.feeKind === 'CASH' && d.feeFen > 0 ? '，报名费原路全额退回' : ''}
          </Text>
        </Row>
        {tierNames && (
          <Row label="参与等级" id="event-tiers">
            <Text>仅限 {tierNames.join('、')}</Text>
          </Row>
        )}
        {reward && (
          <Row label="签到奖励" id="event-reward">
            <Text>{reward}</Text>
          </Row>
        )}
        {d.noShowRule && (
          <Row label="未到场" id="event-noshow-rule">
            <Text>{d.noShowRule}</Text>
          </Row>
        )}
      </View>

      {bySession && <SessionList sessions={d.sessions} onPick={(x) => openSheet(x.id)} onTicket={openTicket} />}

      {d.description && (
        <View className="events__panel">
          <Text className="event-detail__section">活动介绍</Text>
          <Text id="event-description" className="event-detail__desc">
            {d.description}
          </Text>
        </View>
      )}

      <View className="event-detail__bottom">
        {cta.note && (
          <Text id="event-cta-note" className="event-detail__cta-note">
            {cta.note}
          </Text>
        )}
        <Button
          id="event-cta"
          type="primary"
          size="large"
          block
          fill={cta.action === 'ticket' ? 'outline' : 'solid'}
          disabled={cta.action === 'none'}
          onClick={onCta}
        >
          {cta.text}
        </Button>
        <SafeArea position="bottom" />
      </View>

      <SignupSheet
        event={d}
        sessionId={sheetSession}
        visible={sheetOpen}
        onClose={() => setSheetOpen(false)}
        onDone={signedUp}
        onNext={(step) => {
          if (step === 'points') void Taro.navigateTo({ url: POINTS_HISTORY_URL });
          else if (step === 'ticket') void load().then(() => setTicketOpen(true));
          else void load();
        }}
      />

      <Popup
        visible={ticketOpen && !!shownSignup}
        position="bottom"
        round
        closeable
        title={shownSignup?.status === 'WAITLISTED' ? '我的候补' : '我的门票'}
        onClose={() => setTicketOpen(false)}
      >
        <View id="event-ticket" className="event-detail__ticket">
          {shownSignup && (
            <TicketCard
              signup={shownSignup}
              onPaid={() => setPolls(0)}
              cancelling={cancel.busy === shownSignup.id}
              onCancel={() => cancel.ask(shownSignup, shownSignup.session?.cancelDeadline ?? d.cancelDeadline)}
            />
          )}
          <Button fill="none" block onClick={() => void Taro.navigateTo({ url: EVENT_URLS.mine })}>
            查看我的活动
          </Button>
          <SafeArea position="bottom" />
        </View>
      </Popup>
      {cancel.dialog}
    </View>
  );
}

export default function EventDetailPage() {
  return (
    <PageShell>
      <DetailContent />
    </PageShell>
  );
}
