import {
  EVENT_TICKET_QR_PREFIX,
  type EventCard,
  type EventCounters,
  type EventSignupPayment,
  type EventSessionBrief,
  type EventSignupStatus,
  type EventStoreBrief,
  type MediaAsset,
  type MyEventSignup,
} from '@member/shared';
import { randomInt } from 'node:crypto';
import type { EventPaymentRow } from './entities/event-payment.entity';
import type { EventSessionRow } from './entities/event-session.entity';
import type { EventSignupRow } from './entities/event-signup.entity';
import type { EventRow } from './entities/event.entity';

/** Sign-ups whose seats are counted in event.seats_taken (a no-show's seat is not given back). */
export const SEAT_STATUSES: EventSignupStatus[] = ['CONFIRMED', 'PENDING_PAYMENT', 'CHECKED_IN', 'NO_SHOW'];

// No 0/O, 1/I: a code read out at the door is not misheard; never all digits, so never a member code.
const TICKET_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const TICKET_LENGTH = 12;
const TICKET_PATTERN = /^[A-HJ-NP-Z2-9]{12}$/;

/** 12 random characters (60 bits): unguessable, unique by index. */
export function newTicketCode(): string {
  let code = '';
  for (let i = 0; i < TICKET_LENGTH; i++) code += TICKET_ALPHABET[randomInt(0, TICKET_ALPHABET.length)];
  // A letter first: a ticket is never mistaken for an 18-digit member code.
  return /^[A-Z]/.test(code) ? code : 'E' + code.slice(1);
}

/** The ticket code in a scanned QR (EVT:<code>) or a typed code; null when it is not one. */
export function ticketCodeOf(input: string): string | null {
  const raw = input.trim().toUpperCase();
  const code = raw.startsWith(EVENT_TICKET_QR_PREFIX) ? raw.slice(EVENT_TICKET_QR_PREFIX.length) : raw;
  return TICKET_PATTERN.test(code) ? code : null;
}

export const isMemberCode = (input: string): boolean => /^\d{18}$/.test(input.replace(/\s+/g, ''));

export function idsOf(json: string): number[] {
  const v = JSON.parse(json) as unknown;
  return Array.isArray(v) ? v.filter((n): n is number => Number.isInteger(n)) : [];
}

export function tierCodesOf(e: Pick<EventRow, 'tierCodesJson'>): string[] | null {
  if (!e.tierCodesJson) return null;
  const v = JSON.parse(e.tierCodesJson) as unknown;
  return Array.isArray(v) ? v.map(String) : null;
}

const END_WORDS: Record<string, string> = {
  MEMBER: '会员取消',
  EVENT_CANCELLED: '活动取消',
  NO_SHOW: '报名未到场',
  PAY_TIMEOUT: '支付超时',
};

const SKIP_WORDS: Record<string, string> = {
  NOT_ENOUGH_POINTS: '有名额空出时您的积分不足，未能递补；积分足够后仍按原顺序候补',
};

export const skipWords = (note: string | null): string | null => (note ? (SKIP_WORDS[note] ?? note) : null);

/**
 * The event as one of its sessions happens: the session's time, capacity, seats, waitlist sequence and
 * cancellation deadline on the event's terms (the event itself when there is no session). Read only — a
 * session's counters move on its own row. Sign-up for a session closes at its start (or the event's sign-up
 * end if earlier), check-in opens before its start, reminders count down to it.
 */
export function occurrence(e: EventRow, s: EventSessionRow | null | undefined): EventRow {
  if (!s) return e;
  return {
    ...e,
    startsAt: s.startsAt,
    endsAt: s.endsAt,
    capacity: s.capacity,
    seatsTaken: s.seatsTaken,
    waitlistSeq: s.waitlistSeq,
    cancelDeadline: s.cancelDeadline,
  };
}

export function sessionBrief(s: EventSessionRow): EventSessionBrief {
  return { id: s.id, startsAt: s.startsAt.toISOString(), endsAt: s.endsAt.toISOString() };
}

