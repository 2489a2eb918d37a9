import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { LedgerService } from '../../ledger/ledger.service';
import { NoticesService } from '../notices/notices.service';
import type { TopupOrder } from './entities/topup-order.entity';
import { TopupPlanCouponsService } from './topup-plan-coupons.service';
import { TopupShippingService } from './topup-shipping.service';

/**
 * What a credited top-up sets in motion, planned on the outbox in the credit's own transaction (so a
 * credit never happens without them, and a duplicate notification — which credits nothing — plans nothing):
 * WeChat's shipping upload, the plan's coupons and the TOPUP_CREDITED care notice.
 */
@Injectable()
export class TopupCreditFollowUps {
  constructor(
    private readonly shipping: TopupShippingService,
    private readonly planCoupons: TopupPlanCouponsService,
    private readonly ledger: LedgerService,
    private readonly notices: NoticesService,
  ) {}

  async plan(em: EntityManager, order: TopupOrder, paidAt: Date, now: Date): Promise<void> {
    // Coupons first: the worker takes rows in order, and the member's result page looks for them.
    await this.planCoupons.planIssues(em, order, paidAt);
    await this.shipping.plan(em, order, now);
    // Called after the credits: the balance already holds them.
    const { balance } = await this.ledger.available(order.memberId, 'WALLET', em);
    await this.notices.plan(em, {
      kind: 'TOPUP_CREDITED',
      memberId: order.memberId,
      dedupeKey: `topup:${order.outTradeNo}`,
      dueAt: now,
      facts: {
        amountFen: order.payFen,
        bonusFen: order.bonusFen,
        balanceFen: balance,
        orderNo: order.outTradeNo,
        at: paidAt.toISOString(),
      },
    });
  }
}
