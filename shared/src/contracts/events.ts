import type { NumberLimit } from '../limits';
import type { BizDate, IsoTime, PageQuery } from './common';
import type { MallPayParams, MediaAsset } from './mall';
import type { PayRefundAttempt } from './payments';

// Member events (会员活动): classes, tastings, pet days, VIP evenings. Operators publish events with a capacity;
// members sign up with companions (seats taken by a guarded update, exact under any burst) or, when full, join
// the waitlist in arrival order; a cancellation before the deadline frees the seats and, in the same
// transaction, promotes waitlisted parties that fit, in arrival order. Staff check tickets in at the door.
// A recurring event (a weekly class) has sessions (场次), each with its own time and capacity: seats, the
// waitlist and its promotions, the cancellation deadline, reminders, check-in, no-shows and the attendance
// reward are per session, and a member may sign up for several sessions of one event, once per session.
// The seat counter of an event without sessions is on the event row; of a session, on the session's row.
//
// Routes (all JSON unless said):
//   member   GET  /api/v1/events?storeId&date&page                      → Page<EventCard> (published, upcoming)
//            GET  /api/v1/events/:id                                    → EventDetail (my sign-up, rule in words)
//            POST /api/v1/me/events/:id/signups  EventSignupRequest     → EventSignupResult (idempotent by requestId)
//            POST /api/v1/me/events/:id/signups/cancel {requestId, sessionId?} → EventSignupResult (before the deadline)
//            POST /api/v1/me/events/:id/signups/pay                     → EventSignupResult (去支付: fresh pay params)
//            GET  /api/v1/me/events?tab&page                            → Page<MyEventItem> (我的活动)
//   staff    GET  /api/v1/staff/events/today                            → StaffEventToday[] (this store, today)
//            GET  /api/v1/staff/events/:id/counters?sessionId           → EventCounters (own store; one session's)
//            POST /api/v1/staff/events/checkins  EventCheckinRequest     → EventCheckinResult (once; replay flagged)
//            POST /api/v1/staff/events/:id/walk-ins  EventWalkInRequest  → EventCheckinResult (if seats remain)
//   operator GET  /api/v1/admin/events?status&storeId&from&to&q&page    → Page<EventAdmin>
//            GET  /api/v1/admin/events/:id                              → EventAdmin
//            POST /api/v1/admin/events  EventInput                      → EventAdmin (DRAFT)
//            PUT  /api/v1/admin/events/:id  EventInput & {version}      → EventAdmin
//            POST /api/v1/admin/events/:id/publish {version}            → EventAdmin
//            POST /api/v1/admin/events/:id/close {version}              → EventAdmin (sign-up stops, tickets stay)
//            POST /api/v1/admin/events/:id/cancel {version, reason}     → EventAdmin (refunds every fee, tells everyone)
//            GET  /api/v1/admin/events/:id/counters                     → EventCounters
//            GET  /api/v1/admin/events/:id/signups?status&memberNo&sessionId&page → Page<EventSignupAdmin>
//            GET  /api/v1/admin/events/:id/signups.csv (same filters, streamed, audited)
//            POST /api/v1/admin/media (multipart `file`)                → MediaAsset (posters; see mall.ts)

/** DRAFT (editing), PUBLISHED (visible, sign-up per its window), CLOSED (sign-up stopped), CANCELLED (refunded). */
export type EventStatus = 'DRAFT' | 'PUBLISHED' | 'CLOSED' | 'CANCELLED';

/** Free, a points fee debited through the ledger at confirmation, or a cash fee paid through WeChat Pay. */
export type EventFeeKind = 'FREE' | 'POINTS' | 'CASH';

/**
 * CONFIRMED: holds seats (ticket valid). WAITLISTED: waiting in arrival order. PENDING_PAYMENT: seats held
 * until the cash fee is paid (at sign-up or promotion; cancelled when its pay deadline passes unpaid). CHECKED_IN: came (reward credited).
 * NO_SHOW: confirmed but did not come (counted by the no-show rule). CANCELLED: by the member, or the event.
 */
export type EventSignupStatus = 'CONFIRMED' | 'WAITLISTED' | 'PENDING_PAYMENT' | 'CHECKED_IN' | 'NO_SHOW' | 'CANCELLED';

