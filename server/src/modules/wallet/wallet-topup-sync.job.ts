import { Injectable, type OnModuleInit } from '@nestjs/common';
import { JobRegistry } from '../../jobs/job-registry';
import { TopupSyncService } from './topup-sync.service';

/**
 * Every minute (once across nodes: runs are claimed in the database): unpaid top-ups older than
 * wallet.queryAfterMinutes are checked with WeChat — paid ones credited, expired ones closed.
 */
@Injectable()
export class WalletTopupSyncJob implements OnModuleInit {
  static readonly NAME = 'wallet-topup-sync';

  constructor(
    private readonly jobs: JobRegistry,
    private readonly sync: TopupSyncService,
  ) {}

  onModuleInit(): void {
    this.jobs.register({
      name: WalletTopupSyncJob.NAME,
      schedule: { kind: 'interval', seconds: 60 },
      run: () => this.sync.syncDue(),
    });
  }
}
