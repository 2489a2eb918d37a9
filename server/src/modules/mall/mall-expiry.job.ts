import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Clock } from '../../common/clock';
import { TransactionRunner } from '../../database/transaction-runner';
import { JobRegistry } from '../../jobs/job-registry';
import { MallOrderEndings } from './mall-order-endings.service';
import { MallOrdersRepository } from './mall-orders.repository';

const CHUNK = 200;

/**
 * Hourly (each run claimed once across nodes by the job runner): READY orders whose last pickup day has
 * passed (Asia/Shanghai) become EXPIRED and give points, quota and stock back — each order in its own
 * transaction through the same guarded end as a member's cancel, so a run cut short resumes where it
 * stopped and an order a member cancelled meanwhile is not given back twice.
 */
@Injectable()
export class MallExpiryJob implements OnModuleInit {
  static readonly NAME = 'mall-order-expiry';

  constructor(
    private readonly jobs: JobRegistry,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly orders: MallOrdersRepository,
    private readonly endings: MallOrderEndings,
  ) {}

  onModuleInit(): void {
    this.jobs.register({
      name: MallExpiryJob.NAME,
      schedule: { kind: 'interval', seconds: 3600 },
      run: () => this.expire(),
    });
  }

  async expire(): Promise<{ expired: number }> {
    const today = this.clock.today();
    let expired = 0;
    for (;;) {
      const ids = await this.orders.dueForExpiry(today, CHUNK);
      for (const id of ids) {
        const done = await this.tx.run(async (em) => {
          const order = await this.orders.byId(id, em);
          return order ? this.endings.end(em, order, 'EXPIRED', 'PICKUP_EXPIRED', this.clock.now()) : false;
        });
        if (done) expired++;
      }
      // Every id read either expired now or left READY meanwhile: none is met twice.
      if (ids.length < CHUNK) return { expired };
    }
  }
}