/** Why a member cannot sign up now; null when they can (a full event still takes waitlist sign-ups). */
export type EventSignupBlock =
  'NOT_STARTED' | 'CLOSED' | 'NOT_ELIGIBLE' | 'ALREADY_SIGNED_UP' | 'NOT_ENOUGH_POINTS' | null;

export const EVENT_STATUS_LABELS: Record<EventStatus, string> = {
  DRAFT: '草稿',
  PUBLISHED: '已发布',
  CLOSED: '已截止',
  CANCELLED: '已取消',
};

export const EVENT_SIGNUP_STATUS_LABELS: Record<EventSignupStatus, string> = {
  CONFIRMED: '已报名',
  WAITLISTED: '候补中',
  PENDING_PAYMENT: '待支付',
  CHECKED_IN: '已签到',
  NO_SHOW: '未到场',
  CANCELLED: '已取消',
};

export const EVENT_FEE_KIND_LABELS: Record<EventFeeKind, string> = {
  FREE: '免费',
  POINTS: '积分报名',
  CASH: '付费报名',
};

/** Event fields' bounds: the server validates with them, the console's editor shows the same. */
export const EVENT_LIMITS = {
  capacity: { label: '名额', unit: '人', min: 1, max: 100_000 },
  feePoints: { label: '报名积分', unit: '分', min: 0, max: 1_000_000 },
  feeFen: { label: '报名费', unit: '¥', min: 0, max: 10_000_000 },
  maxCompanions: { label: '可带同行人数', unit: '人', min: 0, max: 9 },
  companions: { label: '同行人数', unit: '人', min: 0, max: 9 },
  rewardPoints: { label: '签到奖励积分', unit: '分', min: 0, max: 100_000 },
} as const satisfies Record<string, NumberLimit>;

export const EVENT_TEXT_LIMITS = {
  title: { min: 2, max: 40 },
  description: { min: 0, max: 4000 },
  address: { min: 0, max: 120 },
  cancelReason: { min: 2, max: 200 },
  /** A ticket code as typed (12 characters), scanned (`EVT:` + code), or an 18-digit member code. */
  checkinCode: { min: 6, max: 32 },
} as const;

/** Posters an event may show (the first is the cover). */
export const EVENT_MAX_POSTERS = 6;

/** Sessions a recurring event may have (a year of a weekly class). */
export const EVENT_MAX_SESSIONS = 60;

/**
 * One session (场次) of a recurring event as the operator enters it. With `id` it is an existing session (its
 * sign-ups stay with it; time and capacity may change, capacity not below the seats taken); without, a new one.
 */
export interface EventSessionInput {
  id?: number | null;
  startsAt: IsoTime;
  endsAt: IsoTime;
  /** Seats of this session (people, companions included). */
  capacity: number;
}

/** A session as every view names it. */
export interface EventSessionBrief {
  id: number;
  startsAt: IsoTime;
  endsAt: IsoTime;
}

/** The QR payload on a ticket: the staff scanner tells it from a member code by this prefix. */
export const EVENT_TICKET_QR_PREFIX = 'EVT:';

export interface EventInput {
  title: string;
  /** MediaAsset ids (POST /api/v1/admin/media), the first is the cover. */
  posterIds: number[];
  description: string;
  /** The store that hosts it: its staff check tickets in and its manager sees the sign-ups. */
  storeId: number;
  /** Where it happens when not at the store's own address (an outside venue, a room); null = the store. */
  address: string | null;
  /** With sessions: the first session's start and the last one's end (the server sets them from the sessions). */
  startsAt: IsoTime;
  endsAt: IsoTime;
  signupStartsAt: IsoTime;
  /**
   * Sign-up closes at this time (at the latest when the event starts). With sessions: at the latest when the
   * last session starts, and each session's sign-up closes at its own start.
   */
  signupEndsAt: IsoTime;
  /** Seats (people, companions included). With sessions: the default capacity of a new session. */
  capacity: number;
  /** Tier codes allowed; null = every tier. */
  tierCodes: string[] | null;
  feeKind: EventFeeKind;
  /** POINTS: points per person (the party pays for each seat). */
  feePoints: number;
  /** CASH: fen per person, paid through WeChat Pay within events.payMinutes of getting seats. */
  feeFen: number;
  /** Companions a member may bring (party size = 1 + companions). */
  maxCompanions: number;
  /**
   * Members may cancel (and get the fee back) until this time. With sessions: the first session's deadline;
   * every session's is as long before its own start.
   */
  cancelDeadline: IsoTime;
  /** Attendance reward credited at check-in: points (0 = none) and/or a coupon template. */
  rewardPoints: number;
  rewardCouponTemplateId: number | null;
  /**
   * Sessions of a recurring event, at most EVENT_MAX_SESSIONS (absent or empty: one occurrence, no sessions).
   * An event with sign-ups cannot gain sessions, and a session with sign-ups cannot be removed.
   */
  sessions?: EventSessionInput[];
}

