import { Injectable } from '@nestjs/common';
import {
  ActorType,
  ErrorCode,
  type EventCancelSignupRequest,
  type EventSignupRequest,
  type EventSignupResult,
} from '@member/shared';
import type { EntityManager } from 'typeorm';
import { AppException } from '../../common/app-exception';
import { Clock } from '../../common/clock';
import { IdempotencyService, idempotencyScope } from '../../common/idempotency/idempotency.service';
import { MemberLifecycle } from '../../common/member-lifecycle';
import { isUniqueViolation } from '../../database/transaction-runner';
import type { MemberPrincipal } from '../auth/token.service';
import type { EventSignupRow } from './entities/event-signup.entity';
import type { EventRow } from './entities/event.entity';
import type { EventPaymentRow } from './entities/event-payment.entity';
import { EventFees } from './event-fees';
import { EventPaymentsRepository } from './event-payments.repository';
import { EventPaySyncService } from './event-pay-sync.service';
import { EventPaymentsService } from './event-payments.service';
import { EventRefundsService } from './event-refunds.service';
import { EventRules } from './event-rules';
import { mySignupView, newSignupRow, newTicketCode, occurrence } from './event-views';
import { EventWaitlist } from './event-waitlist.service';
import { EventsRepository } from './events.repository';

const SIGNUP_OPERATION = 'event-signup';
const CANCEL_OPERATION = 'event-signup-cancel';

/**
 * Members sign up and cancel. A sign-up is one transaction: a guarded seat update on the event row — on the
 * session's row for an event with sessions, where the member picks the session (`seats_taken + party <=
 * capacity`) → CONFIRMED with the points fee debited through the ledger (a cash
 * fee: PENDING_PAYMENT, the seats held until its WeChat Pay deadline), else the next waitlist arrival number
 * → WAITLISTED; the unique (event, live member) index allows one live sign-up per member. A cancellation
 * before the deadline gives the fee back (points by reversal, cash by a refund through the outbox), frees
 * the seats and promotes waiting parties in the same transaction (EventWaitlist). Both are idempotent by
 * requestId; pay parameters are signed afresh on every answer, outside the transaction.
 */
@Injectable()
export class EventSignupsService {
  constructor(
    private readonly idempotency: IdempotencyService,
    private readonly clock: Clock,
    private readonly repo: EventsRepository,
    private readonly rules: EventRules,
    private readonly fees: EventFees,
    private readonly waitlist: EventWaitlist,
    private readonly lifecycle: MemberLifecycle,
    private readonly payments: EventPaymentsService,
    private readonly paymentRows: EventPaymentsRepository,
    private readonly refunds: EventRefundsService,
    private readonly paySync: EventPaySyncService,
  ) {}

  async signUp(member: MemberPrincipal, eventId: number, req: EventSignupRequest): Promise<EventSignupResult> {
    // Like coupon claims: no sign-ups without the privacy consent or during the deletion cooling-off.
    await this.lifecycle.assertMayUse(member.memberId);
    const { body, replayed } = await this.idempotency.run(
      {
        scope: idempotencyScope.member(member.memberId),
        operation: SIGNUP_OPERATION,
        key: req.requestId,
        request: {
          eventId,
          ...(req.sessionId ? { sessionId: req.sessionId } : {}),
          companions: req.companions,
          waitlist: req.waitlist === true,
        },
      },
      (em) => this.record(em, member.memberId, eventId, req),
      201,
    );
    // A first answer's sign-up is as this transaction left it: only one waiting for its fee wants pay
    // parameters (a re-read would cost every free or points sign-up a round trip). A replay reads it again:
    // it may since have been promoted into PENDING_PAYMENT, paid or expired.
    const pay =
      replayed || body.signup.status === 'PENDING_PAYMENT'
        ? await this.payments.payParamsFor(member.memberId, body.signup.id)
        : null;
    return { ...body, pay, replayed };
  }

