import { Injectable } from '@nestjs/common';
import { ErrorCode, type PayRefundRetryRequest, type PayRefundRetryResult } from '@member/shared';
import type { EntityManager } from 'typeorm';
import { AppException } from '../../common/app-exception';
import type { OperatorPrincipal } from '../auth/token.service';
import { PayRefundsService } from '../payments/pay-refunds.service';
import type { EventPaymentRow, EventRefundCause } from './entities/event-payment.entity';
import { EventPayOwner } from './event-pay-owner';
import { EventPaymentsRepository } from './event-payments.repository';

/**
 * A cash fee going back through WeChat Pay, in full (modules/payments does the asking and settling): planned
 * in the transaction that ends the sign-up, or cancels the event, by a guarded `refund_status IS NULL` →
 * PROCESSING, so it happens once; asked again by an operator (重新退款) when WeChat closed it.
 */
@Injectable()
export class EventRefundsService {
  constructor(
    private readonly refunds: PayRefundsService,
    private readonly owner: EventPayOwner,
    private readonly payments: EventPaymentsRepository,
  ) {}

  /** In the transaction that ends the sign-up: the refund and its ask. False when it has one already. */
  plan(em: EntityManager, p: EventPaymentRow, cause: EventRefundCause, now: Date): Promise<boolean> {
    return this.refunds.plan(this.owner, em, p, cause, p.transactionId ?? '', now);
  }

  /** 重新退款 of a sign-up's fee after WeChat closed (or refused) its refund; audited, idempotent. */
  async retry(
    eventId: number,
    signupId: number,
    req: PayRefundRetryRequest,
    op: OperatorPrincipal,
  ): Promise<PayRefundRetryResult> {
    const p = await this.payments.bySignup(signupId);
    if (!p || p.eventId !== eventId) throw new AppException(ErrorCode.PAY_REFUND_NOT_FOUND);
    const target = { type: 'event_signup', id: signupId };
    return this.refunds.retry(this.owner, p.outTradeNo, { requestId: req.requestId, op, target });
  }
}
