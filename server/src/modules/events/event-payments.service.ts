import { Injectable } from '@nestjs/common';
import { ErrorCode, type MallPayParams } from '@member/shared';
import type { EntityManager } from 'typeorm';
import { AppException } from '../../common/app-exception';
import { AppConfig } from '../../config/app-config';
import { PayPrepayService } from '../payments/pay-prepay.service';
import type { EventPaymentRow } from './entities/event-payment.entity';
import type { EventSignupRow } from './entities/event-signup.entity';
import type { EventRow } from './entities/event.entity';
import { EVENT_PAYMENTS, EventPaymentsRepository, newEventTradeNo } from './event-payments.repository';
import { EventsRepository } from './events.repository';

/**
 * Cash fees, members' side. When a cash sign-up gets seats (at sign-up or at promotion, inside that
 * transaction) its payment is written: out_trade_no, the party's fee and the pay deadline (events.payMinutes,
 * never past the event's start) — the seats are held until then. After the commit — no transaction is held
 * across an HTTP call — the JSAPI prepay with time_expire = the deadline; asking again (a retry of the
 * request id, or 去支付) answers the same order with freshly signed pay parameters.
 */
@Injectable()
export class EventPaymentsService {
  constructor(
    private readonly config: AppConfig,
    private readonly repo: EventsRepository,
    private readonly payments: EventPaymentsRepository,
    private readonly prepays: PayPrepayService,
  ) {}

  /**
   * Inside the transaction that gave the sign-up its seats: the payment it owes, PENDING, due within
   * events.payMinutes and never after `latest` (the start; a walk-in at the door pays until the end).
   */
  async open(
    em: EntityManager,
    e: EventRow,
    s: Pick<EventSignupRow, 'id' | 'memberId' | 'partySize'>,
    now: Date,
    latest: Date = e.startsAt,
  ) {
    const until = Math.min(now.getTime() + this.config.events.payMinutes * 60_000, latest.getTime());
    return this.payments.insert(em, {
      signupId: s.id,
      eventId: e.id,
      memberId: s.memberId,
      outTradeNo: newEventTradeNo(now),
      amountFen: e.feeFen * s.partySize,
      description: `活动报名 ${e.title}`.slice(0, 120),
      status: 'PENDING',
      payUntil: new Date(until),
      prepayId: null,
      transactionId: null,
      paidAt: null,
      late: false,
      shippingStatus: null,
      shippingError: null,
      refundStatus: null,
      refundAttempt: 1,
      refundCause: null,
      refundId: null,
      refundFailReason: null,
      refundCreatedAt: null,
      refundAcceptedAt: null,
      refundSettledAt: null,
      createdAt: now,
      updatedAt: now,
    });
  }

  /** Pay params for a sign-up waiting for its payment (null when it is not, or too late to start paying). */
  async payParamsFor(memberId: number, signupId: number): Promise<MallPayParams | null> {
    const s = await this.repo.signup(signupId);
    if (s?.status !== 'PENDING_PAYMENT') return null;
    const p = await this.payments.bySignup(signupId);
    if (!p || p.memberId !== memberId || p.status !== 'PENDING' || !this.payable(p)) return null;
    return this.prepay(p);
  }

  /** 去支付: fresh pay params for the member's own sign-up waiting for payment, within its deadline. */
  async payAgain(memberId: number, eventId: number): Promise<{ signup: EventSignupRow; pay: MallPayParams }> {
    const s = await this.repo.activeSignup(eventId, memberId);
    if (!s) throw new AppException(ErrorCode.EVENT_SIGNUP_NOT_FOUND);
    const p = s.status === 'PENDING_PAYMENT' ? await this.payments.bySignup(s.id) : null;
    if (!p || p.status !== 'PENDING' || !this.payable(p)) throw new AppException(ErrorCode.EVENT_NOT_PAYABLE);
    return { signup: s, pay: await this.prepay(p) };
  }

  private payable(p: EventPaymentRow): boolean {
    return this.prepays.payable(p.payUntil);
  }

  private prepay(p: EventPaymentRow): Promise<MallPayParams> {
    // The description fixed at opening: WeChat answers the same order only for the same parameters.
    return this.prepays.prepay(EVENT_PAYMENTS, p, { amountFen: p.amountFen, description: p.description });
  }
}
