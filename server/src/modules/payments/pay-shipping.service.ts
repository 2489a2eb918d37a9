import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager, ObjectLiteral } from 'typeorm';
import { Clock } from '../../common/clock';
import { AppConfig } from '../../config/app-config';
import { OutboxService } from '../../outbox/outbox.service';
import { OutboxGiveUp, type OutboxContext } from '../../outbox/outbox.types';
import { WechatApiClient } from '../../wechat/wechat-api.client';
import { WechatApiError } from '../../wechat/wechat-api.error';
import { MemberDirectory } from '../members/member-directory';
import { PayRowsRepository } from './pay-rows.repository';
import { shippingKindOf, type PaymentOwner, type PayOrderRow } from './payment-owner';

/**
 * WeChat keeps a mini-program payment's funds frozen until its shipping is recorded: every paid order is
 * uploaded through the outbox (planned in the payment's transaction, keyed by out_trade_no), like the
 * wallet's top-ups — what it was (self pickup, virtual goods) is the owner's to say. A refusal for good marks
 * the order FAILED; a transient error is retried with backoff.
 */
@Injectable()
export class PayShippingService {
  private readonly log = new Logger('PayShipping');

  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly outbox: OutboxService,
    private readonly wechat: WechatApiClient,
    private readonly members: MemberDirectory,
    private readonly rows: PayRowsRepository,
  ) {}

  /** In the payment's transaction (the order's shipping_status is PENDING from markPaid). */
  async plan<O extends PayOrderRow, R extends ObjectLiteral>(
    owner: PaymentOwner<O, R>,
    em: EntityManager,
    outTradeNo: string,
  ): Promise<void> {
    await this.outbox.enqueue(em, { kind: shippingKindOf(owner), key: outTradeNo, payload: { outTradeNo } });
  }

  async upload<O extends PayOrderRow, R extends ObjectLiteral>(
    owner: PaymentOwner<O, R>,
    ctx: OutboxContext<{ outTradeNo: string }>,
  ): Promise<void> {
    const { outTradeNo } = ctx.payload;
    const o = await this.rows.order(owner.orders, outTradeNo);
    const shipment = o?.transactionId ? await owner.shipment(o) : null;
    if (!o?.transactionId || !shipment) throw new OutboxGiveUp(`${owner.noun} ${outTradeNo} 不存在或未支付`);
    if (o.shippingStatus === 'UPLOADED') return;
    const openid = await this.members.payerOpenid(o.memberId);
    if (!openid) throw new OutboxGiveUp(`${owner.noun} ${outTradeNo} 的会员已注销`);
    const mark = (to: 'UPLOADED' | 'FAILED', error: string | null) =>
      this.rows.markShipping(owner.orders, outTradeNo, to, error, this.clock.now());
    try {
      // After a lost answer the upload may have landed: ask first, a second upload would spend the one change.
      if (ctx.attempt > 1 && (await this.wechat.getShippingOrderState(o.transactionId)) >= 2) {
        await mark('UPLOADED', null);
        return;
      }
      await this.wechat.uploadShippingInfo({
        orderKey: { transactionId: o.transactionId },
        logisticsType: shipment.logisticsType,
        deliveryMode: 1,
        items: [{ itemDesc: shipment.itemDesc }],
        uploadTime: this.clock.now(),
        payerOpenid: openid,
      });
    } catch (error) {
      if (!(error instanceof WechatApiError)) throw error;
      const reason = `${error.errcode ?? '无应答'} ${error.errmsg}`;
      if (!error.transient) {
        await mark('FAILED', reason);
        this.log.warn(`shipping upload for ${outTradeNo} refused: ${reason}`);
        throw new OutboxGiveUp(`微信拒绝发货信息：${reason}`);
      }
      if (ctx.attempt >= this.config.outbox.maxAttempts) await mark('FAILED', `重试次数已用完：${reason}`);
      throw error;
    }
    await mark('UPLOADED', null);
  }
}
