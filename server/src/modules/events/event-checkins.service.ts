import { Injectable } from '@nestjs/common';
import {
  AuditAction,
  ErrorCode,
  type EventCheckinRequest,
  type EventCheckinResult,
  type EventCounters,
  type EventWalkInRequest,
  type StaffEventToday,
} from '@member/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { AppException } from '../../common/app-exception';
import { Clock, shanghaiDayStart } from '../../common/clock';
import { IdempotencyService, idempotencyScope } from '../../common/idempotency/idempotency.service';
import { isUniqueViolation } from '../../database/transaction-runner';
import { AuditService, staffActor } from '../audit/audit.service';
import type { StaffPrincipal } from '../auth/token.service';
import { CouponIssuingService } from '../coupons/coupon-issuing.service';
import { MemberCodesService } from '../members/member-codes.service';
import { MemberDirectory } from '../members/member-directory';
import { EventSessionRow } from './entities/event-session.entity';
import { EventSignupRow } from './entities/event-signup.entity';
import { EventRow } from './entities/event.entity';
import { EventFees } from './event-fees';
import { EventPaymentsService } from './event-payments.service';
import { EventReads } from './event-reads';
import { EventRules } from './event-rules';
import {
  countersOf,
  eventCard,
  isMemberCode,
  newSignupRow,
  newTicketCode,
  occurrence,
  sessionBrief,
  sessionWords,
  ticketCodeOf,
} from './event-views';
import { EventsRepository } from './events.repository';

const CHECKIN_OPERATION = 'event-checkin';
const WALKIN_OPERATION = 'event-walk-in';

/**
 * The door: staff check in a ticket (its QR or code) or a member card for their store's events happening
 * now — for an event with sessions, into the ticket's session, only while that session's check-in is open —
 * once — a guarded CONFIRMED → CHECKED_IN; a second scan of a checked-in ticket answers the first
 * check-in flagged as a duplicate (重复签到), and a retried request its stored answer. The attendance reward
 * is credited in the check-in's transaction: points through the ledger keyed by the sign-up, a coupon
 * through the coupons issuing service with a unique source key. Walk-ins take free seats by the same
 * guarded update as sign-ups.
 */
