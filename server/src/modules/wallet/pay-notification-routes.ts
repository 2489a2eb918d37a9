import { Injectable } from '@nestjs/common';
import type { PayRefund, PayTransaction } from '../../wechat-pay/wechat-pay.gateway';

/** Settles a verified payment report of the route's orders (notification or query). */
export interface PaymentRoute {
  settle(t: PayTransaction, source: 'NOTIFY' | 'QUERY'): Promise<unknown>;
}

/** Settles a verified refund report of the route's refunds; false when no such refund of ours exists. */
export interface RefundRoute {
  settleRefund(r: PayRefund, source: 'NOTIFY' | 'QUERY'): Promise<boolean>;
}

/**
 * One notify URL serves every kind of WeChat Pay order: PayNotificationsService verifies once, then hands the
 * report to the module that owns the out_trade_no (or out_refund_no) prefix. Top-ups ('T', refunds 'R') are
 * the default route; other modules register theirs at start (the mall: 'M').
 */
@Injectable()
export class PayNotificationRoutes {
  private readonly payments = new Map<string, PaymentRoute>();
  private readonly refunds = new Map<string, RefundRoute>();

  register(prefix: string, route: { payment: PaymentRoute; refund: RefundRoute }): void {
    if (this.payments.has(prefix)) throw new Error(`pay route ${prefix} registered twice`);
    this.payments.set(prefix, route.payment);
    this.refunds.set(prefix, route.refund);
  }

  payment(outTradeNo: string): PaymentRoute | null {
    return this.payments.get(outTradeNo.charAt(0)) ?? null;
  }

  refund(outRefundNo: string): RefundRoute | null {
    return this.refunds.get(outRefundNo.charAt(0)) ?? null;
  }
}
