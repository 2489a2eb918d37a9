import { Injectable } from '@nestjs/common';
import { ActorType, ErrorCode } from '@member/shared';
import type { EntityManager } from 'typeorm';
import { AppException } from '../../common/app-exception';
import { addBizDays, Clock, shanghaiDate } from '../../common/clock';
import { TransactionRunner } from '../../database/transaction-runner';
import { LedgerService } from '../../ledger/ledger.service';
import type { PayTransaction } from '../../wechat-pay/wechat-pay.gateway';
import { CouponIssuingService } from '../coupons/coupon-issuing.service';
import { PayRefundsService } from '../payments/pay-refunds.service';
import { PayRowsRepository } from '../payments/pay-rows.repository';
import { PaySettlementService } from '../payments/pay-settlement.service';
import {
  refundNoOf,
  type PaidReport,
  type PaymentOwner,
  type RefundRecord,
  type Shipment,
} from '../payments/payment-owner';
import { PayAnomaliesRepository } from '../wallet/pay-anomalies.repository';
import type { MallOrderRow } from './entities/mall-order.entity';
import type { MallRefundCause, MallRefundRow } from './entities/mall-refund.entity';
import { MallGoodsRepository } from './mall-goods.repository';
import { MallNotices } from './mall-notices';
import { MALL_PAY_ORDERS, MALL_REFUNDS, MallPayRepository } from './mall-pay.repository';
import { MALL_ORDER_BIZ } from './mall-redeem.service';

const SYSTEM = { type: ActorType.System, id: null };

/** wechat.md §3.5: 4 self pickup (goods collected in a store), 3 virtual goods (coupons, service vouchers). */
export const logisticsTypeOf = (kind: MallOrderRow['kind']): 3 | 4 => (kind === 'PHYSICAL' ? 4 : 3);

/**
 * The points + cash orders as WeChat Pay orders ('M' out_trade_no = the order no.): what the shared payment
 * machinery (modules/payments) does for them is the mall's to say here. Paid → under the member's points
 * account lock (the lock order of a redemption and of the sync job's cancel), the guarded PENDING_PAYMENT →
 * READY (DONE for coupon goods) decides, and only that call settles the points (the hold released and the
 * points debited as MALL_ORDER in the same transaction: the ledger keeps a posted hold unreversible, and a
 * paid order can still be cancelled), issues the coupons and tells the member to pick up. Coupons that ran
 * out while the member paid → cancelled with everything given back, flagged and refunded. Closed unpaid →
 * the hold voided, quota and stock back. Refunds have a table of their own (mall_refund).
 */
@Injectable()
export class MallPayOwner implements PaymentOwner<MallOrderRow, MallRefundRow> {
  readonly prefix = 'M';
  readonly label = 'mall';
  readonly batchName = 'orders';
  readonly noun = '兑换订单';
  readonly orders = MALL_PAY_ORDERS;
  readonly refunds = MALL_REFUNDS;

  constructor(
    private readonly clock: Clock,
    private readonly tx: TransactionRunner,
    private readonly ledger: LedgerService,
    private readonly pay: MallPayRepository,
    private readonly rows: PayRowsRepository,
    private readonly goods: MallGoodsRepository,
    private readonly coupons: CouponIssuingService,
    private readonly notices: MallNotices,
    private readonly anomalies: PayAnomaliesRepository,
    private readonly settlement: PaySettlementService,
    private readonly payRefunds: PayRefundsService,
  ) {}

  amountOf(order: MallOrderRow): number {
    return order.cashFen;
  }

  anomalyDetail(): Record<string, unknown> {
    return { mall: true };
  }

  async fulfil(em: EntityManager, order: MallOrderRow, paid: PaidReport, now: Date): Promise<string | null> {
    await this.ledger.lockAccounts(em, order.memberId, ['POINTS'], true);
    const to = order.kind === 'COUPON' ? 'DONE' : 'READY';
    const g = (await this.goods.goods(order.goodsId, em))!;
    const pickupUntil = to === 'READY' ? addBizDays(shanghaiDate(now), g.pickupDays) : null;
    if (!(await this.pay.markPaid(em, order.id, { to, transactionId: paid.transactionId, pickupUntil, now })))
      return null;
    const entryId = await this.settlePoints(em, order);
    const couponId =
      to === 'DONE'
        ? (
            await this.coupons.issueForOrder(
              em,
              g.couponTemplateId!,
              order.memberId,
              'MALL',
              `mall:${order.orderNo}`,
              order.quantity,
              now,
            )
          )[0]
        : null;
    await this.pay.setFulfilment(em, order.id, entryId, couponId);
    if (to === 'READY') await this.notices.pickupReady(em, { ...order, pickupUntil }, now);
    return 'FULFILLED';
  }

