import { Injectable, Logger } from '@nestjs/common';
import type { ObjectLiteral } from 'typeorm';
import { Clock } from '../../common/clock';
import { AppConfig } from '../../config/app-config';
import { JobRegistry } from '../../jobs/job-registry';
import { OutboxRegistry } from '../../outbox/outbox-registry';
import type { OutboxContext } from '../../outbox/outbox.types';
import { WechatPayError, WechatPayGateway } from '../../wechat-pay/wechat-pay.gateway';
import { PayNotificationRoutes } from '../wallet/pay-notification-routes';
import { PayRefundsService, type RefundAsk } from './pay-refunds.service';
import { PayRowsRepository } from './pay-rows.repository';
import { PaySettlementService, type PaySettleOutcome } from './pay-settlement.service';
import { PayShippingService } from './pay-shipping.service';
import {
  payJobOf,
  refundKindOf,
  shippingKindOf,
  type PaymentOwner,
  type PayOrderRow,
  type RefundRecord,
} from './payment-owner';

const SYNC_BATCH = 200;
/** A refund still PROCESSING this long after its attempt was planned is looked up at WeChat (or asked again). */
const REFUND_QUERY_AFTER_MS = 2 * 60_000;

const failure = (error: unknown) => (error instanceof WechatPayError ? error.code : String(error));

/**
 * Wires an owner's WeChat Pay orders in (its notification route by prefix, its refund and shipping outbox
 * kinds, its sync job) and runs the job: every minute (claimed once across nodes by the job runner), like the
 * wallet's top-up sync, unpaid orders older than wallet.queryAfterMinutes are asked about — a payment whose
 * notification was lost goes through the one settle path; an order past its pay window is closed at WeChat,
 * and only once WeChat's close succeeded does the owner end it (ORDERPAID on close means it was paid
 * meanwhile: queried and settled). Refunds WeChat has not settled yet are queried, or asked again with the
 * same out_refund_no when WeChat never accepted them.
 */
