import { Injectable, type OnModuleInit } from '@nestjs/common';
import { JobRegistry } from '../../jobs/job-registry';
import { WalletRefundSyncService } from './wallet-refund-sync.service';

/**
 * Every minute (once across nodes: runs are claimed in the database): principal refunds still PROCESSING
 * after two minutes are looked up at WeChat (or asked again when WeChat never accepted them) and settled.
 */
@Injectable()
export class WalletRefundSyncJob implements OnModuleInit {
  static readonly NAME = 'wallet-refund-sync';

  constructor(
    private readonly jobs: JobRegistry,
    private readonly sync: WalletRefundSyncService,
  ) {}

  onModuleInit(): void {
    this.jobs.register({
      name: WalletRefundSyncJob.NAME,
      schedule: { kind: 'interval', seconds: 60 },
      run: () => this.sync.syncDue(),
    });
  }
}
