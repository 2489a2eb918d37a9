import { Injectable } from '@nestjs/common';
import { Clock } from '../../common/clock';
import { rfc3339 } from './sandbox-pay-format';
import type { NotifyDelivery } from './sandbox-pay-notifier.service';
import type { PrepayParams, RefundParams } from './sandbox-pay-params';

export type SandboxTradeState = 'NOTPAY' | 'SUCCESS' | 'CLOSED' | 'REFUND';
export type SandboxRefundStatus = 'PROCESSING' | 'SUCCESS' | 'CLOSED' | 'ABNORMAL';

export interface SandboxOrder {
  params: PrepayParams;
  /** canonicalJson(params): "same parameters" means the same key. */
  paramsKey: string;
  createdAtMs: number;
  timeExpireMs: number;
  state: SandboxTradeState;
  /** Why it is CLOSED. */
  closedBy: 'API' | 'EXPIRY' | null;
  /** Paid with force after it was closed (the race the merchant must flag). */
  paidAfterClose: boolean;
  transactionId: string | null;
  successTimeMs: number | null;
  prepayIds: string[];
  notification: NotifyDelivery | null;
  refunds: SandboxRefund[];
}

export interface SandboxRefund {
  params: RefundParams;
  paramsKey: string;
  refundId: string;
  order: SandboxOrder;
  notifyUrl: string;
  status: SandboxRefundStatus;
  createdAtMs: number;
  successTimeMs: number | null;
  notifications: NotifyDelivery[];
}

export const TRADE_STATE_DESC: Record<SandboxTradeState, string> = {
  NOTPAY: '订单未支付',
  SUCCESS: '支付成功',
  CLOSED: '订单已关闭',
  REFUND: '转入退款',
};

/** The simulator's memory: orders by out_trade_no and transaction_id, refunds by out_refund_no. */
@Injectable()
export class SandboxPayStore {
  private readonly orders = new Map<string, SandboxOrder>();
  private readonly byTransactionId = new Map<string, SandboxOrder>();
  private readonly refunds = new Map<string, SandboxRefund>();

  constructor(private readonly clock: Clock) {}

  /** The order, closed first if its time_expire has passed unpaid. */
  order(outTradeNo: string): SandboxOrder | undefined {
    const order = this.orders.get(outTradeNo);
    if (order) this.expire(order);
    return order;
  }

  orderByTransactionId(transactionId: string): SandboxOrder | undefined {
    return this.byTransactionId.get(transactionId);
  }

  allOrders(): SandboxOrder[] {
    return [...this.orders.values()];
  }

  addOrder(order: SandboxOrder): void {
    this.orders.set(order.params.out_trade_no, order);
  }

  markPaid(order: SandboxOrder, transactionId: string): void {
    order.transactionId = transactionId;
    this.byTransactionId.set(transactionId, order);
  }

  refund(outRefundNo: string): SandboxRefund | undefined {
    return this.refunds.get(outRefundNo);
  }

  addRefund(refund: SandboxRefund): void {
    this.refunds.set(refund.params.out_refund_no, refund);
    refund.order.refunds.push(refund);
  }

  private expire(order: SandboxOrder): void {
    if (order.state === 'NOTPAY' && this.clock.nowMs() >= order.timeExpireMs) {
      order.state = 'CLOSED';
      order.closedBy = 'EXPIRY';
    }
  }

  /** The control endpoints' view of an order (not a WeChat shape). */
  orderView(order: SandboxOrder) {
    const delivery = order.notification;
    return {
      outTradeNo: order.params.out_trade_no,
      tradeState: order.state,
      transactionId: order.transactionId,
      totalFen: order.params.amount.total,
      payerTotalFen: order.successTimeMs === null ? null : order.params.amount.total,
      refundedFen: order.refunds
        .filter((r) => r.status !== 'CLOSED')
        .reduce((sum, r) => sum + r.params.amount.refund, 0),
      openid: order.params.payer.openid,
      createTime: rfc3339(order.createdAtMs),
      timeExpire: rfc3339(order.timeExpireMs),
      successTime: order.successTimeMs === null ? null : rfc3339(order.successTimeMs),
      closedBy: order.closedBy,
      paidAfterClose: order.paidAfterClose,
      prepayIds: order.prepayIds,
      notifyUrl: order.params.notify_url,
      notifyAttempts: delivery ? delivery.attempts : [],
      acked: delivery ? delivery.acked : false,
      abandoned: delivery ? delivery.abandoned : false,
      refunds: order.refunds.map((refund) => this.refundView(refund)),
    };
  }

  refundView(refund: SandboxRefund) {
    const latest = refund.notifications.at(-1);
    return {
      outRefundNo: refund.params.out_refund_no,
      refundId: refund.refundId,
      outTradeNo: refund.order.params.out_trade_no,
      status: refund.status,
      refundFen: refund.params.amount.refund,
      totalFen: refund.params.amount.total,
      createTime: rfc3339(refund.createdAtMs),
      successTime: refund.successTimeMs === null ? null : rfc3339(refund.successTimeMs),
      notifyUrl: refund.notifyUrl,
      notifications: refund.notifications.map((n) => ({
        eventType: n.eventType,
        attempts: n.attempts,
        acked: n.acked,
      })),
      notifyAttempts: latest ? latest.attempts : [],
      acked: latest ? latest.acked : false,
    };
  }
}