export interface EventUpdate extends EventInput {
  version: number;
}

export interface EventVersionRequest {
  version: number;
}

export interface EventCancelRequest {
  version: number;
  /** Told to members in the notice and audited (2–200 characters). */
  reason: string;
}

export interface EventStoreBrief {
  id: number;
  name: string;
  address: string | null;
}

/** A session in the console: its terms and live counters. */
export interface EventSessionAdmin extends EventSessionBrief {
  capacity: number;
  cancelDeadline: IsoTime;
  counters: EventCounters;
}

export interface EventAdmin extends Omit<EventInput, 'sessions'> {
  id: number;
  /** The sessions in time order (empty: no sessions); counters are then the sum over them. */
  sessions: EventSessionAdmin[];
  status: EventStatus;
  posters: MediaAsset[];
  store: EventStoreBrief;
  /** People holding seats (confirmed, checked in, pending payment). */
  seatsTaken: number;
  counters: EventCounters;
  rewardCoupon: { templateId: number; name: string } | null;
  cancelReason: string | null;
  version: number;
  createdAt: IsoTime;
  updatedAt: IsoTime;
  publishedAt: IsoTime | null;
  cancelledAt: IsoTime | null;
}

export interface EventAdminQuery extends PageQuery {
  status?: EventStatus;
  storeId?: number;
  /** Events starting on or after this Asia/Shanghai day. */
  from?: BizDate;
  /** …and on or before this one. */
  to?: BizDate;
  /** Title contains. */
  q?: string;
}

/** Live counters (parties and people). */
export interface EventCounters {
  capacity: number;
  seatsTaken: number;
  seatsLeft: number;
  /** Confirmed or checked-in parties and the people in them. */
  signedUpParties: number;
  signedUpPeople: number;
  checkedInParties: number;
  checkedInPeople: number;
  waitlistParties: number;
  waitlistPeople: number;
  noShowParties: number;
  walkInParties: number;
}

/** An event as a card in 活动 (cover, title, time, place, fee, seats left). */
export interface EventCard {
  id: number;
  title: string;
  coverUrl: string | null;
  thumbUrl: string | null;
  store: EventStoreBrief;
  /** The venue when not the store's address; null = at the store. */
  address: string | null;
  startsAt: IsoTime;
  endsAt: IsoTime;
  signupStartsAt: IsoTime;
  signupEndsAt: IsoTime;
  status: EventStatus;
  feeKind: EventFeeKind;
  feePoints: number;
  feeFen: number;
  capacity: number;
  seatsLeft: number;
  /** Parties waiting. */
  waitlistParties: number;
  /** The signed-in member's live sign-up status on it, if any (with sessions: the one that holds seats first). */
  myStatus: EventSignupStatus | null;
  /**
   * Sessions of a recurring event (0: none). With sessions, capacity and seatsLeft count the sessions still
   * open for sign-up, and nextSessionStartsAt is the next one to start (null when none is left).
   */
  sessionCount: number;
  nextSessionStartsAt: IsoTime | null;
}

export interface EventQuery extends PageQuery {
  storeId?: number;
  /** Only events on this Asia/Shanghai day. */
  date?: BizDate;
}

/** A session on the member's event page: seats, the waitlist, and the member's own sign-up for it. */
export interface EventSessionMember extends EventSessionBrief {
  capacity: number;
  seatsLeft: number;
  waitlistParties: number;
  cancelDeadline: IsoTime;
  /** Why the member cannot sign up for this session now (null: can, onto the waitlist when it is full). */
  signupBlock: EventSignupBlock;
  mySignup: MyEventSignup | null;
}