  /** Paid, but the coupon template ran out or was stopped meanwhile: points, quota and stock back, refunded. */
  async unfulfillable(order: MallOrderRow, t: PayTransaction, transactionId: string, error: unknown) {
    if (!(error instanceof AppException && error.code === ErrorCode.COUPON_SOLD_OUT)) return null;
    return this.tx.run(async (em) => {
      const now = this.clock.now();
      await this.ledger.lockAccounts(em, order.memberId, ['POINTS'], true);
      if (!(await this.pay.cancelUnpaid(em, order.id, 'SOLD_OUT', now))) return 'ALREADY';
      await this.rows.recordLatePayment(em, this.orders, order.id, transactionId, now);
      await this.giveBack(em, order, '兑换券已发完，积分退回');
      const report = this.settlement.report(this, t, order);
      const detail = { ...report.detail, couponSoldOut: true };
      await this.anomalies.flag(em, { ...report, kind: 'PAID_AFTER_CLOSE', detail }, now);
      await this.payRefunds.plan(this, em, order, 'NOT_FULFILLABLE', transactionId, now);
      return 'REFUNDING';
    });
  }

  /** After WeChat's close: PENDING_PAYMENT → CANCELLED, the hold voided, quota and stock back — once. */
  expire(order: MallOrderRow): Promise<string> {
    return this.tx.run(async (em) => {
      await this.ledger.lockAccounts(em, order.memberId, ['POINTS'], true);
      if (!(await this.pay.cancelUnpaid(em, order.id, 'PAY_TIMEOUT', this.clock.now()))) return 'ALREADY';
      await this.giveBack(em, order, '兑换支付超时，积分退回');
      return 'CLOSED';
    });
  }

  /** In the order's ending transaction: its cash back through WeChat Pay, once (false: planned already). */
  refund(em: EntityManager, order: MallOrderRow, cause: MallRefundCause, transactionId: string, now: Date) {
    return this.payRefunds.plan(this, em, order, cause, transactionId, now);
  }

  async planRefund(em: EntityManager, order: MallOrderRow, cause: string, transactionId: string, now: Date) {
    const row = await this.pay.insertRefund(em, {
      orderId: order.id,
      outRefundNo: refundNoOf(order.outTradeNo!, 1),
      outTradeNo: order.outTradeNo!,
      transactionId,
      memberId: order.memberId,
      refundFen: order.cashFen,
      cause: cause as MallRefundCause,
      status: 'PROCESSING',
      attempt: 1,
      refundId: null,
      failReason: null,
      acceptedAt: null,
      settledAt: null,
      createdAt: now,
      updatedAt: now,
    });
    return row ? this.refundOf(row) : null;
  }

  refundOf(r: MallRefundRow): RefundRecord {
    return {
      id: r.id,
      outTradeNo: r.outTradeNo,
      outRefundNo: r.outRefundNo,
      attempt: r.attempt,
      transactionId: r.transactionId,
      memberId: r.memberId,
      refundFen: r.refundFen,
      status: r.status,
      cause: r.cause,
      acceptedAt: r.acceptedAt,
      failReason: r.failReason,
      detail: {},
    };
  }

  refundReason(r: RefundRecord): string {
    return r.cause === 'ORDER_ENDED' ? '积分商城订单取消退款' : '积分商城订单无法履约退款';
  }

  async shipment(order: MallOrderRow): Promise<Shipment> {
    const itemDesc = `积分商城 ${order.goodsName}${order.quantity > 1 ? ` ×${order.quantity}` : ''}`;
    return { logisticsType: logisticsTypeOf(order.kind), itemDesc };
  }

  /** An unpaid order's hold voided, its quota and stock back (the hot goods row last). */
  private async giveBack(em: EntityManager, order: MallOrderRow, reason: string): Promise<void> {
    if (order.pointsHoldId !== null) await this.ledger.voidHold(em, order.pointsHoldId, reason);
    await this.goods.giveBack(em, order);
  }

  /** The hold released and the points spent for good (bizId: the order no., as every redemption's debit). */
  private async settlePoints(em: EntityManager, order: MallOrderRow): Promise<number | null> {
    if (order.pointsHoldId === null) return null;
    await this.ledger.voidHold(em, order.pointsHoldId, '积分+现金兑换已支付，转为兑换扣减');
    const account = await this.ledger.openLockedAccount(em, order.memberId, 'POINTS');
    const entry = await this.ledger.debit(em, {
      accountId: account.id,
      amount: order.pointsTotal,
      bizType: MALL_ORDER_BIZ,
      bizId: order.orderNo,
      reason: order.quantity > 1 ? `积分兑换 ${order.goodsName} ×${order.quantity}` : `积分兑换 ${order.goodsName}`,
      actor: SYSTEM,
    });
    return entry.id;
  }
}
