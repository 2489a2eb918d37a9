import { Injectable, Logger } from '@nestjs/common';
import { AuditAction, ErrorCode, type PayRefundRetryResult } from '@member/shared';
import type { EntityManager, ObjectLiteral } from 'typeorm';
import { AppException } from '../../common/app-exception';
import { Clock } from '../../common/clock';
import { IdempotencyService, idempotencyScope } from '../../common/idempotency/idempotency.service';
import { TransactionRunner } from '../../database/transaction-runner';
import { OutboxService } from '../../outbox/outbox.service';
import { WechatPayError, WechatPayGateway, type PayRefund } from '../../wechat-pay/wechat-pay.gateway';
import { AuditService, operatorActor } from '../audit/audit.service';
import type { OperatorPrincipal } from '../auth/token.service';
import { PayAnomaliesRepository } from '../wallet/pay-anomalies.repository';
import { refusedByWechat } from '../wallet/wallet-refunds.service';
import { PayRowsRepository, type RefundSettled } from './pay-rows.repository';
import {
  parseRefundNo,
  refundKindOf,
  refundNoOf,
  type PaymentOwner,
  type PayOrderRow,
  type PayRefundState,
  type RefundRecord,
} from './payment-owner';

/** SETTLED: this call moved the refund; ALREADY: settled before; MISMATCH: WeChat's report disagrees. */
export type PayRefundOutcome = 'SETTLED' | 'ALREADY' | 'MISMATCH' | 'WAITING';

/** An outbox ask: the attempt's number (rows queued before attempts existed named the event fee's order). */
export interface RefundAsk {
  outRefundNo?: string;
  outTradeNo?: string;
}

/** Who asks for 重新退款, and what the audit log names. */
export interface RefundRetryRequest {
  requestId: string;
  op: OperatorPrincipal;
  target: { type: string; id: number };
}

const RETRY_OPERATION = 'pay-refund-retry';

/**
 * The cash of a paid order going back through WeChat Pay, in full, for every owner. Planned in the
 * transaction that ends the order (the owner keeps one refund per order, so it happens once), asked through
 * the outbox after the commit with the same out_refund_no on every retry, and settled once by a guarded
 * update whether WeChat's notification, the sync job's query or WeChat's answer to the ask comes first. A
 * refund WeChat closes or reports ABNORMAL is flagged for operators (支付异常). One that WeChat closed (or
 * refused outright) can be asked again by an operator (重新退款): a new attempt with its own out_refund_no.
 */
@Injectable()
export class PayRefundsService {
  private readonly log = new Logger('PayRefunds');

  constructor(
    private readonly clock: Clock,
    private readonly tx: TransactionRunner,
    private readonly outbox: OutboxService,
    private readonly gateway: WechatPayGateway,
    private readonly rows: PayRowsRepository,
    private readonly anomalies: PayAnomaliesRepository,
    private readonly idempotency: IdempotencyService,
    private readonly audit: AuditService,
  ) {}

  /** In the order's ending transaction: the refund and its ask. False when the order has one already. */
  async plan<O extends PayOrderRow, R extends ObjectLiteral>(
    owner: PaymentOwner<O, R>,
    em: EntityManager,
    o: O,
    cause: string,
    transactionId: string,
    now: Date,
  ): Promise<boolean> {
    const r = await owner.planRefund(em, o, cause, transactionId, now);
    if (r) await this.enqueue(owner, em, r);
    return r !== null;
  }

  /** The order's refund (its latest attempt), or null. */
  async record<O extends PayOrderRow, R extends ObjectLiteral>(
    owner: PaymentOwner<O, R>,
    outTradeNo: string,
    em?: EntityManager,
  ): Promise<RefundRecord | null> {
    const row = await this.rows.refund(owner.refunds, outTradeNo, em);
    return row ? owner.refundOf(row) : null;
  }

  /** The outbox's delivery: asks WeChat about the attempt still waiting (a superseded attempt asks nothing). */
  async askQueued<O extends PayOrderRow, R extends ObjectLiteral>(
    owner: PaymentOwner<O, R>,
    ask: RefundAsk,
  ): Promise<void> {
    const outRefundNo = ask.outRefundNo ?? refundNoOf(ask.outTradeNo ?? '', 1);
    const no = parseRefundNo(outRefundNo);
    const r = no && (await this.record(owner, no.outTradeNo));
    if (r?.status === 'PROCESSING' && r.outRefundNo === outRefundNo) await this.ask(owner, r, true);
  }