export interface EventDetail extends EventCard {
  description: string;
  posters: MediaAsset[];
  tierCodes: string[] | null;
  maxCompanions: number;
  cancelDeadline: IsoTime;
  reward: { points: number; coupon: { templateId: number; name: string } | null };
  /** The member's live sign-up (not cancelled), or null. With sessions: null (see each session's). */
  mySignup: MyEventSignup | null;
  /** Sessions in time order, ended ones left out (empty: the event has none). */
  sessions: EventSessionMember[];
  /** Why the member cannot sign up now; null = can (onto the waitlist when full or waitlistOnly). */
  signupBlock: EventSignupBlock;
  /** The no-show rule applies to this member now: sign-ups join the waitlist only (pass waitlist: true). */
  waitlistOnly: boolean;
  /** Until when the no-show rule applies to them (null = it does not). */
  waitlistOnlyUntil: IsoTime | null;
  /** The no-show rule in words (e.g. 90 天内 3 次报名未到场，之后 30 天内只能候补报名). */
  noShowRule: string;
  pointsBalance: number;
}

export interface EventSignupRequest {
  companions: number;
  /** The session to sign up for: required for an event with sessions (400 EVENT_SESSION_REQUIRED), else absent. */
  sessionId?: number;
  /** Required true for a member under the no-show rule (else 409 EVENT_WAITLIST_ONLY): they join the waitlist. */
  waitlist?: boolean;
  /** Idempotency key: a retry answers the first sign-up; the same key with another body is 409. */
  requestId: string;
}

export interface EventCancelSignupRequest {
  requestId: string;
  /** Which session's sign-up (events with sessions). */
  sessionId?: number;
}

/**
 * A cash fee's WeChat Pay order. PENDING: waiting for the payment until payUntil; PAID; CLOSED: not paid in
 * time or the sign-up ended unpaid (a payment arriving after that is refunded and flagged).
 */
export type EventPaymentStatus = 'PENDING' | 'PAID' | 'CLOSED';

/** The cash refund of a paid fee: PROCESSING at WeChat, then SUCCESS, or CLOSED / ABNORMAL (operators follow up). */
export type EventRefundStatus = 'PROCESSING' | 'SUCCESS' | 'CLOSED' | 'ABNORMAL';

export const EVENT_PAYMENT_STATUS_LABELS: Record<EventPaymentStatus, string> = {
  PENDING: '待支付',
  PAID: '已支付',
  CLOSED: '已关闭',
};

export const EVENT_REFUND_STATUS_LABELS: Record<EventRefundStatus, string> = {
  PROCESSING: '退款中',
  SUCCESS: '已退款',
  CLOSED: '退款关闭',
  ABNORMAL: '退款异常',
};

/** The cash side of a sign-up (cash events only). */
export interface EventSignupPayment {
  /** The WeChat Pay order no. (out_trade_no; the H5 build plays the payment by it). */
  outTradeNo: string;
  /** The fee of the party (fen). */
  amountFen: number;
  status: EventPaymentStatus;
  /** PENDING: pay before this (the seats are held until then). */
  payUntil: IsoTime;
  paidAt: IsoTime | null;
  /** The refund of the fee, once there is one. */
  refundStatus: EventRefundStatus | null;
  refundFen: number;
}

/** A member's own sign-up (我的活动, the ticket). */
export interface MyEventSignup {
  id: number;
  eventId: number;
  /** The session this sign-up is for, with its cancellation deadline (null: the event has no sessions). */
  session: (EventSessionBrief & { cancelDeadline: IsoTime }) | null;
  status: EventSignupStatus;
  companions: number;
  partySize: number;
  /** The ticket code shown under the QR (CONFIRMED / CHECKED_IN only; null otherwise). */
  ticketCode: string | null;
  /** EVENT_TICKET_QR_PREFIX + ticketCode: the QR payload staff scan. */
  ticketQr: string | null;
  /** WAITLISTED: 1 = next in line (parties ahead + 1). */
  waitlistPosition: number | null;
  /** Points paid (refunded when cancelled before the deadline or by the event). */
  feePoints: number;
  feeRefunded: boolean;
  /** Cash events: the payment (null otherwise, and for a waitlisted sign-up not yet promoted). */
  payment: EventSignupPayment | null;
  canCancel: boolean;
  createdAt: IsoTime;
  /** Moved from the waitlist to CONFIRMED. */
  promotedAt: IsoTime | null;
  checkedInAt: IsoTime | null;
  cancelledAt: IsoTime | null;
  /** Why it ended, in words (会员取消 / 活动取消 / 未到场). */
  endReason: string | null;
  /** WAITLISTED: why the last freed seats went past them, in words (积分不足…); they keep their place. */
  skipNote: string | null;
}

