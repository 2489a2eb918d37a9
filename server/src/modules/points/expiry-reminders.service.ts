import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { Page, PointsExpiryReminder, PointsExpiryReminderQuery } from '@member/shared';
import { DataSource, In } from 'typeorm';
import { addBizDays, Clock, shanghaiDayStart } from '../../common/clock';
import { AppConfig } from '../../config/app-config';
import { JobRegistry } from '../../jobs/job-registry';
import { LedgerService } from '../../ledger/ledger.service';
import { OutboxRegistry } from '../../outbox/outbox-registry';
import { OutboxService } from '../../outbox/outbox.service';
import { NoticesService } from '../notices/notices.service';
import { noticeDueAt } from '../notices/notice-timing';
import { TransactionRunner } from '../../database/transaction-runner';
import { PointsExpiryReminderRow } from './entities/points-expiry-reminder.entity';
import { MemberDirectory, unknownMember } from '../members/member-directory';
import { MemberScope } from '../members/member-scope';
import type { OperatorPrincipal } from '../auth/token.service';

/**
 * Plans "your points expire soon" notices: one row per member and expiry day within the reminder window,
 * planned once (unique key) and sent later through the outbox: each planned row commits together with
 * its outbox row (unique per member and day), so no plan lacks its send and none is sent twice. Reads
 * lots day by day through the expires_at index, so the cost follows the points that expire, not the
 * member count.
 */
@Injectable()
export class ExpiryRemindersService implements OnModuleInit {
  static readonly JOB = 'points-expiry-reminders';
  // Its handler plans the POINTS_EXPIRING care notice (due from 10:00, never after the points expire).
  static readonly SEND_KIND = 'notice.points-expiry-reminder';

  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    private readonly outbox: OutboxService,
    private readonly ledger: LedgerService,
    private readonly jobs: JobRegistry,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly members: MemberDirectory,
    private readonly scope: MemberScope,
    private readonly handlers: OutboxRegistry,
    private readonly notices: NoticesService,
  ) {}

  onModuleInit(): void {
    this.handlers.register<{ memberId: number; expiresOn: string; points: number }>({
      kind: ExpiryRemindersService.SEND_KIND,
      handle: async (em, { payload }) => {
        const balance = (await this.ledger.availableOf([payload.memberId], 'POINTS', em)).get(payload.memberId) ?? 0;
        await this.notices.plan(em, {
          kind: 'POINTS_EXPIRING',
          memberId: payload.memberId,
          dedupeKey: `points:${payload.expiresOn}`,
          dueAt: noticeDueAt(this.clock.today(), this.clock.now()),
          sendBy: shanghaiDayStart(addBizDays(payload.expiresOn, 1)),
          facts: { points: payload.points, expiresOn: payload.expiresOn, balance },
        });
      },
    });
    this.jobs.register({
      name: ExpiryRemindersService.JOB,
      schedule: { kind: 'daily', at: '00:20' },
      run: () => this.plan(),
    });
  }

  async plan(): Promise<{ planned: number; days: number }> {
    const now = this.clock.now();
    const today = this.clock.today();
    const days = this.config.loyalty.expiryReminderDays;
    let planned = 0;
    for (let d = 0; d <= days; d++) {
      const day = addBizDays(today, d);
      // Today: only lots still live (expires_at > now); a lot due right now is the sweep's, not a reminder.
      const [from, after] = d === 0 ? [now, '>'] : [shanghaiDayStart(day), '>='];
      const rows = (
        await this.ledger.expiringByMember('POINTS', {
          from,
          to: shanghaiDayStart(addBizDays(day, 1)),
          fromExclusive: after === '>',
        })
      ).map((r) => ({ memberId: r.memberId, points: r.amount }));
      const alreadyPlanned = await this.ds.getRepository(PointsExpiryReminderRow).find({
        select: { memberId: true },
        where: { expiresOn: day, memberId: In(rows.map((r) => Number(r.memberId))) },
      });
      const already = new Set(alreadyPlanned.map((r) => r.memberId));
      const fresh = rows.filter((r) => !already.has(Number(r.memberId)));
      if (!fresh.length) continue;
      await this.tx.run(async (em) => {
        // INSERT IGNORE still guards against another node planning the same day at the same moment.
        await em
          .createQueryBuilder()
          .insert()
          .into(PointsExpiryReminderRow)
          .values(
            fresh.map((r) => ({
              memberId: Number(r.memberId),
              expiresOn: day,
              points: Number(r.points),
              status: 'planned' as const,
              plannedAt: now,
              sentAt: null,
            })),
          )
          .orIgnore()
          .execute();
        // Sending goes through the outbox, one row per member and day (unique key), committed with the plan.
        for (const r of fresh) {
          const memberId = Number(r.memberId);
          const payload = { memberId, expiresOn: day, points: Number(r.points) };
          await this.outbox.enqueue(em, { kind: ExpiryRemindersService.SEND_KIND, key: `${memberId}:${day}`, payload });
        }
      });
      planned += fresh.length;
    }
    return { planned, days };
  }

  async list(query: PointsExpiryReminderQuery, op?: OperatorPrincipal): Promise<Page<PointsExpiryReminder>> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const qb = this.ds.getRepository(PointsExpiryReminderRow).createQueryBuilder('r');
    if (query.status) qb.andWhere('r.status = :status', { status: query.status });
    // A store manager sees reminders of the members their store served only.
    if (op) this.scope.restrict(qb, op, 'r.member_id');
    if (this.scope.aggregateOnly(op)) return { items: [], total: await qb.getCount(), page, pageSize };
    const [rows, total] = await qb
      .orderBy({ 'r.expiresOn': 'ASC', 'r.id': 'ASC' })
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    const members = await this.members.refs(rows.map((r) => r.memberId));
    const items = rows.map((r) => ({
      id: r.id,
      member: members.get(r.memberId) ?? unknownMember(r.memberId),
      expiresOn: r.expiresOn,
      points: r.points,
      status: r.status,
      plannedAt: r.plannedAt.toISOString(),
    }));
    return { items, total, page, pageSize };
  }
}
