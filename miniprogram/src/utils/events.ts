import {
  EVENT_PAYMENT_STATUS_LABELS,
  EVENT_REFUND_STATUS_LABELS,
  EVENT_SIGNUP_STATUS_LABELS,
  EVENT_TEXT_LIMITS,
  EVENT_TICKET_QR_PREFIX,
  ErrorCode,
  formatCny,
  type EventCard,
  type EventCheckinResult,
  type EventCounters,
  type EventDetail,
  type EventSignupRequest,
  type EventSignupStatus,
  type MyEventSignup,
  formatInt,
} from '@member/shared';
import { isApiError } from '../services/api-error';
import { outcomeUnknown } from './refund-attempt';
import { formatBizDate, formatBizDateTime } from './time';

// Pure helpers of the member's event pages and the staff check-in: phases, tags, CTAs, texts, banners.

export const EVENT_URLS = {
  list: '/packages/events/list/index',
  detail: '/packages/events/detail/index',
  mine: '/packages/events/mine/index',
} as const;

export const STAFF_CHECKIN_URL = '/packages/staff/checkin/index';

export type TagTone = 'primary' | 'success' | 'warning' | 'default' | 'danger';

/** 1200 → "1,200" (points always with separators). */
export function formatPoints(points: number): string {
  return formatInt(Math.trunc(points));
}

/** "2026-12-01T06:05:00Z" → "2026-12-01 14:05" (Asia/Shanghai, to the minute). */
export function formatMinute(iso: string): string {
  return formatBizDateTime(iso).slice(0, 16);
}

/** Same day: "2026-12-01 14:05–16:00"; otherwise both ends in full. */
export function eventTimeRange(startsAt: string, endsAt: string): string {
  const start = formatMinute(startsAt);
  const end = formatMinute(endsAt);
  return start.slice(0, 10) === end.slice(0, 10) ? `${start}–${end.slice(11)}` : `${start} 至 ${end}`;
}

/** Where it happens: the hosting store, and the venue when it is not the store's own address. */
export function venueText(card: Pick<EventCard, 'store' | 'address'>): string {
  const where = card.address ?? card.store.address;
  return where ? `${card.store.name} · ${where}` : card.store.name;
}

/** Per person: 免费 / "300 积分/人" / "¥50.00/人". */
export function feeText(card: Pick<EventCard, 'feeKind' | 'feePoints' | 'feeFen'>): string {
  if (card.feeKind === 'POINTS' && card.feePoints > 0) return `${formatPoints(card.feePoints)} 积分/人`;
  if (card.feeKind === 'CASH' && card.feeFen > 0) return `${formatCny(card.feeFen)}/人`;
  return '免费';
}

/** What the party pays (per-person points × party size); 0 for free events. */
/** A cash event's fee for the party (fen); 0 for free and points events. */
export function partyCashFen(card: Pick<EventCard, 'feeKind' | 'feeFen'>, companions: number): number {
  return card.feeKind === 'CASH' ? card.feeFen * (1 + companions) : 0;
}

/** 报名费 ¥79.80 · 已支付 / 待支付 / 已关闭, and the refund when there is one (退款中 / 已退款 ¥79.80). */
export function paymentText(p: NonNullable<MyEventSignup['payment']>): string {
  const refund = p.refundStatus ? ` · ${EVENT_REFUND_STATUS_LABELS[p.refundStatus]} ${formatCny(p.refundFen)}` : '';
  return `报名费 ${formatCny(p.amountFen)} · ${EVENT_PAYMENT_STATUS_LABELS[p.status]}${refund}`;
}

/** Seconds left to pay a sign-up waiting for its fee (null when it is not waiting). */
export function signupPaySecondsLeft(s: Pick<MyEventSignup, 'status' | 'payment'>, nowMs: number): number | null {
  if (s.status !== 'PENDING_PAYMENT' || !s.payment) return null;
  return Math.max(0, Math.floor((Date.parse(s.payment.payUntil) - nowMs) / 1000));
}

