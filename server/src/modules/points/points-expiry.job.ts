import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Clock } from '../../common/clock';
import { JobRegistry } from '../../jobs/job-registry';
import { LedgerService } from '../../ledger/ledger.service';

/**
 * Daily at 00:10 Asia/Shanghai: expires due lots of every account (points, and growth outside the
 * rolling window). Cost follows the number of due lots, not the number of members.
 */
@Injectable()
export class PointsExpiryJob implements OnModuleInit {
  static readonly NAME = 'points-expiry';

  constructor(
    private readonly jobs: JobRegistry,
    private readonly ledger: LedgerService,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.jobs.register({ name: PointsExpiryJob.NAME, schedule: { kind: 'daily', at: '00:10' }, run: () => this.run() });
  }

  async run(): Promise<{ expiredLots: number }> {
    return { expiredLots: await this.ledger.expireAllDue(this.clock.now()) };
  }
}
