import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock';
import { TransactionRunner } from '../../database/transaction-runner';
import { JobRegistry } from '../../jobs/job-registry';
import { MemberDirectory } from '../members/member-directory';
import { MemberTiersService } from '../tiers/member-tiers.service';
import { TiersService } from '../tiers/tiers.service';
import { CouponIssuingService } from './coupon-issuing.service';
import { activeTemplates, allowsTier, occasionKeys } from './coupon-occasions';

const PAGE = 500;

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** The month-days ('MM-DD') whose birthdays fall on `date`: Feb 29 birthdays are kept on Feb 28 in other years. */
export function birthdayMonthDays(date: string): string[] {
  const md = date.slice(5);
  return md === '02-28' && !isLeap(Number(date.slice(0, 4))) ? ['02-28', '02-29'] : [md];
}

/**
 * Daily at 00:30 Asia/Shanghai: the birthday gift — one coupon of each ACTIVE BIRTHDAY template for members
 * whose birthday is today, when their tier has the birthday gift (Tier.birthdayGift) and the template lets
 * the tier in. Planned on the outbox with the key birthday:<year>:<template>:<member>, so a rerun the same
 * day, a second node or a late retry plans nothing twice, and the coupon comes once per member per year.
 * Cost follows the day's birthdays (MemberDirectory.withBirthday), in member id pages of 500.
 */
@Injectable()
export class CouponBirthdayJob implements OnModuleInit {
  static readonly NAME = 'coupon-birthday-gifts';

  constructor(
    private readonly jobs: JobRegistry,
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    private readonly members: MemberDirectory,
    private readonly tiers: TiersService,
    private readonly memberTiers: MemberTiersService,
    private readonly issuing: CouponIssuingService,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.jobs.register({
      name: CouponBirthdayJob.NAME,
      schedule: { kind: 'daily', at: '00:30' },
      run: () => this.run(),
    });
  }

  async run(): Promise<{ members: number; planned: number }> {
    const now = this.clock.now();
    const today = this.clock.today();
    const year = Number(today.slice(0, 4));
    const templates = await activeTemplates(this.ds, 'BIRTHDAY');
    if (!templates.length) return { members: 0, planned: 0 };
    const ladder = await this.tiers.activeTiers();
    let members = 0;
    let planned = 0;
    for (let afterId = 0; ;) {
      const ids = await this.members.withBirthday(birthdayMonthDays(today), year, { afterId, limit: PAGE });
      if (!ids.length) break;
      afterId = ids[ids.length - 1]!;
      members += ids.length;
      planned += await this.tx.run(async (em) => {
        let n = 0;
        for (const memberId of ids) {
          const { tier } = await this.memberTiers.current(em, memberId, ladder);
          if (!tier.birthdayGift) continue;
          for (const t of templates) {
            if (!allowsTier(t, tier.id)) continue;
            const sourceKey = occasionKeys.birthday(year, t.id, memberId);
            const payload = {
              templateId: t.id,
              memberId,
              source: 'BIRTHDAY' as const,
              sourceKey,
              at: now.toISOString(),
            };
            if (await this.issuing.plan(em, payload)) n++;
          }
        }
        return n;
      });
      if (ids.length < PAGE) break;
    }
    return { members, planned };
  }
}
