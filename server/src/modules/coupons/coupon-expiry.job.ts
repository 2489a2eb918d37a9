import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { CouponStatus } from '@member/shared';
import { DataSource, In, type EntityManager } from 'typeorm';
import { Clock } from '../../common/clock';
import { TransactionRunner } from '../../database/transaction-runner';
import { JobRegistry } from '../../jobs/job-registry';
import { OutboxRegistry } from '../../outbox/outbox-registry';
import { OutboxService } from '../../outbox/outbox.service';
import { NoticesService } from '../notices/notices.service';
import { noticeDueAt } from '../notices/notice-timing';
import { CouponGift } from './entities/coupon-gift.entity';
import { Coupon } from './entities/coupon.entity';
import { CouponTemplate } from './entities/coupon-template.entity';

const CHUNK = 500;
const REMIND_WITHIN_MS = 3 * 86_400_000;
// A notice names at most this many coupons (and says how many there are).
const REMIND_LIST_MAX = 20;

/** What the care-notices handler gets: ids and dates only, no names (it reads what it shows). */
export interface CouponExpiringNotice {
  memberId: number;
  /** The business day the notice was planned for (one notice per member per day). */
  on: string;
  count: number;
  /** Soonest first. */
  coupons: { couponId: number; templateId: number; validUntil: string }[];
}

/**
 * Coupons are unusable from the second they expire whatever this job does (reads and use() compare
 * valid_until with the clock). Daily at 00:15 Asia/Shanghai it records that: USABLE/GIFTING coupons past
 * valid_until become EXPIRED (guarded by status and date, 500 a transaction, through
 * idx_coupon_status_until), and an open gift link on one closes as EXPIRED. Daily at 00:40 it plans the
 * reminders: one outbox row per member and day (kind notice.coupon-expiring, key <member>:<day>) listing
 * their usable coupons expiring within 3 days. Its handler plans the COUPON_EXPIRING care notice (named
 * after the soonest coupon, due from 10:00 that day, never after that coupon expires).
 */
@Injectable()
export class CouponExpiryJob implements OnModuleInit {
  static readonly NAME = 'coupon-expiry';
  static readonly REMINDERS = 'coupon-expiry-reminders';
  static readonly NOTICE_KIND = 'notice.coupon-expiring';

  constructor(
    private readonly jobs: JobRegistry,
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
    private readonly handlers: OutboxRegistry,
    private readonly notices: NoticesService,
  ) {}

  onModuleInit(): void {
    this.handlers.register<CouponExpiringNotice>({
      kind: CouponExpiryJob.NOTICE_KIND,
      handle: (em, ctx) => this.planNotice(em, ctx.payload),
    });
    this.jobs.register({
      name: CouponExpiryJob.NAME,
      schedule: { kind: 'daily', at: '00:15' },
      run: () => this.expire(),
    });
    this.jobs.register({
      name: CouponExpiryJob.REMINDERS,
      schedule: { kind: 'daily', at: '00:40' },
      run: () => this.remind(),
    });
  }

  /** The care notice for one member's expiring coupons (once per member and day). */
  async planNotice(em: EntityManager, n: CouponExpiringNotice): Promise<void> {
    const first = n.coupons[0];
    if (!first) return;
    const template = await em.getRepository(CouponTemplate).findOne({
      select: { id: true, name: true, faceValueFen: true },
      where: { id: first.templateId },
    });
    await this.notices.plan(em, {
      kind: 'COUPON_EXPIRING',
      memberId: n.memberId,
      dedupeKey: `coupons:${n.on}`,
      dueAt: noticeDueAt(n.on, this.clock.now()),
      sendBy: new Date(first.validUntil),
      facts: {
        couponName: template?.name ?? '优惠券',
        count: n.count,
        valueFen: template?.faceValueFen ?? 0,
        validUntil: first.validUntil,
      },
    });
  }