  /** 去支付: the sign-up waiting for its cash fee, with freshly signed pay parameters. */
  async pay(member: MemberPrincipal, eventId: number): Promise<EventSignupResult> {
    const { signup, pay } = await this.payments.payAgain(member.memberId, eventId);
    const event = (await this.repo.event(eventId))!;
    const payment = await this.paymentRows.bySignup(signup.id);
    return {
      signup: mySignupView(signup, event, null, this.clock.now(), payment),
      pay,
      pointsBalance: await this.fees.balance(member.memberId),
    };
  }

  private async record(em: EntityManager, memberId: number, eventId: number, req: EventSignupRequest) {
    const now = this.clock.now();
    const row = await this.repo.event(eventId, em);
    if (!row || row.status === 'DRAFT') throw new AppException(ErrorCode.EVENT_NOT_FOUND);
    const session = await this.sessionOf(em, row, req.sessionId);
    const sessionId = session?.id ?? 0;
    // The session's time, seats and deadline on the event's terms: its sign-up closes at its start.
    const event = occurrence(row, session);
    this.rules.assertSignupOpen(event, now);
    if (req.companions > event.maxCompanions) throw new AppException(ErrorCode.EVENT_COMPANIONS_EXCEEDED);
    await this.rules.assertEligible(em, event, memberId);
    const waitlistOnly = await this.rules.waitlistOnly(memberId, now, em);
    if (waitlistOnly && req.waitlist !== true) throw new AppException(ErrorCode.EVENT_WAITLIST_ONLY);
    const party = 1 + req.companions;
    const ticketCode = newTicketCode();
    // Read before the event row is locked (the lock is held until commit): a fee charged below replaces it.
    let balance = await this.fees.balance(memberId, em);
    let signup: Omit<EventSignupRow, 'id'>;
    const seats = () => this.repo.takeSeats(em, eventId, party, ['PUBLISHED'], sessionId);
    if (!waitlistOnly && event.feeKind === 'CASH' && (await seats())) {
      signup = newSignupRow(event, memberId, req.companions, ticketCode, now, { status: 'PENDING_PAYMENT', sessionId });
    } else if (!waitlistOnly && (await seats())) {
      const fee = this.rules.feeFor(event, party);
      const charged = fee > 0 ? await this.fees.charge(em, memberId, fee, ticketCode, event.title) : null;
      if (charged) balance = charged.balance;
      signup = newSignupRow(event, memberId, req.companions, ticketCode, now, {
        status: 'CONFIRMED',
        sessionId,
        feePoints: fee,
        feeEntryId: charged?.entryId ?? null,
      });
    } else {
      const seq = await this.repo.nextWaitlistSeq(em, eventId, sessionId);
      signup = newSignupRow(event, memberId, req.companions, ticketCode, now, {
        status: 'WAITLISTED',
        sessionId,
        waitlistSeq: seq,
      });
    }
    let saved: EventSignupRow;
    try {
      saved = await this.repo.insertSignup(em, signup);
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppException(ErrorCode.EVENT_ALREADY_SIGNED_UP);
      throw error;
    }
    const position =
      saved.status === 'WAITLISTED'
        ? await this.repo.waitlistPosition(eventId, saved.waitlistSeq!, em, sessionId)
        : null;
    const payment = saved.status === 'PENDING_PAYMENT' ? await this.payments.open(em, event, saved, now) : null;
    return {
      signup: mySignupView(saved, row, position, now, payment, session),
      pointsBalance: balance,
    };
  }

  /** The session asked for: required when the event has sessions, refused when it has none. */
  private async sessionOf(em: EntityManager, e: EventRow, sessionId: number | undefined) {
    if (!e.sessionCount) {
      if (sessionId) throw new AppException(ErrorCode.EVENT_SESSION_NOT_FOUND);
      return null;
    }
    if (!sessionId) throw new AppException(ErrorCode.EVENT_SESSION_REQUIRED);
    const session = await this.repo.session(sessionId, em);
    if (!session || session.eventId !== e.id) throw new AppException(ErrorCode.EVENT_SESSION_NOT_FOUND);
    return session;
  }

