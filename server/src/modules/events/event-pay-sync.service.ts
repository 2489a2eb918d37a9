import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { PaySettleOutcome } from '../payments/pay-settlement.service';
import { PaySyncService } from '../payments/pay-sync.service';
import type { EventPaymentRow } from './entities/event-payment.entity';
import { EventPayOwner } from './event-pay-owner';

/**
 * Cash fees in the shared payment machinery: at start, the 'E' notification route, the refund and shipping
 * outbox kinds and the every-minute `event-pay-sync` job (modules/payments/pay-sync: payments whose
 * notification was lost are confirmed, unpaid ones past their deadline closed at WeChat and then expired
 * here — seats freed, waitlist promoted — refunds not settled yet queried or asked again).
 */
@Injectable()
export class EventPaySyncService implements OnModuleInit {
  constructor(
    private readonly sync: PaySyncService,
    private readonly owner: EventPayOwner,
  ) {}

  onModuleInit(): void {
    this.sync.register(this.owner);
  }

  /** Brings one unpaid fee in line with WeChat (the demo's seed settles its payment this way, as the mall's does). */
  syncOne(payment: EventPaymentRow): Promise<PaySettleOutcome> {
    return this.sync.syncOne(this.owner, payment);
  }

  /**
   * After a sign-up or an event ended while its payment was still open (closed here already): the order is
   * closed at WeChat too, so the member cannot pay for seats they no longer hold; paid meanwhile → refunded
   * as a late payment.
   */
  closeAtWechat(outTradeNos: string[]): Promise<void> {
    return this.sync.closeAtWechat(this.owner, outTradeNos);
  }
}