export interface EventSignupResult {
  signup: MyEventSignup;
  /** PENDING_PAYMENT: freshly signed WeChat Pay parameters for wx.requestPayment (null otherwise). */
  pay?: MallPayParams | null;
  pointsBalance: number;
  replayed?: boolean;
}

export type MyEventTab = 'UPCOMING' | 'PAST' | 'CANCELLED';

export interface MyEventQuery extends PageQuery {
  tab?: MyEventTab;
}

export interface MyEventItem {
  event: EventCard;
  signup: MyEventSignup;
}

/** One door today: an event without sessions, or one session of a recurring event (one entry per session today). */
export interface StaffEventToday {
  event: EventCard;
  /** The session of the day this entry is for (null: the event has no sessions). */
  session: EventSessionBrief | null;
  /** The event's, or the session's. */
  counters: EventCounters;
  /** Check-in is open now (from events.checkinOpensMinutes before the start until the end, of the session). */
  checkinOpen: boolean;
}

export interface StaffEventCountersQuery {
  sessionId?: number;
}

export interface EventCheckinRequest {
  /** A ticket QR payload (EVT:<code>), a bare ticket code, or a member card code. */
  code: string;
  /** With a member card code when the member has tickets for several events happening now. */
  eventId?: number;
  /** The session at this door: another session's ticket is refused (EVENT_TICKET_OTHER_EVENT). */
  sessionId?: number;
  requestId: string;
}

export interface EventWalkInRequest {
  /** A member card code shown at the door, or a member number typed in. */
  memberCode?: string;
  memberNo?: string;
  companions: number;
  /** Required for an event with sessions: the session at the door now. */
  sessionId?: number;
  requestId: string;
}

export interface EventCheckinResult {
  event: { id: number; title: string; startsAt: IsoTime };
  /** The session checked into (null: the event has no sessions). */
  session: EventSessionBrief | null;
  member: { memberNo: string; nickname: string };
  signupId: number;
  partySize: number;
  walkIn: boolean;
  /** Null for a cash-fee walk-in still to pay. */
  checkedInAt: IsoTime | null;
  /** A cash-fee walk-in: seats held until payUntil while the member pays in 我的活动; then the ticket is scanned. */
  payment: { amountFen: number; payUntil: IsoTime } | null;
  /** The ticket was already checked in (重复签到): this answers the first check-in. */
  duplicate: boolean;
  /** Reward credited at the first check-in. */
  reward: { points: number; couponId: number | null };
  counters: EventCounters;
}

export interface EventSignupAdmin {
  id: number;
  /** The session signed up for (null: the event has no sessions). */
  session: EventSessionBrief | null;
  memberNo: string;
  memberNickname: string;
  status: EventSignupStatus;
  companions: number;
  partySize: number;
  /** Arrival sequence on the waitlist (1, 2, 3 … per event or session, no gaps); null when seats came at once. */
  waitlistSeq: number | null;
  waitlistPosition: number | null;
  walkIn: boolean;
  feePoints: number;
  feeRefunded: boolean;
  /** Cash events: the payment and its refund (out_trade_no for finding it in WeChat's bills). */
  payment: (EventSignupPayment & { shippingStatus: string | null } & PayRefundAttempt) | null;
  createdAt: IsoTime;
  promotedAt: IsoTime | null;
  checkedInAt: IsoTime | null;
  checkedInByStaffId: number | null;
  cancelledAt: IsoTime | null;
  endReason: string | null;
  skipNote: string | null;
}

export interface EventSignupAdminQuery extends PageQuery {
  status?: EventSignupStatus;
  memberNo?: string;
  /** One session's sign-ups. */
  sessionId?: number;
}
