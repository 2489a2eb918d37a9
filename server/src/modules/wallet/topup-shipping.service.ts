import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { formatCny } from '@member/shared';
import type { EntityManager } from 'typeorm';
import { Clock } from '../../common/clock';
import { AppConfig } from '../../config/app-config';
import { TransactionRunner } from '../../database/transaction-runner';
import { OutboxRegistry } from '../../outbox/outbox-registry';
import { OutboxService } from '../../outbox/outbox.service';
import { OutboxGiveUp, type OutboxContext } from '../../outbox/outbox.types';
import { WechatApiClient } from '../../wechat/wechat-api.client';
import { WechatApiError } from '../../wechat/wechat-api.error';
import type { TopupOrder } from './entities/topup-order.entity';
import { TopupOrdersRepository } from './topup-orders.repository';
import { TopupShippingRepository } from './topup-shipping.repository';

export const SHIPPING_UPLOAD_KIND = 'wallet.shipping-upload';

/** Ids only (the payer's openid is read from the order when sending). */
interface ShippingPayload {
  outTradeNo: string;
}

/**
 * WeChat keeps a mini-program payment's funds frozen until its shipping is recorded, so every credited
 * top-up is uploaded as virtual goods (wechat.md §3.5) through the outbox: planned in the credit's
 * transaction, retried with backoff while WeChat is busy or unreachable, and dead-lettered with the order
 * marked FAILED when WeChat refuses it for good (the console lists those).
 */
@Injectable()
export class TopupShippingService implements OnModuleInit {
  private readonly log = new Logger('TopupShipping');

  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly tx: TransactionRunner,
    private readonly outbox: OutboxService,
    private readonly registry: OutboxRegistry,
    private readonly wechat: WechatApiClient,
    private readonly orders: TopupOrdersRepository,
    private readonly repo: TopupShippingRepository,
  ) {}

  onModuleInit(): void {
    // WeChat records one shipping per payment, so a repeated call is harmless: keyed by out_trade_no.
    this.registry.register<ShippingPayload>({
      kind: SHIPPING_UPLOAD_KIND,
      external: { idempotencyKey: true },
      handle: (ctx: OutboxContext<ShippingPayload>) => this.upload(ctx),
    });
  }

  /** Plans the upload in the credit's transaction (the order shows 发货待处理 until it lands). */
  async plan(em: EntityManager, order: TopupOrder, now: Date): Promise<void> {
    await this.repo.markPending(em, order.id, now);
    const payload: ShippingPayload = { outTradeNo: order.outTradeNo };
    await this.outbox.enqueue(em, { kind: SHIPPING_UPLOAD_KIND, key: order.outTradeNo, payload });
  }

  private async upload(ctx: OutboxContext<ShippingPayload>): Promise<void> {
    const { outTradeNo } = ctx.payload;
    const order = await this.orders.byOutTradeNo(outTradeNo);
    if (!order?.transactionId) throw new OutboxGiveUp(`充值订单 ${outTradeNo} 不存在或未支付`);
    if (order.shippingStatus === 'UPLOADED') return;
    try {
      // After a lost answer the upload may have landed: ask first, a second upload would spend the one change.
      if (ctx.attempt > 1 && (await this.wechat.getShippingOrderState(order.transactionId)) >= 2) {
        await this.tx.run((em) => this.repo.markUploaded(em, outTradeNo, this.clock.now()));
        return;
      }
      await this.wechat.uploadShippingInfo({
        orderKey: { transactionId: order.transactionId },
        logisticsType: 3,
        deliveryMode: 1,
        items: [{ itemDesc: `会员储值 ${formatCny(order.payFen)}` }],
        uploadTime: this.clock.now(),
        payerOpenid: order.openid,
      });
    } catch (error) {
      if (!(error instanceof WechatApiError)) throw error;
      const reason = `${error.errcode ?? '无应答'} ${error.errmsg}`;
      if (!error.transient) {
        await this.tx.run((em) => this.repo.markFailed(em, outTradeNo, reason, this.clock.now()));
        this.log.warn(`shipping upload for ${outTradeNo} refused: ${reason}`);
        throw new OutboxGiveUp(`微信拒绝发货信息：${reason}`);
      }
      // The last attempt: the outbox dead-letters the row, so the order must say so too.
      if (ctx.attempt >= this.config.outbox.maxAttempts)
        await this.tx.run((em) => this.repo.markFailed(em, outTradeNo, `重试次数已用完：${reason}`, this.clock.now()));
      throw error;
    }
    await this.tx.run((em) => this.repo.markUploaded(em, outTradeNo, this.clock.now()));
  }
}
