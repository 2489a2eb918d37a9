import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager, ObjectLiteral } from 'typeorm';
import { Clock } from '../../common/clock';
import { AppConfig } from '../../config/app-config';
import { TransactionRunner } from '../../database/transaction-runner';
import { payMismatch, reportedDetail } from '../../wechat-pay/pay-report';
import type { PayTransaction } from '../../wechat-pay/wechat-pay.gateway';
import { PayAnomaliesRepository, type NewAnomaly } from '../wallet/pay-anomalies.repository';
import { PayRefundsService } from './pay-refunds.service';
import { PayRowsRepository } from './pay-rows.repository';
import { PayShippingService } from './pay-shipping.service';
import type { PaymentOwner, PayOrderRow } from './payment-owner';

/**
 * The owner's word when this call fulfilled the order (FULFILLED, CONFIRMED), or ALREADY: done before (a
 * duplicate); REFUNDING: paid after we closed it (or not fulfillable) — flagged and refunded; FLAGGED: WeChat's
 * report disagrees with our order (nothing done); UNKNOWN: no such order; NOT_PAID: not a success.
 */
export type PaySettleOutcome = string;

/**
 * The one path that turns a WeChat payment into an owner's order, whether WeChat told us (notification) or
 * we asked (sync job, 去支付). The report is compared with the order first (mchid, appid, amount: a mismatch
 * is flagged, nothing fulfilled). Then one transaction: the owner takes its locks and the guarded move out of
 * `pending` with the transaction id decides — concurrent duplicates wait on the row and change nothing — and
 * only that call fulfils and plans the shipping upload. A payment for an order we had closed (its window
 * passed, or it was cancelled) is kept once, flagged (支付异常 PAID_AFTER_CLOSE) and refunded in full.
 */
@Injectable()
export class PaySettlementService {
  private readonly log = new Logger('PaySettlement');

  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly tx: TransactionRunner,
    private readonly rows: PayRowsRepository,
    private readonly refunds: PayRefundsService,
    private readonly shipping: PayShippingService,
    private readonly anomalies: PayAnomaliesRepository,
  ) {}

  async settle<O extends PayOrderRow, R extends ObjectLiteral>(
    owner: PaymentOwner<O, R>,
    t: PayTransaction,
    source: 'NOTIFY' | 'QUERY',
  ): Promise<PaySettleOutcome> {
    const o = await this.rows.order(owner.orders, t.outTradeNo);
    if (!o) {
      await this.flag({ ...this.report(owner, t, null), kind: 'UNKNOWN_ORDER' });
      return 'UNKNOWN';
    }
    if (t.tradeState !== 'SUCCESS' || !t.transactionId) return 'NOT_PAID';
    const ours = { mchId: this.config.wechatPay.mchId, appId: this.config.wechat.appId, amountFen: owner.amountOf(o) };
    const mismatch = payMismatch(t, ours);
    if (mismatch) {
      this.log.warn(`${owner.label} order ${t.outTradeNo}: ${mismatch} (${source}), not fulfilled`);
      await this.flag({ ...this.report(owner, t, o), kind: mismatch });
      return 'FLAGGED';
    }
    const transactionId = t.transactionId;
    try {
      return await this.tx.run(async (em) => {
        const now = this.clock.now();
        const outcome = await owner.fulfil(em, o, { transactionId, paidAt: t.successTime ?? now }, now);
        if (outcome === null) return this.afterEnd(owner, em, o.id, t, transactionId, now);
        await this.shipping.plan(owner, em, t.outTradeNo);
        return outcome;
      });
    } catch (error) {
      const outcome = owner.unfulfillable ? await owner.unfulfillable(o, t, transactionId, error) : null;
      if (outcome === null) throw error;
      return outcome;
    }
  }

  /** No longer pending. Paid already → a duplicate. Closed by us → the money moved for nothing: refunded once. */
  private async afterEnd<O extends PayOrderRow, R extends ObjectLiteral>(
    owner: PaymentOwner<O, R>,
    em: EntityManager,
    id: number,
    t: PayTransaction,
    transactionId: string,
    now: Date,
  ): Promise<PaySettleOutcome> {
    const fresh = (await this.rows.orderById(em, owner.orders, id))!;
    if (
      fresh.status !== owner.orders.closed ||
      !(await this.rows.recordLatePayment(em, owner.orders, id, transactionId, now))
    )
      return 'ALREADY';
    await this.anomalies.flag(em, { ...this.report(owner, t, fresh), kind: 'PAID_AFTER_CLOSE' }, now);
    await this.refunds.plan(owner, em, fresh, 'PAID_AFTER_CLOSE', transactionId, now);
    return 'REFUNDING';
  }

  /** An anomaly's figures: WeChat's report against the order (no order: an out_trade_no we never made). */
  report<O extends PayOrderRow, R extends ObjectLiteral>(
    owner: PaymentOwner<O, R>,
    t: PayTransaction,
    o: O | null,
  ): Omit<NewAnomaly, 'kind'> {
    return {
      outTradeNo: t.outTradeNo,
      transactionId: t.transactionId,
      expectedFen: o ? owner.amountOf(o) : null,
      reportedFen: t.totalFen,
      credited: false,
      memberId: o?.memberId ?? null,
      detail: { ...reportedDetail(t), ...owner.anomalyDetail(o) },
    };
  }

  private flag(a: NewAnomaly): Promise<boolean> {
    return this.tx.run((em) => this.anomalies.flag(em, a, this.clock.now()));
  }
}