  async expire(): Promise<{ expired: number; giftsClosed: number }> {
    const now = this.clock.now();
    let expired = 0;
    let giftsClosed = 0;
    // GIFTING first: one cancelled meanwhile turns USABLE and is still met by the USABLE pass.
    for (const status of ['GIFTING', 'USABLE'] as const) {
      for (;;) {
        const due = await this.ds
          .getRepository(Coupon)
          .createQueryBuilder('c')
          .select('c.id', 'id')
          .where('c.status = :status AND c.validUntil <= :now', { status, now })
          .orderBy('c.validUntil', 'ASC')
          .limit(CHUNK)
          .getRawMany<{ id: number | string }>();
        if (!due.length) break;
        const ids = due.map((r) => Number(r.id));
        const done = await this.tx.run((em) => this.expireChunk(em, ids, status, now));
        expired += done.expired;
        giftsClosed += done.giftsClosed;
        // Every row read either expired now or changed status meanwhile: none is met twice.
        if (ids.length < CHUNK) break;
      }
    }
    return { expired, giftsClosed };
  }

  private async expireChunk(
    em: EntityManager,
    ids: number[],
    status: CouponStatus,
    now: Date,
  ): Promise<{ expired: number; giftsClosed: number }> {
    const flipped = await em
      .createQueryBuilder()
      .update(Coupon)
      .set({ status: 'EXPIRED' })
      .where('id IN (:...ids) AND status = :status AND valid_until <= :now', { ids, status, now })
      .execute();
    let giftsClosed = 0;
    if (status === 'GIFTING') {
      // A link on a coupon that expired while offered; one accepted or cancelled meanwhile is not OPEN.
      const closed = await em
        .createQueryBuilder()
        .update(CouponGift)
        .set({ status: 'EXPIRED', closedAt: now })
        .where({ couponId: In(ids), status: 'OPEN' })
        .execute();
      giftsClosed = closed.affected ?? 0;
    }
    return { expired: flipped.affected ?? 0, giftsClosed };
  }

  /** Plans today's reminders; a second run the same day (or another node) plans nothing twice. */
  async remind(): Promise<{ members: number; planned: number }> {
    const now = this.clock.now();
    const on = this.clock.today();
    const until = new Date(now.getTime() + REMIND_WITHIN_MS);
    const byMember = new Map<number, CouponExpiringNotice['coupons']>();
    // Keyset pages over (valid_until, id) in idx_coupon_status_until: cost follows the coupons expiring.
    let after: { until: Date; id: number } | null = null;
    for (;;) {
      const qb = this.ds
        .getRepository(Coupon)
        .createQueryBuilder('c')
        .select(['c.id', 'c.memberId', 'c.templateId', 'c.validUntil'])
        .where('c.status = :usable AND c.validUntil > :now AND c.validUntil <= :until', {
          usable: 'USABLE',
          now,
          until,
        });
      if (after) {
        qb.andWhere('(c.validUntil > :afterUntil OR (c.validUntil = :afterUntil AND c.id > :afterId))', {
          afterUntil: after.until,
          afterId: after.id,
        });
      }
      const rows = await qb.orderBy('c.validUntil', 'ASC').addOrderBy('c.id', 'ASC').limit(CHUNK).getMany();
      for (const c of rows) {
        const list = byMember.get(c.memberId) ?? [];
        list.push({ couponId: c.id, templateId: c.templateId, validUntil: c.validUntil.toISOString() });
        byMember.set(c.memberId, list);
      }
      if (rows.length < CHUNK) break;
      const last = rows[rows.length - 1]!;
      after = { until: last.validUntil, id: last.id };
    }
    const members = [...byMember.keys()];
    let planned = 0;
    for (let i = 0; i < members.length; i += CHUNK) {
      const slice = members.slice(i, i + CHUNK);
      planned += await this.tx.run(async (em) => {
        let n = 0;
        for (const memberId of slice) {
          const coupons = byMember.get(memberId)!;
          const payload: CouponExpiringNotice = {
            memberId,
            on,
            count: coupons.length,
            coupons: coupons.slice(0, REMIND_LIST_MAX),
          };
          if (await this.outbox.enqueue(em, { kind: CouponExpiryJob.NOTICE_KIND, key: `${memberId}:${on}`, payload }))
            n++;
        }
        return n;
      });
    }
    return { members: members.length, planned };
  }
}
