import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { TopupOrder } from './entities/topup-order.entity';
import { TopupPlanCouponsService } from './topup-plan-coupons.service';
import { TopupShippingService } from './topup-shipping.service';

/**
 * What a credited top-up sets in motion, planned on the outbox in the credit's own transaction (so a
 * credit never happens without them, and a duplicate notification — which credits nothing — plans nothing):
 * WeChat's shipping upload and the plan's coupons.
 */
@Injectable()
export class TopupCreditFollowUps {
  constructor(
    private readonly shipping: TopupShippingService,
    private readonly planCoupons: TopupPlanCouponsService,
  ) {}

  async plan(em: EntityManager, order: TopupOrder, paidAt: Date, now: Date): Promise<void> {
    // Coupons first: the worker takes rows in order, and the member's result page looks for them.
    await this.planCoupons.planIssues(em, order, paidAt);
    await this.shipping.plan(em, order, now);
  }
}