@Injectable()
export class EventCheckinsService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly idempotency: IdempotencyService,
    private readonly repo: EventsRepository,
    private readonly rules: EventRules,
    private readonly fees: EventFees,
    private readonly reads: EventReads,
    private readonly codes: MemberCodesService,
    private readonly members: MemberDirectory,
    private readonly coupons: CouponIssuingService,
    private readonly audit: AuditService,
    private readonly payments: EventPaymentsService,
  ) {}

  /**
   * Today's (Asia/Shanghai) events of the clerk's store, with live counters: an event with sessions once per
   * session of the day (the day window applies to the sessions).
   */
  async today(staff: StaffPrincipal): Promise<StaffEventToday[]> {
    const now = this.clock.now();
    const from = shanghaiDayStart(this.clock.today());
    const to = new Date(from.getTime() + 86_400_000);
    const rows = await this.ds
      .getRepository(EventRow)
      .createQueryBuilder('e')
      .where('e.storeId = :storeId AND e.status IN (:...statuses)', {
        storeId: staff.storeId,
        statuses: ['PUBLISHED', 'CLOSED'],
      })
      .andWhere('e.startsAt < :to AND e.endsAt > :from', { from, to })
      .orderBy('e.startsAt', 'ASC')
      .getMany();
    const [stores, posters, sessions] = await Promise.all([
      this.reads.storesOf(rows),
      this.reads.posters(rows),
      this.repo.sessionsOfEvents(rows.filter((e) => e.sessionCount).map((e) => e.id)),
    ]);
    const out: { at: number; entry: StaffEventToday }[] = [];
    for (const e of rows) {
      const today = (sessions.get(e.id) ?? []).filter((x) => x.startsAt < to && x.endsAt > from);
      for (const session of e.sessionCount ? today : [null]) {
        const at = occurrence(e, session);
        const counters = countersOf(at, await this.repo.sums(e.id, undefined, session?.id));
        const card = eventCard(e, {
          stores,
          posters,
          waitlistParties: counters.waitlistParties,
          myStatus: null,
          sessions: sessions.get(e.id),
          now,
        });
        out.push({
          at: at.startsAt.getTime(),
          entry: {
            event: card,
            session: session ? sessionBrief(session) : null,
            counters,
            checkinOpen: this.rules.checkinOpen(at, now),
          },
        });
      }
    }
    return out.sort((a, b) => a.at - b.at).map((x) => x.entry);
  }

  /** The event's counters, or one session's. */
  async counters(staff: StaffPrincipal, eventId: number, sessionId?: number): Promise<EventCounters> {
    const e = await this.repo.event(eventId);
    if (!e || e.status === 'DRAFT') throw new AppException(ErrorCode.EVENT_NOT_FOUND);
    if (e.storeId !== staff.storeId) throw new AppException(ErrorCode.EVENT_CHECKIN_OTHER_STORE);
    const session = sessionId ? await this.repo.session(sessionId) : null;
    if (sessionId && session?.eventId !== e.id) throw new AppException(ErrorCode.EVENT_SESSION_NOT_FOUND);
    return countersOf(occurrence(e, session), await this.repo.sums(e.id, undefined, session?.id));
  }

  async checkIn(staff: StaffPrincipal, req: EventCheckinRequest): Promise<EventCheckinResult> {
    const { body, replayed } = await this.idempotency.run(
      {
        scope: idempotencyScope.store(staff.storeId),
        operation: CHECKIN_OPERATION,
        key: req.requestId,
        request: {
          code: req.code.trim(),
          eventId: req.eventId ?? null,
          ...(req.sessionId ? { sessionId: req.sessionId } : {}),
        },
      },
      (em) => this.checkInIn(em, staff, req),
    );
    return replayed ? { ...body, duplicate: true } : body;
  }

  private async checkInIn(em: EntityManager, staff: StaffPrincipal, req: EventCheckinRequest) {
    const now = this.clock.now();
    const { signup, event, session } = await this.findTicket(em, staff, req, now);
    const done = await this.repo.move(em, signup.id, ['CONFIRMED'], {
      status: 'CHECKED_IN',
      checkedInAt: now,
      checkedInBy: staff.staffId,
      updatedAt: now,
    });
    if (!done) {
      // Someone checked it in (or it ended) meanwhile: answer as the latest state says.
      const latest = (await this.repo.signup(signup.id, em))!;
      if (latest.status !== 'CHECKED_IN') throw new AppException(ErrorCode.EVENT_TICKET_NOT_VALID);
      return this.answer(em, event, latest, true, session);
    }
    const checked = { ...signup, status: 'CHECKED_IN' as const, checkedInAt: now, checkedInBy: staff.staffId };
    const rewarded = await this.reward(em, event, checked, now);
    await this.audit.record(
      staffActor(staff, await this.members.displayName(staff.memberId, em)),
      {
        action: AuditAction.EventCheckedIn,
        targetType: 'event_signup',
        targetId: signup.id,
        after: {
          eventId: event.id,
          ...(session ? { sessionId: session.id } : {}),
          partySize: signup.partySize,
          rewardPoints: rewarded.rewardPoints,
        },
      },
      em,
    );
    return this.answer(em, event, rewarded, false, session);
  }

  /**
   * The sign-up a scanned code names, checked against this clerk's store and the check-in window (of the
   * ticket's session: another session's ticket is not checked in today).
   */
  private async findTicket(em: EntityManager, staff: StaffPrincipal, req: EventCheckinRequest, now: Date) {
    const ticket = ticketCodeOf(req.code);
    let signup: EventSignupRow | null = null;
    if (ticket) {
      signup = await this.repo.byTicket(ticket, em);
      if (!signup) throw new AppException(ErrorCode.EVENT_TICKET_UNKNOWN);
      // The clerk at this door checks in this event only: another event's ticket is refused, not counted there.
      if (req.eventId && signup.eventId !== req.eventId) throw new AppException(ErrorCode.EVENT_TICKET_OTHER_EVENT);
    } else if (isMemberCode(req.code)) {
      // A member card at the door: spent like at the counter (a failure below rolls that back).
      const code = await this.codes.consume(em, req.code, `event-checkin:${staff.storeId}:${staff.staffId}`);
      signup = await this.byMemberHere(em, code.memberId, staff.storeId, req, now);
    } else {
      throw new AppException(ErrorCode.EVENT_TICKET_UNKNOWN);
    }
    const event = (await this.repo.event(signup.eventId, em))!;
    if (event.storeId !== staff.storeId) throw new AppException(ErrorCode.EVENT_CHECKIN_OTHER_STORE);
    if (event.status === 'CANCELLED') throw new AppException(ErrorCode.EVENT_TICKET_NOT_VALID);
    const session = signup.sessionId ? await this.repo.session(signup.sessionId, em) : null;
    if (session && req.sessionId && session.id !== req.sessionId)
      throw new AppException(
        ErrorCode.EVENT_TICKET_OTHER_EVENT,
        `这张门票是本活动 ${sessionWords(session)} 场次的，不能在本场签到`,
      );
    if (signup.status !== 'CHECKED_IN') {
      if (!this.rules.checkinOpen(occurrence(event, session), now))
        throw new AppException(
          ErrorCode.EVENT_CHECKIN_NOT_OPEN,
          session ? `这张门票是 ${sessionWords(session)} 场次的，该场次尚未开始签到或已结束` : undefined,
        );
      if (signup.status !== 'CONFIRMED') throw new AppException(ErrorCode.EVENT_TICKET_NOT_VALID);
    }
    return { signup, event, session };
  }

  /**
   * The member's live sign-up for an event (a session) of this store open for check-in now (or the one named).
   */
  private async byMemberHere(
    em: EntityManager,
    memberId: number,
    storeId: number,
    req: Pick<EventCheckinRequest, 'eventId' | 'sessionId'>,
    now: Date,
  ): Promise<EventSignupRow> {
    const opensBy = new Date(now.getTime() + this.rules.noShow.checkinOpensMinutes * 60_000);
    // A session's sign-up is open for check-in on the session's times, others on the event's.
    const qb = em
      .getRepository(EventSignupRow)
      .createQueryBuilder('s')
      .innerJoin(EventRow, 'e', 'e.id = s.eventId')
      .leftJoin(EventSessionRow, 'ss', 'ss.id = s.sessionId')
      .where('s.activeMemberId = :memberId AND e.storeId = :storeId', { memberId, storeId })
      .andWhere(
        "e.status IN ('PUBLISHED', 'CLOSED') AND COALESCE(ss.startsAt, e.startsAt) <= :opensBy AND COALESCE(ss.endsAt, e.endsAt) > :now",
        { opensBy, now },
      );
    if (req.eventId) qb.andWhere('e.id = :eventId', { eventId: req.eventId });
    if (req.sessionId) qb.andWhere('s.sessionId = :sessionId', { sessionId: req.sessionId });
    const found = await qb.orderBy('COALESCE(ss.startsAt, e.startsAt)', 'ASC').limit(2).getMany();
    if (!found.length) throw new AppException(ErrorCode.EVENT_SIGNUP_NOT_FOUND, '该会员没有本店正在签到的活动报名');
    if (found.length > 1) throw new AppException(ErrorCode.EVENT_CHECKIN_AMBIGUOUS);
    return found[0];
  }

  /** Credits the attendance reward of a sign-up just checked in (points keyed by it, coupon by a source key). */
  private async reward(em: EntityManager, e: EventRow, s: EventSignupRow, now: Date): Promise<EventSignupRow> {
    let couponId: number | null = null;
    if (e.rewardPoints > 0) await this.fees.reward(em, s.memberId, s.id, e.rewardPoints, e.title, e.storeId!);
    if (e.rewardCouponTemplateId) {
      const coupon = await this.coupons.issueFor(em, {
        templateId: e.rewardCouponTemplateId,
        memberId: s.memberId,
        source: 'EVENT',
        sourceKey: `event:${e.id}:${s.id}`,
        at: now.toISOString(),
      });
      couponId = coupon?.id ?? null;
    }
    if (e.rewardPoints > 0 || couponId !== null)
      await this.repo.move(em, s.id, ['CHECKED_IN'], { rewardPoints: e.rewardPoints, rewardCouponId: couponId });
    return { ...s, rewardPoints: e.rewardPoints, rewardCouponId: couponId };
  }

  private async answer(
    em: EntityManager,
    e: EventRow,
    s: EventSignupRow,
    duplicate: boolean,
    session: EventSessionRow | null = null,
  ): Promise<EventCheckinResult> {
    const member = await this.members.card(s.memberId, em);
    // The counters of the door: the session's when the ticket is for one.
    const fresh = session ? occurrence(e, await this.repo.session(session.id, em)) : (await this.repo.event(e.id, em))!;
    return {
      event: { id: e.id, title: e.title, startsAt: e.startsAt.toISOString() },
      session: session ? sessionBrief(session) : null,
      member: { memberNo: member.memberNo, nickname: member.nickname },
      signupId: s.id,
      partySize: s.partySize,
      walkIn: s.walkIn,
      checkedInAt: s.checkedInAt?.toISOString() ?? null,
      payment: null,
      duplicate,
      reward: { points: s.rewardPoints, couponId: s.rewardCouponId },
      counters: countersOf(fresh, await this.repo.sums(e.id, em, session?.id)),
    };
  }

  /**
   * A member at the door without a sign-up (or still waiting): seats if they remain in the event — in the
   * session named, for an event with sessions — taken by the same guarded update as sign-ups. Free and points
   * events check in at once (the points fee debited, the reward credited). A cash fee is paid by the member
   * through WeChat Pay like any sign-up's: the seats are held as PENDING_PAYMENT until the end of the event at
   * the latest, the member pays in 我的活动 on their phone, and the clerk scans the ticket then.
   */
  async walkIn(staff: StaffPrincipal, eventId: number, req: EventWalkInRequest): Promise<EventCheckinResult> {
    if (!req.memberCode === !req.memberNo)
      throw new AppException(ErrorCode.VALIDATION_FAILED, '请扫描会员码或填写会员号（二选一）');
    const { body, replayed } = await this.idempotency.run(
      {
        scope: idempotencyScope.store(staff.storeId),
        operation: WALKIN_OPERATION,
        key: req.requestId,
        request: {
          eventId,
          memberCode: req.memberCode ?? null,
          memberNo: req.memberNo ?? null,
          companions: req.companions,
          ...(req.sessionId ? { sessionId: req.sessionId } : {}),
        },
      },
      (em) => this.walkInIn(em, staff, eventId, req),
      201,
    );
    return replayed ? { ...body, duplicate: true } : body;
  }

  private async walkInIn(em: EntityManager, staff: StaffPrincipal, eventId: number, req: EventWalkInRequest) {
    const now = this.clock.now();
    const sessionId = req.sessionId ?? 0;
    const { row, session } = await this.rules.lockSeats(em, eventId, sessionId);
    const e = occurrence(row, session);
    if (e.storeId !== staff.storeId) throw new AppException(ErrorCode.EVENT_CHECKIN_OTHER_STORE);
    if (!this.rules.checkinOpen(e, now)) throw new AppException(ErrorCode.EVENT_CHECKIN_NOT_OPEN);
    if (req.companions > e.maxCompanions) throw new AppException(ErrorCode.EVENT_COMPANIONS_EXCEEDED);
    const memberId = await this.memberOf(em, staff, req);
    await this.rules.assertEligible(em, e, memberId);
    const party = 1 + req.companions;
    const existing = await this.repo.activeSignup(eventId, memberId, em, sessionId);
    if (existing && existing.status !== 'WAITLISTED') throw new AppException(ErrorCode.EVENT_ALREADY_SIGNED_UP);
    if (!(await this.repo.takeSeats(em, eventId, party, ['PUBLISHED', 'CLOSED'], sessionId)))
      throw new AppException(ErrorCode.EVENT_FULL);
    const ticketCode = existing?.ticketCode ?? newTicketCode();
    const cash = e.feeKind === 'CASH';
    const fee = this.rules.feeFor(e, party);
    const charged = fee > 0 ? await this.fees.charge(em, memberId, fee, ticketCode, e.title) : null;
    const fields = {
      status: cash ? ('PENDING_PAYMENT' as const) : ('CHECKED_IN' as const),
      companions: req.companions,
      partySize: party,
      feePoints: fee,
      feeEntryId: charged?.entryId ?? null,
      walkIn: true,
      checkedInAt: cash ? null : now,
      checkedInBy: cash ? null : staff.staffId,
      updatedAt: now,
    };
    let signup: EventSignupRow;
    if (existing) {
      // A waiting member who came anyway takes the free seats with their own sign-up.
      if (!(await this.repo.move(em, existing.id, ['WAITLISTED'], { ...fields, promotedAt: now })))
        throw new AppException(ErrorCode.EVENT_ALREADY_SIGNED_UP);
      signup = { ...existing, ...fields, promotedAt: now };
    } else {
      try {
        signup = await this.repo.insertSignup(
          em,
          newSignupRow(e, memberId, req.companions, ticketCode, now, { ...fields, sessionId }),
        );
      } catch (error) {
        if (isUniqueViolation(error)) throw new AppException(ErrorCode.EVENT_ALREADY_SIGNED_UP);
        throw error;
      }
    }
    const payment = cash ? await this.payments.open(em, e, signup, now, e.endsAt) : null;
    const rewarded = cash ? signup : await this.reward(em, e, signup, now);
    await this.audit.record(
      staffActor(staff, await this.members.displayName(staff.memberId, em)),
      {
        action: AuditAction.EventWalkIn,
        targetType: 'event_signup',
        targetId: signup.id,
        after: {
          eventId,
          ...(session ? { sessionId: session.id } : {}),
          partySize: party,
          feePoints: fee,
          ...(payment ? { feeFen: payment.amountFen } : {}),
          rewardPoints: rewarded.rewardPoints,
        },
      },
      em,
    );
    const answer = await this.answer(em, row, rewarded, false, session);
    return payment
      ? { ...answer, payment: { amountFen: payment.amountFen, payUntil: payment.payUntil.toISOString() } }
      : answer;
  }

  private async memberOf(em: EntityManager, staff: StaffPrincipal, req: EventWalkInRequest): Promise<number> {
    if (req.memberCode) {
      const code = await this.codes.consume(em, req.memberCode, `event-walk-in:${staff.storeId}:${staff.staffId}`);
      return code.memberId;
    }
    const id = (await this.members.idsByNo([req.memberNo!], em)).get(req.memberNo!);
    if (!id) throw new AppException(ErrorCode.MEMBER_NOT_FOUND);
    const card = await this.members.card(id, em);
    if (card.status !== 'active') throw new AppException(ErrorCode.MEMBER_DISABLED);
    return id;
  }
}
