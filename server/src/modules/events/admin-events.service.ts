import { Injectable } from '@nestjs/common';
import {
  ActorType,
  AuditAction,
  ErrorCode,
  OperatorRole,
  type EventAdmin,
  type EventAdminQuery,
  type EventCounters,
  type EventInput,
  type EventStatus,
  type Page,
} from '@member/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { AppException } from '../../common/app-exception';
import { Clock, shanghaiDayStart } from '../../common/clock';
import { TransactionRunner } from '../../database/transaction-runner';
import { AuditService, operatorActor } from '../audit/audit.service';
import type { OperatorPrincipal } from '../auth/token.service';
import { CouponIssuingService } from '../coupons/coupon-issuing.service';
import { MediaService } from '../media/media.service';
import { StoreDirectory } from '../stores/store-directory';
import { TiersService } from '../tiers/tiers.service';
import { EventSignupRow } from './entities/event-signup.entity';
import { EventRow } from './entities/event.entity';
import { EventFees } from './event-fees';
import { EventPaySyncService } from './event-pay-sync.service';
import { EventPaymentsRepository } from './event-payments.repository';
import { EventRefundsService } from './event-refunds.service';
import { EventReads } from './event-reads';
import { EventRules } from './event-rules';
import { EventSessionsEditor } from './event-sessions-editor';
import { countersOf, tierCodesOf } from './event-views';
import { EventWaitlist } from './event-waitlist.service';
import { EventsRepository } from './events.repository';

const DAY_MS = 86_400_000;
const invalid = (message: string) => new AppException(ErrorCode.EVENT_INVALID, message);

/**
 * Operators run events: create and edit (guarded by the version they edited), publish, close sign-up, and
 * cancel — which gives every points fee back through a ledger reversal, exactly once (each sign-up leaves
 * its live status by a guarded update before its fee is reversed), and plans a notice to each member.
 * Store managers see their own store's events only; analysts read. Every change is audited.
 */