export function partyFee(card: Pick<EventCard, 'feeKind' | 'feePoints'>, companions: number): number {
  return card.feeKind === 'POINTS' ? card.feePoints * (1 + companions) : 0;
}

/** "剩余 12 个名额" / "名额已满 · 3 组候补中". */
export function seatsText(card: Pick<EventCard, 'seatsLeft' | 'capacity' | 'waitlistParties'>): string {
  if (card.seatsLeft > 0) return `剩余 ${card.seatsLeft} 个名额`;
  return card.waitlistParties > 0 ? `名额已满 · ${card.waitlistParties} 组候补中` : '名额已满';
}

/** Where an event stands for a member now, from its status, times and seats. */
export type EventPhase = 'NOT_STARTED' | 'OPEN' | 'FULL' | 'SIGNUP_CLOSED' | 'ENDED' | 'CANCELLED';

export function eventPhase(
  card: Pick<EventCard, 'status' | 'endsAt' | 'signupStartsAt' | 'signupEndsAt' | 'seatsLeft'>,
  now: number = Date.now(),
): EventPhase {
  if (card.status === 'CANCELLED') return 'CANCELLED';
  if (now >= Date.parse(card.endsAt)) return 'ENDED';
  if (card.status !== 'PUBLISHED' || now >= Date.parse(card.signupEndsAt)) return 'SIGNUP_CLOSED';
  if (now < Date.parse(card.signupStartsAt)) return 'NOT_STARTED';
  return card.seatsLeft > 0 ? 'OPEN' : 'FULL';
}

export const PHASE_TAGS: Record<EventPhase, { text: string; tone: TagTone }> = {
  OPEN: { text: '报名中', tone: 'success' },
  FULL: { text: '已满可候补', tone: 'warning' },
  NOT_STARTED: { text: '即将开放', tone: 'primary' },
  SIGNUP_CLOSED: { text: '报名截止', tone: 'default' },
  ENDED: { text: '已结束', tone: 'default' },
  CANCELLED: { text: '已取消', tone: 'default' },
};

/** The member's own sign-up on a card, as a tag (null when they have none or it is cancelled). */
export function myStatusTag(status: EventSignupStatus | null): { text: string; tone: TagTone } | null {
  if (!status || status === 'CANCELLED') return null;
  const tone: TagTone = status === 'WAITLISTED' || status === 'PENDING_PAYMENT' ? 'warning' : 'success';
  return { text: EVENT_SIGNUP_STATUS_LABELS[status], tone };
}

/** "候补第3位" (1 = next in line); "候补中" while the position is not known. */
export function waitlistText(position: number | null): string {
  return position != null && position > 0 ? `候补第${position}位` : '候补中';
}

/** A ticket's state under its QR: 待签到 / 已签到 / 候补第3位 … */
export function ticketStateText(signup: Pick<MyEventSignup, 'status' | 'waitlistPosition'>): string {
  if (signup.status === 'CONFIRMED') return '待签到';
  if (signup.status === 'WAITLISTED') return waitlistText(signup.waitlistPosition);
  return EVENT_SIGNUP_STATUS_LABELS[signup.status];
}

/** A sign-up that holds a ticket (QR shown, 查看门票). */
export function holdsTicket(status: EventSignupStatus): boolean {
  return status === 'CONFIRMED' || status === 'CHECKED_IN' || status === 'PENDING_PAYMENT';
}

/** "ABCD EFGH JKLM" (read out or typed at the door in fours). */
export function groupTicketCode(code: string): string {
  return code.replace(/(.{4})(?=.)/g, '$1 ');
}

/** The bottom button of the detail page. `action` says what a tap does; `none` is a disabled button. */
export interface DetailCta {
  action: 'signup' | 'waitlist' | 'ticket' | 'none';
  text: string;
  /** Why not, under the button (a disabled button always says why). */
  note: string | null;
}

