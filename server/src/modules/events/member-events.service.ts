import { Injectable } from '@nestjs/common';
import {
  ErrorCode,
  type EventDetail,
  type EventCard,
  type EventSessionMember,
  type EventQuery,
  type MyEventItem,
  type MyEventQuery,
  type Page,
} from '@member/shared';
import { DataSource, In } from 'typeorm';
import { AppException } from '../../common/app-exception';
import { Clock, shanghaiDayStart } from '../../common/clock';
import { CouponIssuingService } from '../coupons/coupon-issuing.service';
import { EventSessionRow } from './entities/event-session.entity';
import { EventSignupRow } from './entities/event-signup.entity';
import { EventRow } from './entities/event.entity';
import { EventFees } from './event-fees';
import { EventPaymentsRepository } from './event-payments.repository';
import { EventReads } from './event-reads';
import { EventRules } from './event-rules';
import { eventCard, leadingStatus, mySignupView, occurrence, seatsLeft, tierCodesOf } from './event-views';
import { EventsRepository } from './events.repository';

const DAY_MS = 86_400_000;

/** What members read: upcoming events, one event with their own standing, and 我的活动. */
@Injectable()
export class MemberEventsService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly repo: EventsRepository,
    private readonly reads: EventReads,
    private readonly rules: EventRules,
    private readonly fees: EventFees,
    private readonly coupons: CouponIssuingService,
    private readonly payments: EventPaymentsRepository,
  ) {}

  /** Published (or sign-up closed) events not yet over, soonest first. */
  async list(memberId: number, q: EventQuery): Promise<Page<EventCard>> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const now = this.clock.now();
    const qb = this.ds
      .getRepository(EventRow)
      .createQueryBuilder('e')
      .where('e.status IN (:...statuses) AND e.endsAt > :now', { statuses: ['PUBLISHED', 'CLOSED'], now });
    if (q.storeId) qb.andWhere('e.storeId = :storeId', { storeId: q.storeId });
    if (q.date) {
      const from = shanghaiDayStart(q.date);
      qb.andWhere('e.startsAt >= :from AND e.startsAt < :to', { from, to: new Date(from.getTime() + DAY_MS) });
    }
    const [rows, total] = await qb
      .orderBy('e.startsAt', 'ASC')
      .addOrderBy('e.id', 'ASC')
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    return { items: await this.cards(rows, memberId), total, page, pageSize };
  }

  async detail(memberId: number, eventId: number): Promise<EventDetail> {
    const now = this.clock.now();
    const e = await this.repo.event(eventId);
    if (!e || e.status === 'DRAFT') throw new AppException(ErrorCode.EVENT_NOT_FOUND);
    const [card] = await this.cards([e], memberId);
    // With sessions the member's sign-ups are per session (see `sessions`); the event has none of its own.
    const mine = e.sessionCount ? null : await this.repo.activeSignup(e.id, memberId);
    const position = mine?.status === 'WAITLISTED' ? await this.repo.waitlistPosition(e.id, mine.waitlistSeq!) : null;
    const balance = await this.fees.balance(memberId);
    const eligible = await this.rules.eligible(this.ds.manager, e, memberId);
    const until = await this.rules.waitlistOnlyUntil(memberId, now);
    const sessions = e.sessionCount
      ? await this.sessionsFor(e, memberId, now, { eligible, balance, waitlistOnly: until !== null })
      : [];
    const posters = await this.reads.posters([e], true);
    const coupon = e.rewardCouponTemplateId
      ? ((await this.coupons.describe([e.rewardCouponTemplateId])).get(e.rewardCouponTemplateId) ?? null)
      : null;
    return {
      ...card,
      description: e.description,
      posters: this.reads.postersOf(e, posters),
      tierCodes: tierCodesOf(e),
      maxCompanions: e.maxCompanions,
      cancelDeadline: e.cancelDeadline.toISOString(),
      reward: {
        points: e.rewardPoints,
        coupon: coupon ? { templateId: coupon.templateId, name: coupon.name } : null,
      },
      mySignup: mine ? mySignupView(mine, e, position, now, await this.payments.bySignup(mine.id)) : null,
      sessions,
      signupBlock: e.sessionCount
        ? this.eventBlock(sessions, e, now, eligible)
        : this.rules.signupBlock(e, now, eligible, !!mine, balance, seatsLeft(e) > 0 && !until),
      waitlistOnly: until !== null,
      waitlistOnlyUntil: until?.toISOString() ?? null,
      noShowRule: this.rules.ruleText(),
      pointsBalance: balance,
    };
  }

  /** The sessions not over yet, each with its seats, waitlist, the member's sign-up and why they cannot sign up. */
  private async sessionsFor(
    e: EventRow,
    memberId: number,
    now: Date,
    m: { eligible: boolean; balance: number; waitlistOnly: boolean },
  ): Promise<EventSessionMember[]> {
    const [sessions, sums, live] = await Promise.all([
      this.repo.sessionsOf(e.id),
      this.repo.sumsBySession(e.id),
      this.repo.liveSignups(e.id, memberId),
    ]);
    const payments = await this.payments.bySignups(live.map((s) => s.id));
    const out: EventSessionMember[] = [];
    for (const session of sessions.filter((x) => x.endsAt.getTime() > now.getTime())) {
      const at = occurrence(e, session);
      const mine = live.find((s) => s.sessionId === session.id) ?? null;
      const position =
        mine?.status === 'WAITLISTED'
          ? await this.repo.waitlistPosition(e.id, mine.waitlistSeq!, this.ds, session.id)
          : null;
      const waiting = (sums.get(session.id) ?? []).filter((r) => r.status === 'WAITLISTED');
      out.push({
        id: session.id,
        startsAt: session.startsAt.toISOString(),
        endsAt: session.endsAt.toISOString(),
        capacity: session.capacity,
        seatsLeft: seatsLeft(session),
        waitlistParties: waiting.reduce((n, r) => n + r.parties, 0),
        cancelDeadline: session.cancelDeadline.toISOString(),
        signupBlock: this.rules.signupBlock(
          at,
          now,
          m.eligible,
          !!mine,
          m.balance,
          seatsLeft(session) > 0 && !m.waitlistOnly,
        ),
        mySignup: mine ? mySignupView(mine, e, position, now, payments.get(mine.id) ?? null, session) : null,
      });
    }
    return out;
  }

  /**
   * An event with sessions blocks sign-up only when every session does: the event's window and tiers first,
   * then the most hopeful of its sessions' reasons (one still open wins).
   */
  private eventBlock(sessions: EventSessionMember[], e: EventRow, now: Date, eligible: boolean) {
    // The event's own sign-up window (each session's start is checked on the session).
    const w = this.rules.windowBlock({ ...e, startsAt: e.signupEndsAt }, now);
    if (w) return w;
    if (!eligible) return 'NOT_ELIGIBLE';
    const order = [null, 'NOT_ENOUGH_POINTS', 'ALREADY_SIGNED_UP', 'NOT_STARTED', 'CLOSED'] as const;
    // findIndex, not find: the best answer is null (one session open), which find cannot tell from none.
    const best = order.findIndex((b) => sessions.some((s) => s.signupBlock === b));
    return best < 0 ? 'CLOSED' : order[best];
  }

  /** 我的活动: UPCOMING (live, event not over), PAST (event over), CANCELLED; newest sign-up first. */
  async mine(memberId: number, q: MyEventQuery): Promise<Page<MyEventItem>> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const now = this.clock.now();
    const tab = q.tab ?? 'UPCOMING';
    // A session's sign-up is over when its session is (the event's end otherwise).
    const qb = this.ds
      .getRepository(EventSignupRow)
      .createQueryBuilder('s')
      .innerJoin(EventRow, 'e', 'e.id = s.eventId')
      .leftJoin(EventSessionRow, 'ss', 'ss.id = s.sessionId')
      .where('s.memberId = :memberId', { memberId });
    if (tab === 'CANCELLED') qb.andWhere("s.status = 'CANCELLED'");
    else if (tab === 'UPCOMING')
      qb.andWhere("s.status <> 'CANCELLED' AND COALESCE(ss.endsAt, e.endsAt) > :now", { now });
    else qb.andWhere("s.status <> 'CANCELLED' AND COALESCE(ss.endsAt, e.endsAt) <= :now", { now });
    const [signups, total] = await qb
      .orderBy('s.id', 'DESC')
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    const events = signups.length
      ? await this.ds.getRepository(EventRow).findBy({ id: In([...new Set(signups.map((s) => s.eventId))]) })
      : [];
    const byId = new Map(events.map((e) => [e.id, e]));
    const cards = new Map((await this.cards(events, memberId)).map((c) => [c.id, c]));
    const payments = await this.payments.bySignups(signups.map((s) => s.id));
    const sessions = await this.repo.sessionsByIds(signups.filter((s) => s.sessionId).map((s) => s.sessionId));
    const items: MyEventItem[] = [];
    for (const s of signups) {
      const e = byId.get(s.eventId)!;
      const position =
        s.status === 'WAITLISTED' ? await this.repo.waitlistPosition(e.id, s.waitlistSeq!, this.ds, s.sessionId) : null;
      const session = sessions.get(s.sessionId) ?? null;
      items.push({
        event: cards.get(e.id)!,
        signup: mySignupView(s, e, position, now, payments.get(s.id) ?? null, session),
      });
    }
    return { items, total, page, pageSize };
  }

  private async cards(rows: EventRow[], memberId: number): Promise<EventCard[]> {
    const ids = rows.map((e) => e.id);
    const [stores, posters, waiting, mine, sessions] = await Promise.all([
      this.reads.storesOf(rows),
      this.reads.posters(rows),
      this.repo.waitlistCounts(ids),
      this.repo.myLive(memberId, ids),
      this.repo.sessionsOfEvents(rows.filter((e) => e.sessionCount).map((e) => e.id)),
    ]);
    const now = this.clock.now();
    return rows.map((e) =>
      eventCard(e, {
        stores,
        posters,
        waitlistParties: waiting.get(e.id) ?? 0,
        myStatus: leadingStatus((mine.get(e.id) ?? []).map((s) => s.status)),
        sessions: sessions.get(e.id),
        now,
      }),
    );
  }
}
