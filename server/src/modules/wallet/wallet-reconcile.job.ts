import { Injectable, type OnModuleInit } from '@nestjs/common';
import { shanghaiDate } from '../../common/clock';
import { JobRegistry } from '../../jobs/job-registry';
import { WalletReconciliationService } from './wallet-reconciliation.service';

/**
 * Daily at 10:30 Asia/Shanghai (WeChat's trade bill of the previous day is ready about 10:00): reconciles
 * yesterday's bill. The job_run claim runs it once across nodes; the run's bill-date claim keeps an
 * operator's 重新对账 of the same day from overlapping it, and a rerun replaces the day's result. A run
 * that could not get the bill fails the job, which the runner retries.
 */
@Injectable()
export class WalletReconcileJob implements OnModuleInit {
  static readonly NAME = 'wallet-reconcile';

  constructor(
    private readonly jobs: JobRegistry,
    private readonly reconciliation: WalletReconciliationService,
  ) {}

  onModuleInit(): void {
    this.jobs.register({
      name: WalletReconcileJob.NAME,
      schedule: { kind: 'daily', at: '10:30' },
      run: async ({ runKey, now }) => {
        // Scheduled runs are keyed by their day; a manual run (runNow) takes today's.
        const today = /^\d{4}-\d{2}-\d{2}$/.test(runKey) ? runKey : shanghaiDate(now);
        const run = await this.reconciliation.reconcileYesterday(today);
        // No bill yet (or unreadable): fail the job so the runner tries again later today.
        if (run.status === 'FAILED') throw new Error(`reconciliation of ${run.billDate} failed: ${run.error}`);
        return {
          billDate: run.billDate,
          status: run.status,
          repaired: run.repairedCount,
          mismatches: run.mismatchCount,
        };
      },
    });
  }
}