export function detailCta(d: EventDetail, now: number = Date.now()): DetailCta {
  const mine = d.mySignup;
  if (mine && mine.status !== 'CANCELLED') {
    if (mine.status === 'WAITLISTED')
      return { action: 'ticket', text: `${waitlistText(mine.waitlistPosition)} · 查看`, note: null };
    if (mine.status === 'PENDING_PAYMENT')
      return { action: 'ticket', text: '待支付 · 去支付', note: '名额已为您保留，请在支付截止前完成支付' };
    return { action: 'ticket', text: '查看门票', note: null };
  }
  const phase = eventPhase(d, now);
  if (phase === 'CANCELLED') return { action: 'none', text: '活动已取消', note: null };
  if (phase === 'ENDED') return { action: 'none', text: '活动已结束', note: null };
  if (phase === 'SIGNUP_CLOSED' || d.signupBlock === 'CLOSED')
    return { action: 'none', text: '报名已截止', note: null };
  if (phase === 'NOT_STARTED' || d.signupBlock === 'NOT_STARTED') {
    return { action: 'none', text: `${formatMinute(d.signupStartsAt)} 开始报名`, note: null };
  }
  if (d.signupBlock === 'NOT_ELIGIBLE') {
    return { action: 'none', text: '会员等级不符', note: '该活动仅限部分会员等级报名' };
  }
  if (d.signupBlock === 'ALREADY_SIGNED_UP') return { action: 'ticket', text: '查看门票', note: null };
  if (d.signupBlock === 'NOT_ENOUGH_POINTS') {
    return {
      action: 'none',
      text: '积分不足',
      note: `报名需 ${formatPoints(partyFee(d, 0))} 积分，当前 ${formatPoints(d.pointsBalance)} 积分`,
    };
  }
  if (d.waitlistOnly) {
    return {
      action: 'waitlist',
      text: '加入候补',
      note: d.waitlistOnlyUntil ? `因多次未到场，${formatMinute(d.waitlistOnlyUntil)} 前只能候补报名` : null,
    };
  }
  if (d.seatsLeft <= 0) return { action: 'waitlist', text: '加入候补', note: null };
  return { action: 'signup', text: '立即报名', note: null };
}

/** The party gets seats at once (else it joins the waitlist in arrival order). */
export function partyFits(d: Pick<EventDetail, 'seatsLeft' | 'waitlistOnly'>, companions: number): boolean {
  return !d.waitlistOnly && d.seatsLeft >= 1 + companions;
}

/** The sign-up sheet's button: what the tap does and what it costs now. */
export function sheetCta(d: EventDetail, companions: number): string {
  if (!partyFits(d, companions)) return '加入候补';
  const cash = partyCashFen(d, companions);
  if (cash > 0) return `确认报名 · ${formatCny(cash)}`;
  const fee = partyFee(d, companions);
  return fee > 0 ? `确认报名 · ${formatPoints(fee)} 积分` : '确认报名（免费）';
}

/** Companions the sheet allows (the event's limit, at most the contract's). */
export function maxCompanionsOf(d: Pick<EventDetail, 'maxCompanions'>): number {
  return Math.max(0, Math.min(9, d.maxCompanions));
}

/** What 取消报名's dialog says: the fee comes back, the seats go to the waitlist, until when. */
export function cancelDialogText(
  signup: Pick<MyEventSignup, 'status' | 'feePoints'> & { payment?: MyEventSignup['payment'] },
  cancelDeadline: string | null,
): string {
  if (signup.status === 'WAITLISTED') return '取消后将失去当前候补位置，之后再报名需重新排队。';
  if (signup.status === 'PENDING_PAYMENT') return '报名费尚未支付，取消后名额将释放给候补会员，取消后不能恢复。';
  const deadline = cancelDeadline ? `${formatMinute(cancelDeadline)} 前` : '截止时间前';
  const paid = signup.payment?.status === 'PAID' ? signup.payment.amountFen : 0;
  const fee =
    signup.feePoints > 0
      ? `报名所用 ${formatPoints(signup.feePoints)} 积分将退回您的积分账户。`
      : paid > 0
        ? `报名费 ${formatCny(paid)} 将原路退回您的微信支付账户。`
        : '';
  return `${deadline}可取消。${fee}名额将释放给候补会员，取消后不能恢复。`;
}