@Injectable()
export class AdminEventsService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly repo: EventsRepository,
    private readonly reads: EventReads,
    private readonly rules: EventRules,
    private readonly fees: EventFees,
    private readonly waitlist: EventWaitlist,
    private readonly stores: StoreDirectory,
    private readonly tiers: TiersService,
    private readonly media: MediaService,
    private readonly coupons: CouponIssuingService,
    private readonly payments: EventPaymentsRepository,
    private readonly refunds: EventRefundsService,
    private readonly paySync: EventPaySyncService,
    private readonly sessions: EventSessionsEditor,
  ) {}

  async list(q: EventAdminQuery, op: OperatorPrincipal): Promise<Page<EventAdmin>> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const qb = this.ds.getRepository(EventRow).createQueryBuilder('e');
    const storeId = op.role === OperatorRole.StoreManager ? (op.storeId ?? -1) : q.storeId;
    if (storeId) qb.andWhere('e.storeId = :storeId', { storeId });
    if (q.status) qb.andWhere('e.status = :status', { status: q.status });
    if (q.from) qb.andWhere('e.startsAt >= :from', { from: shanghaiDayStart(q.from) });
    if (q.to) qb.andWhere('e.startsAt < :to', { to: new Date(shanghaiDayStart(q.to).getTime() + DAY_MS) });
    if (q.q) qb.andWhere('e.title LIKE :q', { q: `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` });
    const [rows, total] = await qb
      .orderBy('e.startsAt', 'DESC')
      .addOrderBy('e.id', 'DESC')
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    return { items: await this.views(rows), total, page, pageSize };
  }

  async get(id: number, op: OperatorPrincipal): Promise<EventAdmin> {
    return (await this.views([await this.visible(id, op)]))[0];
  }

  async counters(id: number, op: OperatorPrincipal): Promise<EventCounters> {
    const e = await this.visible(id, op);
    return countersOf((await this.sessions.views(e)).totals, await this.repo.sums(e.id));
  }

  /** The event if this operator may see it (store managers: their store's), else 404. */
  async visible(id: number, op: OperatorPrincipal, em?: EntityManager): Promise<EventRow> {
    const e = await this.repo.event(id, em);
    if (!e || (op.role === OperatorRole.StoreManager && e.storeId !== op.storeId))
      throw new AppException(ErrorCode.EVENT_NOT_FOUND);
    return e;
  }

  async create(input: EventInput, op: OperatorPrincipal): Promise<EventAdmin> {
    const clean = await this.coherent(input);
    const now = this.clock.now();
    const id = await this.tx.run(async (em) => {
      const row = em.create(EventRow, {
        ...this.columns(clean),
        sessionCount: clean.sessions?.length ?? 0,
        seatsTaken: 0,
        waitlistSeq: 0,
        status: 'DRAFT',
        cancelReason: null,
        noShowSweptAt: null,
        version: 0,
        createdBy: op.operatorId,
        createdAt: now,
        updatedAt: now,
        publishedAt: null,
        cancelledAt: null,
      });
      await em.insert(EventRow, row);
      await this.sessions.create(em, row.id, clean, now);
      await this.audit.record(
        operatorActor(op),
        {
          action: AuditAction.EventCreated,
          targetType: 'event',
          targetId: row.id,
          after: clean,
          storeId: clean.storeId,
        },
        em,
      );
      return row.id;
    });
    return this.get(id, op);
  }

  async update(id: number, input: EventInput & { version: number }, op: OperatorPrincipal): Promise<EventAdmin> {
    const { version, ...body } = input;
    const clean = await this.coherent(body);
    const now = this.clock.now();
    await this.tx.run(async (em) => {
      const current = await this.repo.lockEvent(em, id);
      if (!current) throw new AppException(ErrorCode.EVENT_NOT_FOUND);
      if (current.status === 'CANCELLED' || current.status === 'CLOSED')
        throw new AppException(ErrorCode.EVENT_STATUS_INVALID, '已截止或已取消的活动不能修改');
      if (current.version !== version) throw new AppException(ErrorCode.EVENT_VERSION_CONFLICT);
      if (current.status === 'PUBLISHED') {
        // Members signed up on these terms: the fee stays as published.
        if (
          clean.feeKind !== current.feeKind ||
          clean.feePoints !== current.feePoints ||
          clean.feeFen !== current.feeFen
        )
          throw invalid('活动发布后不能修改报名费用');
        this.rules.assertFeeSupported(clean.feeKind);
      }
      // Guarded by the version edited and by the seats already taken at this moment.
      const result = await em
        .createQueryBuilder()
        .update(EventRow)
        .set({
          ...this.columns(clean),
          sessionCount: clean.sessions?.length ?? 0,
          version: () => 'version + 1',
          updatedAt: now,
        })
        // An event with sessions keeps 0 seats on its own row: the guard holds for it too.
        .where('id = :id AND version = :version AND seats_taken <= :capacity', {
          id,
          version,
          capacity: clean.capacity,
        })
        .execute();
      if (result.affected !== 1) {
        if (current.seatsTaken > clean.capacity) throw invalid(`名额不能少于已报名的 ${current.seatsTaken} 人`);
        throw new AppException(ErrorCode.EVENT_VERSION_CONFLICT);
      }
      // The sessions after the event row (locked in id order); each one's seats guarded on its own row.
      await this.sessions.update(em, current, clean, now);
      // More seats (or a later start) may let waiting parties in at once.
      if (clean.capacity > current.capacity && !current.sessionCount) await this.waitlist.promote(em, id, now);
      await this.audit.record(
        operatorActor(op),
        {
          action: AuditAction.EventUpdated,
          targetType: 'event',
          targetId: id,
          before: { ...this.columns(this.inputOf(current)), sessionCount: current.sessionCount },
          after: { ...this.columns(clean), sessions: clean.sessions ?? [] },
          storeId: clean.storeId,
        },
        em,
      );
    });
    return this.get(id, op);
  }

  async publish(id: number, version: number, op: OperatorPrincipal): Promise<EventAdmin> {
    return this.move(id, version, op, 'DRAFT', 'PUBLISHED', (e) => {
      this.rules.assertFeeSupported(e.feeKind);
      if (e.endsAt.getTime() <= this.clock.nowMs()) throw invalid('活动已结束，不能发布');
    });
  }

  async close(id: number, version: number, op: OperatorPrincipal): Promise<EventAdmin> {
    return this.move(id, version, op, 'PUBLISHED', 'CLOSED');
  }

  private async move(
    id: number,
    version: number,
    op: OperatorPrincipal,
    from: EventStatus,
    to: EventStatus,
    check?: (e: EventRow) => void,
  ): Promise<EventAdmin> {
    const now = this.clock.now();
    await this.tx.run(async (em) => {
      const e = await this.repo.lockEvent(em, id);
      if (!e) throw new AppException(ErrorCode.EVENT_NOT_FOUND);
      if (e.version !== version) throw new AppException(ErrorCode.EVENT_VERSION_CONFLICT);
      if (e.status !== from) throw new AppException(ErrorCode.EVENT_STATUS_INVALID);
      check?.(e);
      const result = await em
        .createQueryBuilder()
        .update(EventRow)
        .set({
          status: to,
          version: () => 'version + 1',
          updatedAt: now,
          ...(to === 'PUBLISHED' ? { publishedAt: now } : {}),
        })
        .where('id = :id AND version = :version AND status = :from', { id, version, from })
        .execute();
      if (result.affected !== 1) throw new AppException(ErrorCode.EVENT_VERSION_CONFLICT);
      if (e.sessionCount) await this.sessions.copyStatus(em, id, to, now);
      await this.audit.record(
        operatorActor(op),
        {
          action: AuditAction.EventStatusChanged,
          targetType: 'event',
          targetId: id,
          before: { status: from },
          after: { status: to },
          storeId: e.storeId,
        },
        em,
      );
    });
    return this.get(id, op);
  }

  /**
   * Cancels the event: every live sign-up ends (EVENT_CANCELLED), each points fee comes back through a
   * reversal, each paid cash fee through a WeChat Pay refund (planned here, asked through the outbox), an
   * unpaid one's payment is closed, and each member is told (a planned notice). One transaction holding the
   * event row's lock.
   */
  async cancel(id: number, version: number, reason: string, op: OperatorPrincipal): Promise<EventAdmin> {
    const now = this.clock.now();
    const closed: string[] = [];
    await this.tx.run(async (em) => {
      closed.length = 0;
      const e = await this.repo.lockEvent(em, id);
      if (!e) throw new AppException(ErrorCode.EVENT_NOT_FOUND);
      if (e.version !== version) throw new AppException(ErrorCode.EVENT_VERSION_CONFLICT);
      if (e.status === 'CANCELLED' || e.endsAt.getTime() <= now.getTime())
        throw new AppException(ErrorCode.EVENT_STATUS_INVALID, '已取消或已结束的活动不能取消');
      // The sessions' rows after the event's, in id order (as every operator change takes them).
      if (e.sessionCount) await this.repo.sessionsOf(id, em, true);
      const live = await em.getRepository(EventSignupRow).find({
        where: [
          { eventId: id, status: 'CONFIRMED' },
          { eventId: id, status: 'WAITLISTED' },
          { eventId: id, status: 'PENDING_PAYMENT' },
        ],
        order: { id: 'ASC' },
      });
      // Seats freed per session (0: the event's own row).
      const freed = new Map<number, number>();
      let refunded = 0;
      let cashRefunded = 0;
      for (const read of live) {
        // A cash fee's payment row before the sign-up row (the settle path's order), the sign-up read again.
        const p = e.feeKind === 'CASH' ? await this.payments.lockBySignup(em, read.id) : null;
        const s = p ? (await this.repo.signup(read.id, em))! : read;
        if (p?.status === 'PENDING' && (await this.payments.close(em, p.id, now))) closed.push(p.outTradeNo);
        const cash = p?.status === 'PAID' && (await this.refunds.plan(em, p, 'EVENT_CANCELLED', now)) ? p.amountFen : 0;
        cashRefunded += cash;
        const refund = s.feeEntryId !== null && !s.feeRefunded && s.status !== 'WAITLISTED';
        const moved = await this.repo.move(em, s.id, [s.status], {
          status: 'CANCELLED',
          activeMemberId: null,
          cancelledAt: now,
          endReason: 'EVENT_CANCELLED',
          feeRefunded: refund || s.feeRefunded,
          updatedAt: now,
        });
        if (!moved) throw new Error(`event signup ${s.id} moved under the event lock`);
        if (refund) {
          await this.fees.refund(em, s.feeEntryId!, s.ticketCode, `活动取消 ${e.title}`, {
            type: ActorType.Operator,
            id: op.operatorId,
          });
          refunded += s.feePoints;
        }
        if (s.status !== 'WAITLISTED') freed.set(s.sessionId, (freed.get(s.sessionId) ?? 0) + s.partySize);
        await this.waitlist.plan(
          em,
          'EVENT_CANCELLED',
          s,
          refund ? s.feePoints : 0,
          cash ? { cashFen: cash } : undefined,
        );
      }
      for (const [sessionId, n] of freed) await this.repo.freeSeats(em, id, n, sessionId);
      if (e.sessionCount) await this.sessions.copyStatus(em, id, 'CANCELLED', now);
      // Nothing to sweep after a cancelled event: the no-show job passes it by.
      const result = await em
        .createQueryBuilder()
        .update(EventRow)
        .set({
          status: 'CANCELLED',
          cancelReason: reason.trim(),
          cancelledAt: now,
          noShowSweptAt: now,
          version: () => 'version + 1',
          updatedAt: now,
        })
        .where('id = :id AND version = :version', { id, version })
        .execute();
      if (result.affected !== 1) throw new AppException(ErrorCode.EVENT_VERSION_CONFLICT);
      await this.audit.record(
        operatorActor(op),
        {
          action: AuditAction.EventCancelled,
          targetType: 'event',
          targetId: id,
          before: { status: e.status },
          after: {
            status: 'CANCELLED',
            signupsCancelled: live.length,
            pointsRefunded: refunded,
            cashRefundedFen: cashRefunded,
          },
          reason: reason.trim(),
          storeId: e.storeId,
        },
        em,
      );
    });
    // Unpaid fees closed at WeChat too, after the commit (a payment landing meanwhile is refunded).
    await this.paySync.closeAtWechat(closed);
    return this.get(id, op);
  }

  /**
   * The input checked for coherence: times in order, fee kind and amounts agree, references exist. With
   * sessions the event's times are the sessions' span and sign-up may run until the last session starts.
   */
  private async coherent(input: EventInput): Promise<EventInput> {
    const i = this.sessions.normalize(input);
    const t = (iso: string) => Date.parse(iso);
    if (t(i.endsAt) <= t(i.startsAt)) throw invalid('结束时间须晚于开始时间');
    if (t(i.signupEndsAt) <= t(i.signupStartsAt)) throw invalid('报名截止须晚于报名开始');
    if (!i.sessions?.length && t(i.signupEndsAt) > t(i.startsAt)) throw invalid('报名截止不能晚于活动开始');
    if (t(i.cancelDeadline) > t(i.startsAt)) throw invalid('取消截止不能晚于活动开始');
    if (i.feeKind === 'FREE' && (i.feePoints !== 0 || i.feeFen !== 0)) throw invalid('免费活动的报名费用须为 0');
    if (i.feeKind === 'POINTS' && (i.feePoints < 1 || i.feeFen !== 0)) throw invalid('积分报名须填写每人所需积分');
    if (i.feeKind === 'CASH' && (i.feeFen < 1 || i.feePoints !== 0)) throw invalid('付费报名须填写每人报名费');
    const store = (await this.stores.places([i.storeId])).get(i.storeId);
    if (!store?.active) throw invalid('请选择营业中的门店');
    const tierCodes = i.tierCodes?.length ? [...new Set(i.tierCodes)].sort() : null;
    if (tierCodes) {
      const known = new Set((await this.tiers.activeTiers()).map((tier) => tier.code));
      if (tierCodes.some((c) => !known.has(c))) throw invalid('所选会员等级不存在');
    }
    const posterIds = [...new Set(i.posterIds)];
    if ((await this.media.resolve(posterIds)).length !== posterIds.length) throw invalid('海报图片不存在，请重新上传');
    if (i.rewardCouponTemplateId !== null) {
      const brief = (await this.coupons.describe([i.rewardCouponTemplateId])).get(i.rewardCouponTemplateId);
      if (!brief) throw invalid('签到奖励的优惠券不存在');
    }
    return {
      ...i,
      title: i.title.trim(),
      address: i.address?.trim() || null,
      tierCodes,
      posterIds,
    };
  }

  private columns(i: EventInput) {
    return {
      title: i.title,
      posterIdsJson: JSON.stringify(i.posterIds),
      description: i.description,
      storeId: i.storeId,
      address: i.address,
      startsAt: new Date(i.startsAt),
      endsAt: new Date(i.endsAt),
      signupStartsAt: new Date(i.signupStartsAt),
      signupEndsAt: new Date(i.signupEndsAt),
      capacity: i.capacity,
      tierCodesJson: i.tierCodes ? JSON.stringify(i.tierCodes) : null,
      feeKind: i.feeKind,
      feePoints: i.feePoints,
      feeFen: i.feeFen,
      maxCompanions: i.maxCompanions,
      cancelDeadline: new Date(i.cancelDeadline),
      rewardPoints: i.rewardPoints,
      rewardCouponTemplateId: i.rewardCouponTemplateId,
    };
  }

  private inputOf(e: EventRow): EventInput {
    return {
      title: e.title,
      posterIds: JSON.parse(e.posterIdsJson) as number[],
      description: e.description,
      storeId: e.storeId!,
      address: e.address,
      startsAt: e.startsAt.toISOString(),
      endsAt: e.endsAt.toISOString(),
      signupStartsAt: e.signupStartsAt.toISOString(),
      signupEndsAt: e.signupEndsAt.toISOString(),
      capacity: e.capacity,
      tierCodes: tierCodesOf(e),
      feeKind: e.feeKind,
      feePoints: e.feePoints,
      feeFen: e.feeFen,
      maxCompanions: e.maxCompanions,
      cancelDeadline: e.cancelDeadline.toISOString(),
      rewardPoints: e.rewardPoints,
      rewardCouponTemplateId: e.rewardCouponTemplateId,
    };
  }

  private async views(rows: EventRow[]): Promise<EventAdmin[]> {
    const [stores, posters] = await Promise.all([this.reads.storesOf(rows), this.reads.posters(rows, true)]);
    const coupons = await this.coupons.describe(
      rows.map((e) => e.rewardCouponTemplateId).filter((id): id is number => id !== null),
    );
    const out: EventAdmin[] = [];
    for (const e of rows) {
      const coupon = e.rewardCouponTemplateId ? coupons.get(e.rewardCouponTemplateId) : undefined;
      const { sessions, totals } = await this.sessions.views(e);
      out.push({
        ...this.inputOf(e),
        id: e.id,
        sessions,
        status: e.status,
        posters: this.reads.postersOf(e, posters),
        store: stores.get(e.storeId!) ?? { id: e.storeId!, name: '（门店已删除）', address: null },
        seatsTaken: totals.seatsTaken,
        counters: countersOf(totals, await this.repo.sums(e.id)),
        rewardCoupon: coupon ? { templateId: coupon.templateId, name: coupon.name } : null,
        cancelReason: e.cancelReason,
        version: e.version,
        createdAt: e.createdAt.toISOString(),
        updatedAt: e.updatedAt.toISOString(),
        publishedAt: e.publishedAt?.toISOString() ?? null,
        cancelledAt: e.cancelledAt?.toISOString() ?? null,
      });
    }
    return out;
  }
}
