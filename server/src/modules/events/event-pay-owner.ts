import { Injectable } from '@nestjs/common';
import type { PayRefundAttempt } from '@member/shared';
import type { EntityManager } from 'typeorm';
import { Clock } from '../../common/clock';
import { TransactionRunner } from '../../database/transaction-runner';
import {
  refundNoOf,
  type PaidReport,
  type PaymentOwner,
  type RefundRecord,
  type Shipment,
} from '../payments/payment-owner';
import type { EventPaymentRow, EventRefundCause } from './entities/event-payment.entity';
import { EVENT_PAYMENTS, EVENT_REFUNDS, EventPaymentsRepository } from './event-payments.repository';
import { EventWaitlist } from './event-waitlist.service';
import { EventsRepository } from './events.repository';

/** The console's view of a fee's refund attempt (重新退款 is offered on a CLOSED one). */
export const refundAttemptOf = (p: EventPaymentRow): PayRefundAttempt => ({
  outRefundNo: p.refundStatus ? refundNoOf(p.outTradeNo, p.refundAttempt) : null,
  refundAttempt: p.refundAttempt,
  refundFailReason: p.refundFailReason,
});

const REASONS: Record<EventRefundCause, string> = {
  SIGNUP_CANCELLED: '活动报名取消退款',
  EVENT_CANCELLED: '活动取消退款',
  PAID_AFTER_CLOSE: '活动报名支付超时退款',
};

/**
 * Cash event fees as WeChat Pay orders ('E' out_trade_no): what the shared payment machinery
 * (modules/payments) does for them is the events' to say here. Paid → the guarded PENDING → PAID decides
 * and only that call moves the sign-up PENDING_PAYMENT → CONFIRMED (its seats were held already; lock order:
 * the payment row, then the sign-up row, as every path). Closed unpaid at WeChat → under the event row's
 * lock, the payment CLOSED, the sign-up CANCELLED (支付超时), the seats freed and waiting parties promoted in
 * the same transaction. A refund is kept on the payment row and goes back in full.
 */
@Injectable()
export class EventPayOwner implements PaymentOwner<EventPaymentRow, EventPaymentRow> {
  readonly prefix = 'E';
  readonly label = 'event';
  readonly batchName = 'payments';
  readonly noun = '活动报名支付';
  readonly orders = EVENT_PAYMENTS;
  readonly refunds = EVENT_REFUNDS;

  constructor(
    private readonly clock: Clock,
    private readonly tx: TransactionRunner,
    private readonly payments: EventPaymentsRepository,
    private readonly repo: EventsRepository,
    private readonly waitlist: EventWaitlist,
  ) {}

  amountOf(p: EventPaymentRow): number {
    return p.amountFen;
  }

  anomalyDetail(p: EventPaymentRow | null): Record<string, unknown> {
    return { event: p?.eventId ?? null, signup: p?.signupId ?? null };
  }

  async fulfil(em: EntityManager, p: EventPaymentRow, paid: PaidReport, now: Date): Promise<string | null> {
    if (!(await this.payments.markPaid(em, p.id, paid.transactionId, paid.paidAt, now))) return null;
    const moved = await this.repo.move(em, p.signupId, ['PENDING_PAYMENT'], { status: 'CONFIRMED', updatedAt: now });
    // Every path that ends a sign-up waiting for payment closes its payment first, in the same transaction.
    if (!moved) throw new Error(`event signup ${p.signupId}: not waiting for payment while its payment was`);
    return 'CONFIRMED';
  }

  /** After WeChat's close: the payment CLOSED, its sign-up CANCELLED (支付超时), seats freed and promoted, once. */
  expire(p: EventPaymentRow): Promise<string> {
    return this.tx.run(async (em) => {
      const now = this.clock.now();
      await this.repo.lockEvent(em, p.eventId);
      if (!(await this.payments.close(em, p.id, now))) return 'ALREADY';
      const s = (await this.repo.signup(p.signupId, em))!;
      const moved = await this.repo.move(em, s.id, ['PENDING_PAYMENT'], {
        status: 'CANCELLED',
        activeMemberId: null,
        cancelledAt: now,
        endReason: 'PAY_TIMEOUT',
        updatedAt: now,
      });
      if (!moved) throw new Error(`event signup ${s.id}: not waiting for payment while its payment was`);
      await this.repo.freeSeats(em, p.eventId, s.partySize);
      await this.waitlist.promote(em, p.eventId, now);
      return 'EXPIRED';
    });
  }

  /** The refund planned on the payment row (its transaction id is the row's own: guarded NOT NULL). */
  async planRefund(em: EntityManager, p: EventPaymentRow, cause: string, transactionId: string, now: Date) {
    if (!(await this.payments.planRefund(em, p.id, cause as EventRefundCause, now))) return null;
    return this.refundOf({
      ...p,
      transactionId: p.transactionId ?? transactionId,
      refundStatus: 'PROCESSING',
      refundCause: cause as EventRefundCause,
    });
  }

  refundOf(p: EventPaymentRow): RefundRecord {
    return {
      id: p.id,
      outTradeNo: p.outTradeNo,
      outRefundNo: refundNoOf(p.outTradeNo, p.refundAttempt),
      attempt: p.refundAttempt,
      transactionId: p.transactionId,
      memberId: p.memberId,
      refundFen: p.amountFen,
      status: p.refundStatus,
      cause: p.refundCause,
      acceptedAt: p.refundAcceptedAt,
      failReason: p.refundFailReason,
      detail: { event: p.eventId, signup: p.signupId },
    };
  }

  refundReason(r: RefundRecord): string {
    return REASONS[(r.cause as EventRefundCause | null) ?? 'SIGNUP_CANCELLED'];
  }

  /** Virtual goods (logistics_type 3, 虚拟发货), named by the event; nothing for a fee that is not PAID. */
  async shipment(p: EventPaymentRow): Promise<Shipment | null> {
    if (p.status !== 'PAID') return null;
    const e = await this.repo.event(p.eventId);
    return { logisticsType: 3, itemDesc: `活动报名 ${e?.title ?? ''}`.trim().slice(0, 120) };
  }
}