@Injectable()
export class PaySyncService {
  private readonly log = new Logger('PaySync');

  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly gateway: WechatPayGateway,
    private readonly jobs: JobRegistry,
    private readonly routes: PayNotificationRoutes,
    private readonly registry: OutboxRegistry,
    private readonly rows: PayRowsRepository,
    private readonly settlement: PaySettlementService,
    private readonly refunds: PayRefundsService,
    private readonly shipping: PayShippingService,
  ) {}

  /** At the owner's module start, once. */
  register<O extends PayOrderRow, R extends ObjectLiteral>(owner: PaymentOwner<O, R>): void {
    this.routes.register(owner.prefix, {
      payment: { settle: (t, source) => this.settlement.settle(owner, t, source) },
      refund: { settleRefund: (r, source) => this.refunds.settleRefund(owner, r, source) },
    });
    // WeChat dedupes refunds by out_refund_no and records one shipping per payment: repeats are harmless.
    this.registry.register<RefundAsk>({
      kind: refundKindOf(owner),
      external: { idempotencyKey: true },
      handle: (ctx: OutboxContext<RefundAsk>) => this.refunds.askQueued(owner, ctx.payload),
    });
    this.registry.register<{ outTradeNo: string }>({
      kind: shippingKindOf(owner),
      external: { idempotencyKey: true },
      handle: (ctx: OutboxContext<{ outTradeNo: string }>) => this.shipping.upload(owner, ctx),
    });
    this.jobs.register({
      name: payJobOf(owner),
      schedule: { kind: 'interval', seconds: 60 },
      run: () => this.syncDue(owner),
    });
  }

  /** The job's run: its answer counts outcomes, `{ <batchName>: {…}, refunds: {…} }`. */
  async syncDue<O extends PayOrderRow, R extends ObjectLiteral>(
    owner: PaymentOwner<O, R>,
  ): Promise<Record<string, Record<string, number>>> {
    const now = this.clock.now().getTime();
    const orders: Record<string, number> = { failed: 0 };
    const before = new Date(now - this.config.wallet.queryAfterMinutes * 60_000);
    for (const o of await this.rows.pendingBefore(owner.orders, before, SYNC_BATCH)) {
      try {
        const outcome = await this.syncOne(owner, o);
        orders[outcome] = (orders[outcome] ?? 0) + 1;
      } catch (error) {
        // One order WeChat cannot answer now does not stop the others; the next run asks again.
        orders.failed += 1;
        this.log.warn(`sync ${o.outTradeNo}: ${failure(error)}`);
      }
    }
    const refunds: Record<string, number> = { failed: 0 };
    const due = await this.rows.refundsProcessingBefore(
      owner.refunds,
      new Date(now - REFUND_QUERY_AFTER_MS),
      SYNC_BATCH,
    );
    for (const r of due.map((row) => owner.refundOf(row))) {
      try {
        const outcome = await this.syncRefund(owner, r);
        refunds[outcome] = (refunds[outcome] ?? 0) + 1;
      } catch (error) {
        refunds.failed += 1;
        this.log.warn(`sync ${r.outRefundNo}: ${failure(error)}`);
      }
    }
    return { [owner.batchName]: orders, refunds };
  }

  /** Brings one unpaid order in line with WeChat. Throws WechatPayError when WeChat cannot be asked. */
  async syncOne<O extends PayOrderRow, R extends ObjectLiteral>(
    owner: PaymentOwner<O, R>,
    o: O,
  ): Promise<PaySettleOutcome> {
    if (o.status !== owner.orders.pending) return 'ALREADY';
    const outTradeNo = o.outTradeNo!;
    const t = await this.gateway.query(outTradeNo);
    if (t?.tradeState === 'SUCCESS') return this.settlement.settle(owner, t, 'QUERY');
    if (this.clock.now().getTime() < o.payUntil!.getTime()) return 'WAITING';
    // WeChat closed it already, or never had it (the prepay never happened or failed): it cannot be paid.
    if (t?.tradeState === 'CLOSED' || !t) return owner.expire(o);
    if ((await this.gateway.close(outTradeNo)) === 'CLOSED') return owner.expire(o);
    const paid = await this.gateway.query(outTradeNo);
    return paid?.tradeState === 'SUCCESS' ? this.settlement.settle(owner, paid, 'QUERY') : 'WAITING';
  }

  /**
   * After the owner closed unpaid orders itself (a cancellation): closed at WeChat too, so the member cannot
   * pay for what they no longer hold. Paid meanwhile (ORDERPAID) → settled, which refunds it as a late
   * payment. Best effort: WeChat unreachable → a payment is refunded the same way when it is reported.
   */
  async closeAtWechat<O extends PayOrderRow, R extends ObjectLiteral>(
    owner: PaymentOwner<O, R>,
    outTradeNos: string[],
  ): Promise<void> {
    for (const outTradeNo of outTradeNos) {
      try {
        if ((await this.gateway.close(outTradeNo)) === 'CLOSED') continue;
        const t = await this.gateway.query(outTradeNo);
        if (t?.tradeState === 'SUCCESS') await this.settlement.settle(owner, t, 'QUERY');
      } catch (error) {
        this.log.warn(`close ${outTradeNo}: ${failure(error)}`);
      }
    }
  }

  async syncRefund<O extends PayOrderRow, R extends ObjectLiteral>(
    owner: PaymentOwner<O, R>,
    r: RefundRecord,
  ): Promise<string> {
    if (r.status !== 'PROCESSING') return 'ALREADY';
    const found = r.acceptedAt === null ? null : await this.gateway.queryRefund(r.outRefundNo);
    if (!found) {
      await this.refunds.ask(owner, r);
      return 'ASKED';
    }
    return this.refunds.settleReported(owner, r, found, 'QUERY');
  }
}
