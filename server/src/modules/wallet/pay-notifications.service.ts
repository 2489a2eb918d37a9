import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../../common/clock';
import { TransactionRunner } from '../../database/transaction-runner';
import {
  NotificationVerifier,
  PayNotificationRejected,
  refundOf,
  transactionOf,
  type PayNotification,
} from '../../wechat-pay/notification-verifier';
import { PayAnomaliesRepository } from './pay-anomalies.repository';
import { PayNotificationRoutes } from './pay-notification-routes';
import { TopupSettlementService } from './topup-settlement.service';
import { WalletRefundSettlementService } from './wallet-refund-settlement.service';
import { WalletRefundsRepository } from './wallet-refunds.repository';

/** What the notification endpoint answers: 204, or 4xx/5xx with WeChat's FAIL body. */
export type NotifyAnswer = { status: 204 } | { status: number; body: { code: 'FAIL'; message: string } };

const fail = (status: number): NotifyAnswer => ({ status, body: { code: 'FAIL', message: '失败' } });

/**
 * WeChat Pay's notifications. Nothing is read from a notification before NotificationVerifier has checked
 * its signature, timestamp and GCM tag; a rejected one changes nothing and answers 4xx. A verified payment
 * goes through the one settle path; one that disagrees with our order is flagged and still acknowledged
 * (refusing would only make WeChat retry for a day).
 */
@Injectable()
export class PayNotificationsService {
  private readonly log = new Logger('PayNotifications');

  constructor(
    private readonly verifier: NotificationVerifier,
    private readonly settlement: TopupSettlementService,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly anomalies: PayAnomaliesRepository,
    private readonly refunds: WalletRefundsRepository,
    private readonly refundSettlement: WalletRefundSettlementService,
    private readonly routes: PayNotificationRoutes,
  ) {}

  async payment(
    headers: Record<string, string | string[] | undefined>,
    rawBody: Buffer | undefined,
  ): Promise<NotifyAnswer> {
    const verified = this.verified(headers, rawBody);
    if ('status' in verified) return verified;
    const t = verified.originalType === 'transaction' ? transactionOf(verified.resource) : null;
    if (!t || (t.tradeState === 'SUCCESS' && !t.transactionId)) {
      this.log.warn(`payment notification ${verified.id}: resource is not a transaction`);
      return fail(400);
    }
    try {
      // Another module's order (by its out_trade_no prefix), else a top-up.
      await (this.routes.payment(t.outTradeNo) ?? this.settlement).settle(t, 'NOTIFY');
    } catch (error) {
      // Nothing was committed (one transaction): a 5xx makes WeChat deliver it again later.
      this.log.error(`settling ${t.outTradeNo} failed: ${String(error)}`);
      return fail(500);
    }
    return { status: 204 };
  }

  /**
   * Refund results: one of our refunds is settled through the one settle path (a duplicate finds it settled
   * and is just acknowledged); a refund we never asked for is flagged for operators (once) and acknowledged.
   */
  async refund(
    headers: Record<string, string | string[] | undefined>,
    rawBody: Buffer | undefined,
  ): Promise<NotifyAnswer> {
    const verified = this.verified(headers, rawBody);
    if ('status' in verified) return verified;
    const r = verified.originalType === 'refund' ? refundOf(verified.resource) : null;
    if (!r) {
      this.log.warn(`refund notification ${verified.id}: resource is not a refund`);
      return fail(400);
    }
    const route = this.routes.refund(r.outRefundNo);
    if (route) {
      try {
        if (await route.settleRefund(r, 'NOTIFY')) return { status: 204 };
      } catch (error) {
        this.log.error(`settling refund ${r.outRefundNo} failed: ${String(error)}`);
        return fail(500);
      }
    }
    const ours = route ? null : await this.refunds.byOutRefundNo(r.outRefundNo);
    if (ours) {
      try {
        await this.refundSettlement.settleReported(ours, r, 'NOTIFY');
      } catch (error) {
        // Nothing was committed (one transaction): a 5xx makes WeChat deliver it again later.
        this.log.error(`settling refund ${r.outRefundNo} failed: ${String(error)}`);
        return fail(500);
      }
      return { status: 204 };
    }
    await this.tx.run((em) =>
      this.anomalies.flag(
        em,
        {
          kind: 'UNKNOWN_ORDER',
          outTradeNo: r.outTradeNo,
          transactionId: r.transactionId || null,
          transactionKey: `refund:${r.outRefundNo}`,
          expectedFen: null,
          reportedFen: r.refundFen,
          credited: false,
          memberId: null,
          detail: { outRefundNo: r.outRefundNo, refundId: r.refundId, status: r.status, totalFen: r.totalFen },
        },
        this.clock.now(),
      ),
    );
    return { status: 204 };
  }

  private verified(
    headers: Record<string, string | string[] | undefined>,
    rawBody: Buffer | undefined,
  ): PayNotification | NotifyAnswer {
    try {
      return this.verifier.verify(headers, rawBody);
    } catch (error) {
      if (!(error instanceof PayNotificationRejected)) throw error;
      this.log.warn(`notification rejected: ${error.reason}`);
      return fail(error.status);
    }
  }
}
