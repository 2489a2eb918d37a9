import type { EventCard, EventDetail, EventSessionMember, MyEventSignup } from '@member/shared';
import { eventTimeRange, formatMinute, waitlistText, type DetailCta, type TagTone } from './events';

// Sessions (场次) of recurring events on the member's and the clerk's pages: how a session reads, what a
// member can do with it, and the event seen as one of its sessions (so the sheet's helpers apply unchanged).

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

/** "12月20日 周六 10:00" (Asia/Shanghai). */
export function sessionStartText(startsAt: string): string {
  const at = formatMinute(startsAt);
  const weekday = WEEKDAYS[new Date(`${at.slice(0, 10)}T12:00:00Z`).getUTCDay()];
  return `${Number(at.slice(5, 7))}月${Number(at.slice(8, 10))}日 ${weekday} ${at.slice(11)}`;
}

/** "12月20日 周六 10:00–11:30" (the end in full when it is another day). */
export function sessionText(s: { startsAt: string; endsAt: string }): string {
  const start = formatMinute(s.startsAt);
  const end = formatMinute(s.endsAt);
  return `${sessionStartText(s.startsAt)}–${start.slice(0, 10) === end.slice(0, 10) ? end.slice(11) : end}`;
}

/** A card's time: an event with sessions reads "12月20日 周六 10:00 起 · 共 4 场". */
export function cardTimeText(
  card: Pick<EventCard, 'startsAt' | 'endsAt' | 'sessionCount' | 'nextSessionStartsAt'>,
): string {
  if (!card.sessionCount) return eventTimeRange(card.startsAt, card.endsAt);
  const next = card.nextSessionStartsAt ?? card.startsAt;
  return `${sessionStartText(next)} 起 · 共 ${card.sessionCount} 场`;
}

/** A sign-up's time: its session's when it has one, else the event's. */
export function signupTimeText(card: Pick<EventCard, 'startsAt' | 'endsAt'>, s: Pick<MyEventSignup, 'session'>) {
  return s.session ? `场次 ${sessionText(s.session)}` : eventTimeRange(card.startsAt, card.endsAt);
}

/** The event as the member would take part in one session: its times, seats and cancellation deadline. */
export function asSession(d: EventDetail, s: EventSessionMember): EventDetail {
  return {
    ...d,
    startsAt: s.startsAt,
    endsAt: s.endsAt,
    capacity: s.capacity,
    seatsLeft: s.seatsLeft,
    waitlistParties: s.waitlistParties,
    cancelDeadline: s.cancelDeadline,
    mySignup: s.mySignup,
    signupBlock: s.signupBlock,
  };
}

/** Whether the member can pick the session in the sheet (a full one takes them onto its waitlist). */
export function sessionPickable(s: EventSessionMember): boolean {
  return s.signupBlock === null;
}

/** A session row's state on the detail page and in the sheet, with a tone for its tag. */
export function sessionState(s: EventSessionMember): { text: string; tone: TagTone } {
  const mine = s.mySignup;
  if (mine && mine.status !== 'CANCELLED') {
    if (mine.status === 'WAITLISTED') return { text: waitlistText(mine.waitlistPosition), tone: 'warning' };
    if (mine.status === 'PENDING_PAYMENT') return { text: '待支付', tone: 'warning' };
    return { text: mine.status === 'CHECKED_IN' ? '已签到' : '已报名', tone: 'success' };
  }
  switch (s.signupBlock) {
    case 'CLOSED':
      return { text: '报名截止', tone: 'default' };
    case 'NOT_STARTED':
      return { text: '即将开放', tone: 'primary' };
    case 'NOT_ELIGIBLE':
      return { text: '等级不符', tone: 'default' };
    case 'NOT_ENOUGH_POINTS':
      return { text: '积分不足', tone: 'default' };
    default:
      return s.seatsLeft > 0
        ? { text: `剩余 ${s.seatsLeft} 个名额`, tone: 'success' }
        : { text: s.waitlistParties > 0 ? `已满 · ${s.waitlistParties} 组候补` : '已满可候补', tone: 'warning' };
  }
}

/** The detail page's button of an event with sessions: pick a session, or see one's ticket. */
export function sessionsCta(d: EventDetail, base: DetailCta): DetailCta {
  if (base.action === 'none' && d.signupBlock !== 'NOT_ENOUGH_POINTS') return base;
  const open = d.sessions.filter(sessionPickable);
  if (open.length) return { action: 'signup', text: '选择场次报名', note: `${open.length} 个场次可报名` };
  if (d.sessions.some((s) => s.mySignup)) return { action: 'ticket', text: '查看我的场次', note: null };
  return base.action === 'none' ? base : { action: 'none', text: '暂无可报名的场次', note: null };
}
