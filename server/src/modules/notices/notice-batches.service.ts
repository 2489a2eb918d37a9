import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AuditAction, ErrorCode } from '@member/shared';
import { DataSource } from 'typeorm';
import { AppException } from '../../common/app-exception';
import { Clock, addBizDays, shanghaiDayStart } from '../../common/clock';
import { AppConfig } from '../../config/app-config';
import { TransactionRunner } from '../../database/transaction-runner';
import { JobRegistry } from '../../jobs/job-registry';
import { AuditService, operatorActor } from '../audit/audit.service';
import type { OperatorPrincipal } from '../auth/token.service';
import { birthdayMonthDays } from '../coupons/coupon-birthday.job';
import { MemberDirectory } from '../members/member-directory';
import { NoticesService } from './notices.service';

export interface WinBackInput {
  inactiveDays: number;
  message: string;
  perk: string;
  validUntil: string;
}

/**
 * Batches that plan notices for many members: keyset pages in member id order, one short transaction per
 * page, and a dedupe key per member (birthday:YYYY, win-back:YYYY-MM-DD) so a run that crashed halfway is
 * simply run again: what was planned stays planned once, the rest is added.
 */
@Injectable()
export class NoticeBatches implements OnModuleInit {
  static readonly BIRTHDAY_JOB = 'notices-birthday';

  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    private readonly notices: NoticesService,
    private readonly members: MemberDirectory,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly jobs: JobRegistry,
    private readonly audit: AuditService,
  ) {}

  onModuleInit(): void {
    this.jobs.register({
      name: NoticeBatches.BIRTHDAY_JOB,
      schedule: { kind: 'daily', at: '00:40' },
      run: () => this.birthdays(),
    });
  }

  /** Plans today's birthday greetings (sent from 09:00: marketing waits out the quiet hours). */
  async birthdays(): Promise<{ planned: number; members: number }> {
    const today = this.clock.today();
    const year = Number(today.slice(0, 4));
    const now = this.clock.now();
    const validUntil = addBizDays(today, 6);
    const sendBy = shanghaiDayStart(addBizDays(today, 1));
    let afterId = 0;
    let planned = 0;
    let members = 0;
    for (;;) {
      const ids = await this.members.withBirthday(birthdayMonthDays(today), year, {
        afterId,
        limit: this.config.notices.birthdayChunk,
      });
      if (!ids.length) break;
      members += ids.length;
      planned += await this.tx.run((em) =>
        this.notices.planMany(
          em,
          ids.map((memberId) => ({
            kind: 'BIRTHDAY' as const,
            memberId,
            dedupeKey: `birthday:${year}`,
            dueAt: now,
            // A greeting after the day is worse than none.
            sendBy,
            facts: { year, perk: '生日当月到店消费享会员礼遇', validFrom: today, validUntil },
          })),
        ),
      );
      afterId = ids[ids.length - 1];
    }
    return { planned, members };
  }

  /** 会员回访: members whose last purchase is older than N days get one WIN_BACK notice (once a day). */
  async winBack(input: WinBackInput, op: OperatorPrincipal): Promise<{ planned: number; members: number }> {
    const now = this.clock.now();
    const validUntil = new Date(input.validUntil);
    if (validUntil.getTime() <= now.getTime()) {
      throw new AppException(ErrorCode.VALIDATION_FAILED, '有效期须晚于现在');
    }
    const before = new Date(now.getTime() - input.inactiveDays * 86_400_000);
    const day = this.clock.today();
    const validDay = new Date(validUntil.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    const chunk = this.config.notices.birthdayChunk;
    let afterId = 0;
    let planned = 0;
    let members = 0;
    for (;;) {
      const rows = (await this.ds.query(
        `SELECT member_id AS id FROM purchase WHERE member_id > ? GROUP BY member_id HAVING MAX(created_at) < ? ORDER BY member_id LIMIT ${chunk}`,
        [
          afterId,
          this.ds.options.type === 'better-sqlite3' ? before.toISOString().replace('T', ' ').replace('Z', '') : before,
        ],
      )) as { id: number | string }[];
      if (!rows.length) break;
      const ids = rows.map((r) => Number(r.id));
      members += ids.length;
      planned += await this.tx.run((em) =>
        this.notices.planMany(
          em,
          ids.map((memberId) => ({
            kind: 'WIN_BACK' as const,
            memberId,
            dedupeKey: `win-back:${day}`,
            dueAt: now,
            sendBy: validUntil,
            facts: { message: input.message, perk: input.perk, validUntil: validDay },
          })),
        ),
      );
      afterId = ids[ids.length - 1];
      if (rows.length < chunk) break;
    }
    await this.audit.record(operatorActor(op), {
      action: AuditAction.NoticeWinBackPlanned,
      targetType: 'notice',
      after: { inactiveDays: input.inactiveDays, members, planned },
    });
    return { planned, members };
  }
}