  async cancel(member: MemberPrincipal, eventId: number, req: EventCancelSignupRequest): Promise<EventSignupResult> {
    const { body, replayed } = await this.idempotency.run(
      {
        scope: idempotencyScope.member(member.memberId),
        operation: CANCEL_OPERATION,
        key: req.requestId,
        request: { eventId, ...(req.sessionId ? { sessionId: req.sessionId } : {}) },
      },
      (em) => this.cancelIn(em, member.memberId, eventId, req.sessionId ?? 0),
    );
    // A fee that was still open is closed at WeChat too (after the commit: no HTTP inside a transaction).
    const p = body.signup.payment;
    if (!replayed && p?.status === 'CLOSED' && !p.paidAt) await this.paySync.closeAtWechat([p.outTradeNo]);
    return { ...body, replayed };
  }

  private async cancelIn(em: EntityManager, memberId: number, eventId: number, sessionId: number) {
    const now = this.clock.now();
    // The event row first (the session's row for a session): every seat-moving transaction of an event
    // (session) takes it first, in the same order.
    const { row, session } = await this.rules.lockSeats(em, eventId, sessionId);
    const event = occurrence(row, session);
    const first = await this.repo.activeSignup(eventId, memberId, em, sessionId);
    if (!first) throw new AppException(ErrorCode.EVENT_SIGNUP_NOT_FOUND);
    // A cash fee's payment row before the sign-up row (the settle path's order); the sign-up read again after
    // it, so a payment landing meanwhile is seen as CONFIRMED (and refunded) rather than closed.
    const payment = event.feeKind === 'CASH' ? await this.paymentRows.lockBySignup(em, first.id) : null;
    const s = payment ? ((await this.repo.activeSignup(eventId, memberId, em, sessionId)) ?? first) : first;
    const deadline = s.status === 'CONFIRMED' ? event.cancelDeadline : event.startsAt;
    const cancellable = s.status === 'CONFIRMED' || s.status === 'WAITLISTED' || s.status === 'PENDING_PAYMENT';
    if (!cancellable || now.getTime() >= deadline.getTime())
      throw new AppException(ErrorCode.EVENT_CANCEL_DEADLINE_PASSED);
    const refund = s.status === 'CONFIRMED' && s.feeEntryId !== null;
    if (payment && s.status === 'PENDING_PAYMENT' && !(await this.paymentRows.close(em, payment.id, now)))
      throw new Error(`event payment ${payment.id}: moved under its lock`);
    const moved = await this.repo.move(em, s.id, [s.status], {
      status: 'CANCELLED',
      activeMemberId: null,
      cancelledAt: now,
      endReason: 'MEMBER',
      feeRefunded: refund,
      updatedAt: now,
    });
    if (!moved) throw new AppException(ErrorCode.EVENT_SIGNUP_NOT_FOUND);
    const cashBack = payment?.status === 'PAID' && s.status === 'CONFIRMED';
    if (cashBack) await this.refunds.plan(em, payment, 'SIGNUP_CANCELLED', now);
    if (s.status === 'CONFIRMED' || s.status === 'PENDING_PAYMENT') {
      if (refund)
        await this.fees.refund(em, s.feeEntryId!, s.ticketCode, `取消活动报名 ${event.title}`, {
          type: ActorType.Member,
          id: memberId,
        });
      await this.repo.freeSeats(em, eventId, s.partySize, sessionId);
      await this.waitlist.promote(em, eventId, now, sessionId);
    }
    const after = {
      ...s,
      status: 'CANCELLED' as const,
      activeMemberId: null,
      cancelledAt: now,
      endReason: 'MEMBER' as const,
      feeRefunded: refund,
    };
    const paymentAfter: EventPaymentRow | null = payment
      ? {
          ...payment,
          status: payment.status === 'PENDING' ? 'CLOSED' : payment.status,
          refundStatus: cashBack ? 'PROCESSING' : payment.refundStatus,
        }
      : null;
    return {
      signup: mySignupView(after, row, null, now, paymentAfter, session),
      pointsBalance: await this.fees.balance(memberId, em),
    };
  }
}