// Request ids: made when a sheet or dialog opens and kept for every retry of an unanswered submission.
export function newEventRequestId(prefix = 'E', random: () => number = Math.random, now = Date.now()): string {
  const tail = Math.floor(random() * 36 ** 6)
    .toString(36)
    .padStart(6, '0');
  return `${prefix}${now.toString(36)}${tail}`;
}

type SignupBody = Omit<EventSignupRequest, 'requestId'>;

/** The sheet's current submission: its id, and the body once a submission's outcome is unknown. */
export interface SignupAttempt {
  requestId: string;
  sent: SignupBody | null;
}

export function openSignupAttempt(newId: () => string = () => newEventRequestId('S')): SignupAttempt {
  return { requestId: newId(), sent: null };
}

/** The body to send: an unanswered one again (same id, same body), else what the sheet shows now. */
export function signupRequestFor(attempt: SignupAttempt, body: SignupBody): EventSignupRequest {
  return { ...(attempt.sent ?? body), requestId: attempt.requestId };
}

/** After a failure: keep id and body while the outcome is unknown; a refusal frees the sheet with a new id. */
export function signupAttemptAfterFailure(
  attempt: SignupAttempt,
  sent: EventSignupRequest,
  e: unknown,
  newId: () => string = () => newEventRequestId('S'),
): SignupAttempt {
  if (outcomeUnknown(e)) {
    const { requestId: _id, ...body } = sent;
    return { requestId: attempt.requestId, sent: body };
  }
  return { requestId: newId(), sent: null };
}

/** What a refused sign-up leads to, besides its message. */
export type SignupNextStep = 'retry' | 'reload' | 'ticket' | 'points' | 'other';

export function signupNextStep(e: unknown): SignupNextStep {
  if (outcomeUnknown(e)) return 'retry';
  if (!isApiError(e)) return 'other';
  switch (e.code) {
    case ErrorCode.EVENT_ALREADY_SIGNED_UP:
      return 'ticket';
    case ErrorCode.EVENT_NOT_ENOUGH_POINTS:
      return 'points';
    case ErrorCode.EVENT_WAITLIST_ONLY:
    case ErrorCode.EVENT_CLOSED:
    case ErrorCode.EVENT_SIGNUP_NOT_STARTED:
    case ErrorCode.EVENT_NOT_ELIGIBLE:
    case ErrorCode.EVENT_COMPANIONS_EXCEEDED:
    case ErrorCode.EVENT_NOT_FOUND:
    case ErrorCode.EVENT_CASH_FEE_UNAVAILABLE:
      return 'reload';
    default:
      return 'other';
  }
}

/** The next seven Asia/Shanghai days for the list's date filter: 今天, 明天, then "周三 12-03". */
export function upcomingDays(now: number = Date.now(), count = 7): { date: string; label: string }[] {
  const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
  const days: { date: string; label: string }[] = [];
  for (let i = 0; i < count; i += 1) {
    const iso = new Date(now + i * 86_400_000).toISOString();
    const date = formatBizDate(iso);
    // The weekday of the Shanghai calendar date (noon UTC of that date is the same date everywhere).
    const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
    const label = i === 0 ? '今天' : i === 1 ? '明天' : `${WEEKDAYS[weekday]} ${date.slice(5)}`;
    days.push({ date, label });
  }
  return days;
}

// ---- staff check-in ----

/** What was scanned or typed at the door, as the server takes it: whitespace dropped, the QR prefix kept. */
export function normalizeCheckinCode(raw: string): string {
  const text = raw.replace(/\s+/g, '').toUpperCase();
  if (text.startsWith(EVENT_TICKET_QR_PREFIX)) {
    return EVENT_TICKET_QR_PREFIX + text.slice(EVENT_TICKET_QR_PREFIX.length);
  }
  return text;
}

export function isCheckinCode(code: string): boolean {
  const { min, max } = EVENT_TEXT_LIMITS.checkinCode;
  return code.length >= min && code.length <= max;
}

