import { Injectable } from '@nestjs/common';
import { ActorType } from '@member/shared';
import type { EntityManager } from 'typeorm';
import { LedgerService } from '../../ledger/ledger.service';
import type { MallEndReason, MallOrderRow } from './entities/mall-order.entity';
import { MallGoodsRepository } from './mall-goods.repository';
import { MallOrdersRepository } from './mall-orders.repository';
import { MALL_ORDER_BIZ } from './mall-redeem.service';
import { MallPayOwner } from './mall-pay-owner';

const REVERSAL_REASONS: Record<MallEndReason, string> = {
  MEMBER: '取消兑换，积分退回',
  PICKUP_EXPIRED: '兑换逾期未自提，积分退回',
  PAY_TIMEOUT: '兑换支付超时，积分退回',
  SOLD_OUT: '兑换券已发完，积分退回',
};

/**
 * Ends a READY order without a pickup (the member cancels, or the pickup window passes) and gives everything
 * back exactly once: the guarded READY → CANCELLED/EXPIRED decides, and only the call that made it returns
 * the points (a ledger REVERSAL into the lots the debit drew), the member's quota for the period the units
 * came from, and the stock — the hot goods row last.
 */
@Injectable()
export class MallOrderEndings {
  constructor(
    private readonly orders: MallOrdersRepository,
    private readonly goods: MallGoodsRepository,
    private readonly ledger: LedgerService,
    private readonly payments: MallPayOwner,
  ) {}

  /** True when this call ended the order; false when it had already left READY. */
  async end(
    em: EntityManager,
    order: MallOrderRow,
    to: 'CANCELLED' | 'EXPIRED',
    reason: MallEndReason,
    now: Date,
  ): Promise<boolean> {
    if (!(await this.orders.end(em, order.id, to, reason, now))) return false;
    if (order.pointsEntryId !== null) {
      await this.ledger.reverse(em, {
        entryId: order.pointsEntryId,
        lotPolicy: 'RESTORE_ORIGINAL_LOTS',
        bizType: MALL_ORDER_BIZ,
        bizId: `${order.orderNo}:return`,
        reason: REVERSAL_REASONS[reason],
        actor:
          reason === 'MEMBER' ? { type: ActorType.Member, id: order.memberId } : { type: ActorType.System, id: null },
      });
    }
    await this.goods.giveBack(em, order);
    // Points + cash: the cash goes back through WeChat Pay, planned in this same transaction (once).
    if (order.cashFen > 0 && order.transactionId !== null)
      await this.payments.refund(em, order, 'ORDER_ENDED', order.transactionId, now);
    return true;
  }
}