/** "12月20日 周六 10:00" of a session, as staff and operators read it in a message. */
export function sessionWords(s: Pick<EventSessionRow, 'startsAt'>): string {
  const d = new Date(s.startsAt.getTime() + 8 * 3_600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  const weekday = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'][d.getUTCDay()];
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${weekday} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** The event's seats as members see them. */
export const seatsLeft = (e: Pick<EventRow, 'capacity' | 'seatsTaken'>): number =>
  Math.max(0, e.capacity - e.seatsTaken);

export function storeBrief(e: EventRow, stores: Map<number, EventStoreBrief>): EventStoreBrief {
  return stores.get(e.storeId!) ?? { id: e.storeId!, name: '（门店已删除）', address: null };
}

/** Of several live sign-ups (one per session), the status a card shows: a ticket before a place in a queue. */
export function leadingStatus(statuses: EventSignupStatus[]): EventSignupStatus | null {
  const order: EventSignupStatus[] = ['PENDING_PAYMENT', 'CONFIRMED', 'CHECKED_IN', 'WAITLISTED', 'NO_SHOW'];
  return order.find((st) => statuses.includes(st)) ?? null;
}

export function eventCard(
  e: EventRow,
  ctx: {
    stores: Map<number, EventStoreBrief>;
    posters: Map<number, MediaAsset>;
    waitlistParties: number;
    myStatus: EventSignupStatus | null;
    /** The event's sessions (none: it has none); capacity and seats are then those still open for sign-up. */
    sessions?: EventSessionRow[];
    now?: Date;
  },
): EventCard {
  const cover = ctx.posters.get(idsOf(e.posterIdsJson)[0] ?? -1) ?? null;
  const sessions = ctx.sessions ?? [];
  const now = (ctx.now ?? new Date()).getTime();
  const open = sessions.filter((s) => s.startsAt.getTime() > now);
  const seats = sessions.length
    ? {
        capacity: open.reduce((n, s) => n + s.capacity, 0),
        seatsLeft: open.reduce((n, s) => n + seatsLeft(s), 0),
      }
    : { capacity: e.capacity, seatsLeft: seatsLeft(e) };
  return {
    id: e.id,
    title: e.title,
    coverUrl: cover?.url ?? null,
    thumbUrl: cover?.thumbUrl ?? null,
    store: storeBrief(e, ctx.stores),
    address: e.address,
    startsAt: e.startsAt.toISOString(),
    endsAt: e.endsAt.toISOString(),
    signupStartsAt: e.signupStartsAt.toISOString(),
    signupEndsAt: e.signupEndsAt.toISOString(),
    status: e.status,
    feeKind: e.feeKind,
    feePoints: e.feePoints,
    feeFen: e.feeFen,
    ...seats,
    waitlistParties: ctx.waitlistParties,
    myStatus: ctx.myStatus,
    sessionCount: sessions.length,
    nextSessionStartsAt: open[0]?.startsAt.toISOString() ?? null,
  };
}

/**
 * Whether the member may still cancel: seat holders until the deadline, waiting parties and those who have
 * not paid yet until the start.
 */
export function canCancel(s: EventSignupRow, e: EventRow, now: Date): boolean {
  if (e.status === 'CANCELLED') return false;
  if (s.status === 'CONFIRMED') return now.getTime() < e.cancelDeadline.getTime();
  if (s.status === 'WAITLISTED' || s.status === 'PENDING_PAYMENT') return now.getTime() < e.startsAt.getTime();
  return false;
}

/** The cash side of a sign-up as members and operators read it. */
export function paymentView(p: EventPaymentRow | null | undefined): EventSignupPayment | null {
  if (!p) return null;
  return {
    outTradeNo: p.outTradeNo,
    amountFen: p.amountFen,
    status: p.status,
    payUntil: p.payUntil.toISOString(),
    paidAt: p.paidAt?.toISOString() ?? null,
    refundStatus: p.refundStatus,
    refundFen: p.refundStatus ? p.amountFen : 0,
  };
}

/** A member's sign-up; `session` is the session it is for (its deadline decides whether it may be cancelled). */
export function mySignupView(
  s: EventSignupRow,
  e: EventRow,
  position: number | null,
  now: Date,
  payment: EventPaymentRow | null = null,
  session: EventSessionRow | null = null,
): MyEventSignup {
  const ticket = s.status === 'CONFIRMED' || s.status === 'CHECKED_IN';
  return {
    id: s.id,
    eventId: s.eventId,
    session: session ? { ...sessionBrief(session), cancelDeadline: session.cancelDeadline.toISOString() } : null,
    status: s.status,
    companions: s.companions,
    partySize: s.partySize,
    ticketCode: ticket ? s.ticketCode : null,
    ticketQr: ticket ? EVENT_TICKET_QR_PREFIX + s.ticketCode : null,
    waitlistPosition: s.status === 'WAITLISTED' ? position : null,
    feePoints: s.feePoints,
    feeRefunded: s.feeRefunded,
    payment: paymentView(payment),
    canCancel: canCancel(s, occurrence(e, session), now),
    createdAt: s.createdAt.toISOString(),
    promotedAt: s.promotedAt?.toISOString() ?? null,
    checkedInAt: s.checkedInAt?.toISOString() ?? null,
    cancelledAt: s.cancelledAt?.toISOString() ?? null,
    endReason: s.endReason ? END_WORDS[s.endReason] : null,
    skipNote: s.status === 'WAITLISTED' ? skipWords(s.skipNote) : null,
  };
}

export const endWords = (reason: string | null): string | null => (reason ? (END_WORDS[reason] ?? reason) : null);

/** Counters from per-(status, walk-in) sums. */
export function countersOf(
  e: Pick<EventRow, 'capacity' | 'seatsTaken'>,
  rows: { status: string; walkIn: boolean; parties: number; people: number }[],
): EventCounters {
  const sum = (pick: (r: (typeof rows)[number]) => boolean, f: 'parties' | 'people') =>
    rows.filter(pick).reduce((n, r) => n + r[f], 0);
  const signedUp = (r: (typeof rows)[number]) =>
    r.status === 'CONFIRMED' || r.status === 'CHECKED_IN' || r.status === 'NO_SHOW';
  return {
    capacity: e.capacity,
    seatsTaken: e.seatsTaken,
    seatsLeft: seatsLeft(e),
    signedUpParties: sum(signedUp, 'parties'),
    signedUpPeople: sum(signedUp, 'people'),
    checkedInParties: sum((r) => r.status === 'CHECKED_IN', 'parties'),
    checkedInPeople: sum((r) => r.status === 'CHECKED_IN', 'people'),
    waitlistParties: sum((r) => r.status === 'WAITLISTED', 'parties'),
    waitlistPeople: sum((r) => r.status === 'WAITLISTED', 'people'),
    noShowParties: sum((r) => r.status === 'NO_SHOW', 'parties'),
    walkInParties: sum((r) => r.walkIn && r.status === 'CHECKED_IN', 'parties'),
  };
}

/** The no-show rule in words, as members read it on every event. */
export function noShowRuleText(cfg: { noShowLimit: number; noShowWindowDays: number; noShowPenaltyDays: number }) {
  return `${cfg.noShowWindowDays} 天内累计 ${cfg.noShowLimit} 次报名后未到场（未签到也未在截止前取消），之后 ${cfg.noShowPenaltyDays} 天内只能候补报名，有名额空出时按顺序递补。`;
}

/** A new sign-up row of the event: the member's party, its ticket code, and what `part` sets (status first). */
export function newSignupRow(
  e: EventRow,
  memberId: number,
  companions: number,
  ticketCode: string,
  now: Date,
  part: Pick<EventSignupRow, 'status'> & Partial<EventSignupRow>,
): Omit<EventSignupRow, 'id'> {
  return {
    eventId: e.id,
    sessionId: 0,
    memberId,
    activeMemberId: memberId,
    companions,
    partySize: 1 + companions,
    waitlistSeq: null,
    ticketCode,
    feePoints: 0,
    feeEntryId: null,
    feeRefunded: false,
    rewardPoints: 0,
    rewardCouponId: null,
    walkIn: false,
    skipNote: null,
    promotedAt: null,
    checkedInAt: null,
    checkedInBy: null,
    cancelledAt: null,
    endReason: null,
    createdAt: now,
    updatedAt: now,
    ...part,
  };
}