/** "已签 32/40 · 候补 5" (people). */
export function counterText(c: Pick<EventCounters, 'checkedInPeople' | 'signedUpPeople' | 'waitlistPeople'>): string {
  return `已签 ${c.checkedInPeople}/${c.signedUpPeople} · 候补 ${c.waitlistPeople}`;
}

/**
 * The full-width banner after a scan: green when someone may come in, red when not, orange when a walk-in's
 * seats are held until the member pays.
 */
export interface CheckinBanner {
  tone: 'ok' | 'bad' | 'wait';
  title: string;
  detail: string;
  /** The scan's outcome is unknown (no answer): the same code resends the same request id. */
  unsure?: boolean;
}

/** "陈**" — staff see enough to greet, not the full name. */
export function maskNickname(nickname: string): string {
  const name = nickname.trim();
  if (!name) return '会员';
  return name.length === 1 ? name : `${name.slice(0, 1)}${'*'.repeat(Math.min(2, name.length - 1))}`;
}

function partyLine(res: EventCheckinResult): string {
  return `${maskNickname(res.member.nickname)} · 共 ${res.partySize} 人`;
}

export function bannerOfResult(res: EventCheckinResult, eventId: number): CheckinBanner {
  if (res.event.id !== eventId) {
    // The server refuses another event's ticket when told which event this door is for; a member card
    // with no event named is checked in where the member has a ticket, and the clerk must know which.
    return { tone: 'bad', title: '非本场', detail: `该会员已签到「${res.event.title}」` };
  }
  if (res.payment) {
    // A walk-in at a cash-fee event: the member pays on their phone, then shows the ticket at the door.
    return {
      tone: 'wait',
      title: '待会员支付',
      detail: `${partyLine(res)} · ${formatCny(res.payment.amountFen)} · 请会员在「我的活动」中于 ${formatMinute(res.payment.payUntil).slice(11)} 前支付，付款后扫描门票签到`,
    };
  }
  if (res.duplicate) {
    const at = res.checkedInAt ? ` · ${formatMinute(res.checkedInAt).slice(11)} 已签到` : '';
    return { tone: 'bad', title: '重复签到', detail: `${partyLine(res)}${at}` };
  }
  const reward = res.reward.points > 0 ? ` · 奖励 ${formatPoints(res.reward.points)} 积分` : '';
  return { tone: 'ok', title: res.walkIn ? '已签到（现场报名）' : '已签到', detail: `${partyLine(res)}${reward}` };
}

const ERROR_BANNERS: Partial<Record<string, string>> = {
  [ErrorCode.EVENT_CHECKIN_OTHER_STORE]: '非本店',
  [ErrorCode.EVENT_TICKET_OTHER_EVENT]: '非本场',
  [ErrorCode.EVENT_SIGNUP_NOT_FOUND]: '非本场',
  [ErrorCode.EVENT_NOT_FOUND]: '非本场',
  [ErrorCode.EVENT_TICKET_UNKNOWN]: '票码无效',
  [ErrorCode.EVENT_TICKET_NOT_VALID]: '不能签到',
  [ErrorCode.EVENT_CHECKIN_NOT_OPEN]: '未在签到时间',
  [ErrorCode.EVENT_FULL]: '名额已满',
  [ErrorCode.MEMBER_NOT_FOUND]: '会员不存在',
  [ErrorCode.MEMBER_CODE_UNKNOWN]: '会员码无效',
  [ErrorCode.MEMBER_CODE_EXPIRED]: '会员码已过期',
  [ErrorCode.MEMBER_CODE_USED]: '会员码已使用',
};

export function bannerOfError(e: unknown, message: string): CheckinBanner {
  if (outcomeUnknown(e))
    return { tone: 'bad', title: '结果未确认', detail: `${message}，请重新扫描同一张票`, unsure: true };
  const title = isApiError(e) ? ERROR_BANNERS[e.code] : undefined;
  return { tone: 'bad', title: title ?? '签到失败', detail: message };
}
