import { Injectable, type OnModuleInit } from '@nestjs/common';
import { PaySyncService } from '../payments/pay-sync.service';
import type { MallOrderRow } from './entities/mall-order.entity';
import { MallPayOwner } from './mall-pay-owner';

/**
 * The mall's WeChat Pay orders in the shared payment machinery: at start, the 'M' notification route, the
 * refund and shipping outbox kinds and the every-minute `mall-pay-sync` job (modules/payments/pay-sync).
 */
@Injectable()
export class MallPaySyncService implements OnModuleInit {
  constructor(
    private readonly sync: PaySyncService,
    private readonly owner: MallPayOwner,
  ) {}

  onModuleInit(): void {
    this.sync.register(this.owner);
  }

  /** Brings one unpaid order in line with WeChat (the demo's seed settles its payments this way). */
  syncOne(order: MallOrderRow): Promise<string> {
    return this.sync.syncOne(this.owner, order);
  }
}