  /**
   * Asks WeChat (the attempt's out_refund_no every time). Accepted → refund id kept, a final answer settled;
   * refused outright → CLOSED and flagged; unreachable → stays PROCESSING (rethrown for the outbox when `rethrow`).
   */
  async ask<O extends PayOrderRow, R extends ObjectLiteral>(
    owner: PaymentOwner<O, R>,
    r: RefundRecord,
    rethrow = false,
  ): Promise<void> {
    try {
      const answer = await this.gateway.refund({
        outTradeNo: r.outTradeNo,
        outRefundNo: r.outRefundNo,
        refundFen: r.refundFen,
        totalFen: r.refundFen,
        reason: owner.refundReason(r),
      });
      await this.rows.markRefundAccepted(owner.refunds, r, answer.refundId, this.clock.now());
      if (answer.status !== 'PROCESSING') await this.settleReported(owner, r, answer, 'QUERY');
    } catch (error) {
      if (!(error instanceof WechatPayError)) throw error;
      if (refusedByWechat(error)) {
        this.log.warn(`${owner.label} refund ${r.outRefundNo} refused: ${error.code}`);
        await this.settle(owner, r, 'CLOSED', { refundId: null, at: this.clock.now(), failReason: error.code });
        return;
      }
      this.log.warn(`${owner.label} refund ${r.outRefundNo} not asked yet: ${error.code}`);
      if (rethrow) throw error;
    }
  }

  /** The notification route: false when the refund is not one of ours. */
  async settleRefund<O extends PayOrderRow, R extends ObjectLiteral>(
    owner: PaymentOwner<O, R>,
    reported: PayRefund,
    source: 'NOTIFY' | 'QUERY',
  ): Promise<boolean> {
    const no = parseRefundNo(reported.outRefundNo);
    const r = no && (await this.record(owner, no.outTradeNo));
    if (!no || !r || no.attempt > r.attempt) return false;
    if (no.attempt === r.attempt) await this.settleReported(owner, r, reported, source);
    else await this.superseded(r, reported);
    return true;
  }

  async settleReported<O extends PayOrderRow, R extends ObjectLiteral>(
    owner: PaymentOwner<O, R>,
    r: RefundRecord,
    reported: PayRefund,
    source: 'NOTIFY' | 'QUERY',
  ): Promise<PayRefundOutcome> {
    if (reported.outTradeNo !== r.outTradeNo || reported.refundFen !== r.refundFen) {
      this.log.warn(
        `${owner.label} refund ${r.outRefundNo}: WeChat reports ${reported.outTradeNo}/${reported.refundFen} (${source})`,
      );
      await this.tx.run((em) =>
        this.anomalies.flag(
          em,
          { ...this.flagOf(r, reported.refundId), kind: 'AMOUNT_MISMATCH', reportedFen: reported.refundFen },
          this.clock.now(),
        ),
      );
      return 'MISMATCH';
    }
    if (reported.status === 'PROCESSING') return 'WAITING';
    return this.settle(owner, r, reported.status, {
      refundId: reported.refundId || null,
      at: reported.successTime ?? this.clock.now(),
    });
  }

  /** PROCESSING → `to` once (SUCCESS also from ABNORMAL: WeChat documents ABNORMAL as not final). */
  settle<O extends PayOrderRow, R extends ObjectLiteral>(
    owner: PaymentOwner<O, R>,
    r: RefundRecord,
    to: Exclude<PayRefundState, 'PROCESSING'>,
    o: RefundSettled,
  ): Promise<PayRefundOutcome> {
    return this.tx.run(async (em) => {
      const from: PayRefundState[] = to === 'SUCCESS' ? ['PROCESSING', 'ABNORMAL'] : ['PROCESSING'];
      if (!(await this.rows.moveRefund(em, owner.refunds, r, from, to, o))) return 'ALREADY';
      // The member has not got the cash back: an operator must see it.
      if (to !== 'SUCCESS')
        await this.anomalies.flag(em, { ...this.flagOf(r, o.refundId), kind: 'REFUND_ABNORMAL' }, this.clock.now());
      return 'SETTLED';
    });
  }

