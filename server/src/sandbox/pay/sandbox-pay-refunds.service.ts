import { Injectable } from '@nestjs/common';
import { Clock } from '../../common/clock';
import { AppConfig } from '../../config/app-config';
import { SandboxPayCrypto } from './sandbox-pay-crypto.service';
import { canonicalJson, newEventId, newRefundId, rfc3339 } from './sandbox-pay-format';
import { SandboxPayNotifier, type DeliveryOptions } from './sandbox-pay-notifier.service';
import { parseRefund } from './sandbox-pay-params';
import { SandboxPayStore, type SandboxRefund } from './sandbox-pay-store.service';
import { SandboxPayError } from './sandbox-pay.error';

/** WeChat allows at most 50 partial refunds per order, within a year of payment. */
export const MAX_REFUNDS_PER_ORDER = 50;
const REFUND_WINDOW_MS = 365 * 86_400_000;

const SUMMARY = { SUCCESS: '退款成功', CLOSED: '退款关闭', ABNORMAL: '退款异常' } as const;
export type RefundOutcome = keyof typeof SUMMARY;

/** Domestic refunds: accepted as PROCESSING, settled (control) to SUCCESS, CLOSED or ABNORMAL with a notification. */
@Injectable()
export class SandboxPayRefundsService {
  constructor(
    private readonly store: SandboxPayStore,
    private readonly crypto: SandboxPayCrypto,
    private readonly notifier: SandboxPayNotifier,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** POST /v3/refund/domestic/refunds */
  create(body: unknown) {
    const params = parseRefund(body);
    const order = params.transaction_id
      ? this.store.orderByTransactionId(params.transaction_id)
      : this.store.order(params.out_trade_no as string);
    if (!order) throw new SandboxPayError('RESOURCE_NOT_EXISTS', '订单不存在');
    if (params.out_trade_no && params.out_trade_no !== order.params.out_trade_no) {
      throw new SandboxPayError('INVALID_REQUEST', 'transaction_id 与 out_trade_no 不是同一笔订单');
    }
    // The same out_refund_no again means a retry: same order and amounts → the same refund.
    const paramsKey = canonicalJson({ order: order.params.out_trade_no, amount: params.amount });
    const existing = this.store.refund(params.out_refund_no);
    if (existing) {
      if (existing.paramsKey !== paramsKey) {
        throw new SandboxPayError('INVALID_REQUEST', '商户退款单号已使用，且请求参数与原请求不一致');
      }
      return this.resource(existing);
    }
    if (order.state !== 'SUCCESS' && order.state !== 'REFUND') {
      throw new SandboxPayError('INVALID_REQUEST', '订单未支付，不能退款');
    }
    const nowMs = this.clock.nowMs();
    if (nowMs - (order.successTimeMs as number) > REFUND_WINDOW_MS) {
      throw new SandboxPayError('INVALID_REQUEST', '订单已超过退款期限');
    }
    if (params.amount.total !== order.params.amount.total) {
      throw new SandboxPayError('INVALID_REQUEST', '订单金额与原订单金额不一致');
    }
    const live = order.refunds.filter((refund) => refund.status !== 'CLOSED');
    if (order.refunds.length >= MAX_REFUNDS_PER_ORDER) {
      throw new SandboxPayError('RULE_LIMIT', `一笔订单最多退款 ${MAX_REFUNDS_PER_ORDER} 次`);
    }
    const refunded = live.reduce((sum, refund) => sum + refund.params.amount.refund, 0);
    if (refunded + params.amount.refund > order.params.amount.total) throw new SandboxPayError('NOT_ENOUGH');
    const refund: SandboxRefund = {
      params,
      paramsKey,
      refundId: newRefundId(),
      order,
      notifyUrl: params.notify_url ?? this.config.wechatPay.refundNotifyUrl,
      status: 'PROCESSING',
      createdAtMs: nowMs,
      successTimeMs: null,
      notifications: [],
    };
    this.store.addRefund(refund);
    order.state = 'REFUND';
    return this.resource(refund);
  }

  /** GET /v3/refund/domestic/refunds/{out_refund_no} */
  query(outRefundNo: string) {
    return this.resource(this.existing(outRefundNo));
  }

  /** Control: WeChat finishes the refund; the merchant hears about it by notification. */
  settle(outRefundNo: string, status: RefundOutcome, options: DeliveryOptions) {
    const refund = this.existing(outRefundNo);
    if (refund.status === 'SUCCESS' || refund.status === 'CLOSED') {
      throw new SandboxPayError('INVALID_REQUEST', `退款已是终态（${refund.status}），不能再变更`, undefined, 409);
    }
    if (refund.status === status) {
      throw new SandboxPayError('INVALID_REQUEST', `退款已是 ${status} 状态`, undefined, 409);
    }
    refund.status = status;
    if (status === 'SUCCESS') refund.successTimeMs = this.clock.nowMs();
    const { order } = refund;
    const plain = {
      mchid: order.params.mchid,
      out_trade_no: order.params.out_trade_no,
      transaction_id: order.transactionId,
      out_refund_no: refund.params.out_refund_no,
      refund_id: refund.refundId,
      refund_status: status,
      ...(refund.successTimeMs !== null ? { success_time: rfc3339(refund.successTimeMs) } : {}),
      user_received_account: '支付用户零钱',
      amount: {
        total: refund.params.amount.total,
        refund: refund.params.amount.refund,
        payer_total: refund.params.amount.total,
        payer_refund: refund.params.amount.refund,
      },
    };
    const envelope = {
      id: newEventId(),
      create_time: rfc3339(this.clock.nowMs()),
      resource_type: 'encrypt-resource',
      event_type: `REFUND.${status}`,
      summary: SUMMARY[status],
      resource: this.crypto.encrypt(JSON.stringify(plain), 'refund', 'refund'),
    };
    refund.notifications.push(this.notifier.deliver(refund.notifyUrl, envelope, options));
    return this.store.refundView(refund);
  }

  view(outRefundNo: string) {
    return this.store.refundView(this.existing(outRefundNo));
  }

  private existing(outRefundNo: string): SandboxRefund {
    const refund = this.store.refund(outRefundNo);
    if (!refund) throw new SandboxPayError('RESOURCE_NOT_EXISTS');
    return refund;
  }

  private resource(refund: SandboxRefund) {
    const { order } = refund;
    const { total, refund: amount } = refund.params.amount;
    return {
      refund_id: refund.refundId,
      out_refund_no: refund.params.out_refund_no,
      transaction_id: order.transactionId,
      out_trade_no: order.params.out_trade_no,
      channel: 'ORIGINAL',
      user_received_account: '支付用户零钱',
      ...(refund.successTimeMs !== null ? { success_time: rfc3339(refund.successTimeMs) } : {}),
      create_time: rfc3339(refund.createdAtMs),
      status: refund.status,
      funds_account: 'AVAILABLE',
      amount: {
        total,
        refund: amount,
        from: [],
        payer_total: total,
        payer_refund: amount,
        settlement_refund: amount,
        settlement_total: total,
        discount_refund: 0,
        currency: 'CNY',
        refund_fee: 0,
      },
      promotion_detail: [],
    };
  }
}
