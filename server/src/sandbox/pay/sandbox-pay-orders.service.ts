import { Injectable } from '@nestjs/common';
import { Clock } from '../../common/clock';
import { SandboxPayCrypto } from './sandbox-pay-crypto.service';
import { canonicalJson, newEventId, newPrepayId, newTransactionId, rfc3339 } from './sandbox-pay-format';
import { SandboxPayNotifier, type DeliveryOptions } from './sandbox-pay-notifier.service';
import { parsePrepay, requireMchid, type PrepayParams } from './sandbox-pay-params';
import { SandboxPayStore, TRADE_STATE_DESC, type SandboxOrder } from './sandbox-pay-store.service';
import { paramError, SandboxPayError } from './sandbox-pay.error';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** Unpaid orders without time_expire lapse after 7 days; time_expire is clamped to [+1 min, +90 d]. */
const DEFAULT_EXPIRE_MS = 7 * DAY_MS;
const MAX_EXPIRE_MS = 90 * DAY_MS;

/** JSAPI orders: prepay, query, close, and the payer paying (control). */
@Injectable()
export class SandboxPayOrdersService {
  constructor(
    private readonly store: SandboxPayStore,
    private readonly crypto: SandboxPayCrypto,
    private readonly notifier: SandboxPayNotifier,
    private readonly clock: Clock,
  ) {}

  /** POST /v3/pay/transactions/jsapi */
  prepay(body: unknown): { prepay_id: string } {
    const params = parsePrepay(body);
    if (params.appid !== this.crypto.appid || params.mchid !== this.crypto.mchid) {
      throw new SandboxPayError('APPID_MCHID_NOT_MATCH');
    }
    const nowMs = this.clock.nowMs();
    const paramsKey = canonicalJson(params);
    let order = this.store.order(params.out_trade_no);
    if (order) {
      if (order.state === 'SUCCESS' || order.state === 'REFUND') throw new SandboxPayError('ORDERPAID');
      if (order.state === 'CLOSED') throw new SandboxPayError('ORDER_CLOSED');
      if (order.paramsKey !== paramsKey) throw new SandboxPayError('OUT_TRADE_NO_USED');
    } else {
      order = this.newOrder(params, paramsKey, nowMs);
      this.store.addOrder(order);
    }
    const prepayId = newPrepayId(nowMs);
    order.prepayIds.push(prepayId);
    return { prepay_id: prepayId };
  }

  /** GET /v3/pay/transactions/out-trade-no/{no}?mchid= */
  queryByOutTradeNo(outTradeNo: string, query: Record<string, unknown>) {
    requireMchid(query, this.crypto.mchid);
    return this.transaction(this.existing(outTradeNo));
  }

  /** GET /v3/pay/transactions/id/{transaction_id}?mchid= */
  queryByTransactionId(transactionId: string, query: Record<string, unknown>) {
    requireMchid(query, this.crypto.mchid);
    const order = this.store.orderByTransactionId(transactionId);
    if (!order) throw new SandboxPayError('ORDER_NOT_EXIST');
    return this.transaction(order);
  }

  /** POST /v3/pay/transactions/out-trade-no/{no}/close → 204 */
  close(outTradeNo: string, body: unknown): void {
    const mchid = body && typeof body === 'object' ? (body as Record<string, unknown>).mchid : undefined;
    if (typeof mchid !== 'string' || mchid === '') throw paramError('/body/mchid', '为必填字段');
    if (mchid !== this.crypto.mchid) throw new SandboxPayError('APPID_MCHID_NOT_MATCH');
    const order = this.existing(outTradeNo);
    if (order.state === 'SUCCESS' || order.state === 'REFUND') throw new SandboxPayError('ORDERPAID');
    if (order.state === 'NOTPAY') {
      order.state = 'CLOSED';
      order.closedBy = 'API';
    }
  }

  /** Control: the payer pays. `force` pays a closed order too (the pay-after-close race). */
  pay(outTradeNo: string, options: DeliveryOptions & { force?: boolean }) {
    const order = this.store.order(outTradeNo);
    if (!order) throw new SandboxPayError('ORDER_NOT_EXIST');
    if (order.state === 'SUCCESS' || order.state === 'REFUND') {
      throw new SandboxPayError('ORDERPAID', '该订单已支付，不能重复支付', undefined, 409);
    }
    if (order.state === 'CLOSED' && !options.force) {
      throw new SandboxPayError('ORDER_CLOSED', '订单已关闭；传 force: true 可模拟关单后仍支付成功', undefined, 409);
    }
    order.paidAfterClose = order.state === 'CLOSED';
    order.state = 'SUCCESS';
    order.successTimeMs = this.clock.nowMs();
    this.store.markPaid(order, newTransactionId());
    const resource = this.crypto.encrypt(JSON.stringify(this.transaction(order)), 'transaction', 'transaction');
    const envelope = {
      id: newEventId(),
      create_time: rfc3339(this.clock.nowMs()),
      resource_type: 'encrypt-resource',
      event_type: 'TRANSACTION.SUCCESS',
      summary: '支付成功',
      resource,
    };
    order.notification = this.notifier.deliver(order.params.notify_url, envelope, options);
    return this.store.orderView(order);
  }

  view(outTradeNo: string) {
    const order = this.store.order(outTradeNo);
    if (!order) throw new SandboxPayError('ORDER_NOT_EXIST');
    return this.store.orderView(order);
  }

  /** The order as the query API and the notification resource show it. */
  transaction(order: SandboxOrder) {
    const { params } = order;
    const paid = order.successTimeMs !== null;
    return {
      appid: params.appid,
      mchid: params.mchid,
      out_trade_no: params.out_trade_no,
      ...(paid ? { transaction_id: order.transactionId, trade_type: 'JSAPI' } : {}),
      trade_state: order.state,
      trade_state_desc: TRADE_STATE_DESC[order.state],
      ...(paid ? { bank_type: 'OTHERS' } : {}),
      attach: params.attach ?? '',
      ...(paid ? { success_time: rfc3339(order.successTimeMs as number) } : {}),
      payer: { openid: params.payer.openid },
      amount: paid
        ? { total: params.amount.total, payer_total: params.amount.total, currency: 'CNY', payer_currency: 'CNY' }
        : { total: params.amount.total, currency: 'CNY', payer_currency: 'CNY' },
    };
  }

  private existing(outTradeNo: string): SandboxOrder {
    const order = this.store.order(outTradeNo);
    if (!order) throw new SandboxPayError('ORDER_NOT_EXIST');
    return order;
  }

  private newOrder(params: PrepayParams, paramsKey: string, nowMs: number): SandboxOrder {
    const asked = params.time_expire ? Date.parse(params.time_expire) : nowMs + DEFAULT_EXPIRE_MS;
    const timeExpireMs = Math.min(Math.max(asked, nowMs + MINUTE_MS), nowMs + MAX_EXPIRE_MS);
    return {
      params,
      paramsKey,
      createdAtMs: nowMs,
      timeExpireMs,
      state: 'NOTPAY',
      closedBy: null,
      paidAfterClose: false,
      transactionId: null,
      successTimeMs: null,
      prepayIds: [],
      notification: null,
      refunds: [],
    };
  }
}