  /**
   * 重新退款 (console): the refund's latest attempt failed for good — WeChat closed it, or refused our ask
   * outright — so the member has not got the cash. A new attempt, PROCESSING under the next out_refund_no
   * for the same amount, is asked through the outbox; audited in the same transaction, idempotent by the
   * request id (a repeated click answers the same attempt). ABNORMAL is not retried here: WeChat still
   * holds that money (it counts against what the order can refund) and settles it on its merchant
   * platform, where it may still succeed.
   */
  async retry<O extends PayOrderRow, R extends ObjectLiteral>(
    owner: PaymentOwner<O, R>,
    outTradeNo: string,
    req: RefundRetryRequest,
  ): Promise<PayRefundRetryResult> {
    const { body, replayed } = await this.idempotency.run(
      {
        scope: idempotencyScope.operator(req.op.operatorId),
        operation: RETRY_OPERATION,
        key: req.requestId,
        request: { owner: owner.prefix, outTradeNo },
      },
      async (em): Promise<PayRefundRetryResult> => {
        const r = await this.record(owner, outTradeNo, em);
        if (!r) throw new AppException(ErrorCode.PAY_REFUND_NOT_FOUND);
        if (r.status === 'ABNORMAL') throw new AppException(ErrorCode.PAY_REFUND_ABNORMAL);
        if (r.status !== 'CLOSED') throw new AppException(ErrorCode.PAY_REFUND_NOT_FAILED);
        // Never more than the payment: every earlier attempt failed, so nothing of it has gone back yet.
        const o = await this.rows.order(owner.orders, outTradeNo, em);
        if (!o || o.transactionId !== r.transactionId || r.refundFen > owner.amountOf(o))
          throw new AppException(ErrorCode.PAY_REFUND_EXCEEDS_PAYMENT);
        const next: RefundRecord = {
          ...r,
          attempt: r.attempt + 1,
          outRefundNo: refundNoOf(outTradeNo, r.attempt + 1),
          status: 'PROCESSING',
          acceptedAt: null,
          failReason: null,
        };
        if (!(await this.rows.retryRefund(em, owner.refunds, r, next.outRefundNo, this.clock.now())))
          throw new AppException(ErrorCode.PAY_REFUND_NOT_FAILED);
        await this.enqueue(owner, em, next);
        await this.audit.record(
          operatorActor(req.op),
          {
            action: AuditAction.PayRefundRetried,
            targetType: req.target.type,
            targetId: req.target.id,
            before: { outRefundNo: r.outRefundNo, status: r.status, failReason: r.failReason },
            after: { outRefundNo: next.outRefundNo, attempt: next.attempt, refundFen: next.refundFen },
          },
          em,
        );
        return {
          outRefundNo: next.outRefundNo,
          attempt: next.attempt,
          refundFen: next.refundFen,
          status: 'PROCESSING',
        };
      },
    );
    return { ...body, replayed };
  }

  private enqueue<O extends PayOrderRow, R extends ObjectLiteral>(
    owner: PaymentOwner<O, R>,
    em: EntityManager,
    r: RefundRecord,
  ): Promise<boolean> {
    // WeChat dedupes refunds by out_refund_no (the outbox key): a repeated ask is harmless.
    const ask: RefundAsk = { outRefundNo: r.outRefundNo };
    return this.outbox.enqueue(em, { kind: refundKindOf(owner), key: r.outRefundNo, payload: ask });
  }

  /**
   * A report about an attempt 重新退款 has replaced. WeChat closed it for good (CLOSED is final), so that
   * is only acknowledged; anything else means money may move twice: an operator must look.
   */
  private async superseded(r: RefundRecord, reported: PayRefund): Promise<void> {
    if (reported.status === 'CLOSED') return;
    this.log.warn(`refund ${reported.outRefundNo}: WeChat reports ${reported.status}, replaced by ${r.outRefundNo}`);
    const flag = this.flagOf({ ...r, outRefundNo: reported.outRefundNo }, reported.refundId);
    const detail = { ...flag.detail, status: reported.status, replacedBy: r.outRefundNo };
    await this.tx.run((em) => this.anomalies.flag(em, { ...flag, kind: 'REFUND_ABNORMAL', detail }, this.clock.now()));
  }

  private flagOf(r: RefundRecord, refundId: string | null) {
    return {
      outTradeNo: r.outTradeNo,
      transactionId: r.transactionId,
      transactionKey: `refund:${r.outRefundNo}`,
      expectedFen: r.refundFen,
      reportedFen: r.refundFen,
      credited: false,
      memberId: r.memberId,
      detail: { outRefundNo: r.outRefundNo, refundId, cause: r.cause, ...r.detail },
    };
  }
}
