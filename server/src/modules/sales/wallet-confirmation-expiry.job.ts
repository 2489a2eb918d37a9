import { Injectable, type OnModuleInit } from '@nestjs/common';
import { JobRegistry } from '../../jobs/job-registry';
import { WalletConfirmationsService } from './wallet-confirmations.service';

/**
 * Every minute (once across nodes: runs are claimed in the database): stored-value confirmation requests
 * past their deadline, still waiting for the member or confirmed but never used by a sale, expire and
 * their held amounts go back to the members' wallets.
 */
@Injectable()
export class WalletConfirmationExpiryJob implements OnModuleInit {
  static readonly NAME = 'wallet-confirmation-expiry';

  constructor(
    private readonly jobs: JobRegistry,
    private readonly confirmations: WalletConfirmationsService,
  ) {}

  onModuleInit(): void {
    this.jobs.register({
      name: WalletConfirmationExpiryJob.NAME,
      schedule: { kind: 'interval', seconds: 60 },
      run: async () => ({ expired: await this.confirmations.expireDue() }),
    });
  }
}
