import { randomInt } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import {
  ActorType,
  AuditAction,
  ErrorCode,
  walletRefundForfeitParts,
  type WalletRefundRequest,
  type WalletRefundResult,
} from '@member/shared';
import type { EntityManager } from 'typeorm';
import { AppException } from '../../common/app-exception';
import { Clock, shanghaiDate } from '../../common/clock';
import { fingerprint } from '../../common/idempotency/fingerprint';
import { isUniqueViolation, TransactionRunner } from '../../database/transaction-runner';
import { LedgerService } from '../../ledger/ledger.service';
import { walletSplit } from '../../ledger/ledger.types';
import { WechatPayError, WechatPayGateway } from '../../wechat-pay/wechat-pay.gateway';
import { AuditService, operatorActor } from '../audit/audit.service';
import type { OperatorPrincipal } from '../auth/token.service';
import { MemberDirectory } from '../members/member-directory';
import type { WalletRefundRow } from './entities/wallet-refund.entity';
import {
  REFUND_BIZ_TYPE,
  REFUND_FORFEIT_BIZ_TYPE,
  WalletRefundSettlementService,
} from './wallet-refund-settlement.service';
import { walletRefundViews } from './wallet-refund-views';
import { WalletRefundsRepository, type RefundableOrder } from './wallet-refunds.repository';

/** WeChat takes refunds within a year of payment and at most 50 per order. */
export const REFUND_WINDOW_MS = 365 * 86_400_000;
export const MAX_REFUNDS_PER_ORDER = 50;

/** 'R' + the Asia/Shanghai date + 14 random digits; each part appends its 2-digit number (25 characters). */
function newRefundBase(now: Date): string {
  const digits = `${String(randomInt(0, 10_000_000)).padStart(7, '0')}${String(randomInt(0, 10_000_000)).padStart(7, '0')}`;
  return `R${shanghaiDate(now).replace(/-/g, '')}${digits}`;
}

/** What WeChat can refund of an order now (0 when it is past the year or has had 50 refunds). */
export function refundableOf(o: RefundableOrder, now: Date): number {
  if (o.refundCount >= MAX_REFUNDS_PER_ORDER || now.getTime() - o.paidAt.getTime() >= REFUND_WINDOW_MS) return 0;
  return o.payFen - o.refundedFen;
}

/**
 * Whether WeChat refused the refund outright (a business error on the request): no refund exists at WeChat,
 * so it is closed here and the money goes back. Network failures, 5xx, 429 and unverifiable answers are not
 * refusals — WeChat may have the refund — and are asked again with the same out_refund_no.
 */
export function refusedByWechat(error: WechatPayError): boolean {
  if (error.retryable || error.status === null || error.code === 'SIGN_ERROR') return false;
  // NOT_ENOUGH: the merchant account lacks funds now; worth asking again later.
  return error.status >= 400 && error.status < 500 && error.status !== 401 && error.code !== 'NOT_ENOUGH';
}

/**
 * Operator refunds of a member's unspent principal. One transaction, under the lock of the member's wallet:
 * the amount is checked against the live principal and what WeChat can still refund, split across the
 * member's paid orders newest first (principal is spent oldest first, so what is left is the newest top-ups'
 * money, and one refund usually stays on one order), the parts are written, the orders' refunded_fen raised
 * by guarded updates and the principal and proportional bonus debited. Only after the commit is WeChat asked;
 * a refund WeChat could not be asked about stays PROCESSING for the sync job.
 */
@Injectable()
export class WalletRefundsService {
  private readonly log = new Logger('WalletRefunds');

  constructor(
    private readonly clock: Clock,
    private readonly tx: TransactionRunner,
    private readonly ledger: LedgerService,
    private readonly gateway: WechatPayGateway,
    private readonly refunds: WalletRefundsRepository,
    private readonly settlement: WalletRefundSettlementService,
    private readonly members: MemberDirectory,
    private readonly audit: AuditService,
  ) {}

  async refund(memberId: number, req: WalletRefundRequest, op: OperatorPrincipal): Promise<WalletRefundResult> {
    const ref = (await this.members.refs([memberId])).get(memberId);
    if (!ref) throw new AppException(ErrorCode.MEMBER_NOT_FOUND);
    const offPlatform = req.offPlatform === true;
    const hash = fingerprint({ amountFen: req.amountFen ?? null, offPlatform, reason: req.reason });
    let rows = await this.refunds.byRequest(memberId, req.requestId);
    if (!rows.length) rows = await this.open(memberId, req, hash, offPlatform, op);
    if (rows[0].requestHash !== hash) throw new AppException(ErrorCode.IDEMPOTENCY_KEY_REUSED);
    // A repeated request asks WeChat again about parts it has not accepted yet (same out_refund_no).
    for (const row of rows) if (row.status === 'PROCESSING' && row.acceptedAt === null) await this.ask(row);
    return this.result(await this.refunds.byRequest(memberId, req.requestId));
  }

  /**
   * Asks WeChat to refund one part (the same out_refund_no every time). Accepted → its refund id is kept and
   * a final answer settled; refused → CLOSED here (money back); unreachable → stays PROCESSING.
   */
  async ask(row: WalletRefundRow): Promise<void> {
    try {
      const answer = await this.gateway.refund({
        outTradeNo: row.outTradeNo!,
        outRefundNo: row.outRefundNo,
        refundFen: row.principalFen,
        totalFen: await this.orderTotal(row),
        reason: '储值本金退款',
      });
      await this.refunds.markAccepted(row.outRefundNo, answer.refundId, this.clock.now());
      if (answer.status !== 'PROCESSING') await this.settlement.settleReported(row, answer, 'QUERY');
    } catch (error) {
      if (!(error instanceof WechatPayError)) throw error;
      if (refusedByWechat(error)) {
        this.log.warn(`refund ${row.outRefundNo} refused: ${error.code}`);
        await this.settlement.settle(row, 'CLOSED', {
          refundId: null,
          at: this.clock.now(),
          failReason: `${error.code} ${error.message}`,
        });
        return;
      }
      this.log.warn(`refund ${row.outRefundNo} not asked yet: ${error.code}`);
    }
  }

  private async orderTotal(row: WalletRefundRow): Promise<number> {
    const order = (await this.refunds.ordersByIds([row.topupOrderId!])).get(row.topupOrderId!);
    if (!order) throw new Error(`refund ${row.outRefundNo}: order ${row.topupOrderId} not found`);
    return order.payFen;
  }

  /** Checks, splits and writes the refund with its debits (committed on return). */
  private async open(
    memberId: number,
    req: WalletRefundRequest,
    hash: string,
    offPlatform: boolean,
    op: OperatorPrincipal,
  ): Promise<WalletRefundRow[]> {
    try {
      return await this.tx.run(async (em) => {
        const account = (await this.ledger.lockAccounts(em, memberId, ['WALLET'])).get('WALLET');
        if (!account) throw new AppException(ErrorCode.WALLET_REFUND_NOTHING);
        const replay = await this.refunds.byRequest(memberId, req.requestId, em);
        if (replay.length) return replay;
        const now = this.clock.now();
        const { principalFen: principal, bonusFen: bonus } = walletSplit(await this.ledger.liveLotsOf(em, account.id));
        const orders = (await this.refunds.paidOrders(memberId, 500, em))
          .map((o) => ({ order: o, refundable: refundableOf(o, now) }))
          .filter((o) => o.refundable > 0);
        const wechatCap = Math.min(
          principal,
          orders.reduce((sum, o) => sum + o.refundable, 0),
        );
        const offCap = principal - wechatCap;
        const amount = req.amountFen ?? (offPlatform ? offCap : wechatCap);
        if (principal === 0 || amount <= 0) throw new AppException(ErrorCode.WALLET_REFUND_NOTHING);
        if (amount > principal) throw new AppException(ErrorCode.WALLET_REFUND_EXCEEDS_PRINCIPAL);
        if (offPlatform && amount > offCap) throw new AppException(ErrorCode.WALLET_REFUND_EXCEEDS_OFF_PLATFORM);
        if (!offPlatform && amount > wechatCap) throw new AppException(ErrorCode.WALLET_REFUND_EXCEEDS_WECHAT);
        const parts: { order: RefundableOrder | null; fen: number }[] = [];
        if (offPlatform) parts.push({ order: null, fen: amount });
        let left = offPlatform ? 0 : amount;
        for (const o of orders) {
          if (left === 0) break;
          const fen = Math.min(left, o.refundable);
          parts.push({ order: o.order, fen });
          left -= fen;
        }
        const forfeits = walletRefundForfeitParts(
          bonus,
          parts.map((p) => p.fen),
          principal,
        );
        const base = newRefundBase(now);
        const rows: Partial<WalletRefundRow>[] = parts.map((p, i) => ({
          outRefundNo: `${base}${String(i + 1).padStart(2, '0')}`,
          memberId,
          requestId: req.requestId,
          requestHash: hash,
          partNo: i + 1,
          topupOrderId: p.order?.id ?? null,
          outTradeNo: p.order?.outTradeNo ?? null,
          offPlatform,
          principalFen: p.fen,
          bonusForfeitedFen: forfeits[i],
          status: offPlatform ? 'SUCCESS' : 'PROCESSING',
          reason: req.reason,
          failReason: null,
          refundId: null,
          operatorId: op.operatorId,
          operatorName: op.username.slice(0, 64),
          acceptedAt: null,
          successAt: offPlatform ? now : null,
          closedAt: null,
          createdAt: now,
          updatedAt: now,
        }));
        await this.refunds.insert(em, rows);
        for (const [i, row] of rows.entries()) {
          const order = parts[i].order;
          if (order && !(await this.refunds.addRefunded(em, order.id, row.principalFen!, now)))
            throw new AppException(ErrorCode.WALLET_REFUND_EXCEEDS_WECHAT);
          await this.debit(em, account.id, row, op);
        }
        await this.audit.record(
          operatorActor(op),
          {
            action: AuditAction.WalletRefundRequested,
            targetType: 'member',
            targetId: memberId,
            after: {
              offPlatform,
              principalFen: amount,
              bonusForfeitedFen: forfeits.reduce((a, b) => a + b, 0),
              parts: rows.map((r) => ({ outRefundNo: r.outRefundNo, outTradeNo: r.outTradeNo, fen: r.principalFen })),
            },
            reason: req.reason,
          },
          em,
        );
        return this.refunds.byRequest(memberId, req.requestId, em);
      });
    } catch (error) {
      // Another console tab sent the same request id first: answer its refunds.
      if (!isUniqueViolation(error)) throw error;
      const first = await this.refunds.byRequest(memberId, req.requestId);
      if (!first.length) throw error;
      return first;
    }
  }

  /** The part's principal (refunded) and bonus (forfeited) debits, keyed by its out_refund_no. */
  private async debit(
    em: EntityManager,
    accountId: number,
    row: Partial<WalletRefundRow>,
    op: OperatorPrincipal,
  ): Promise<void> {
    const common = { accountId, bizId: row.outRefundNo!, actor: { type: ActorType.Operator, id: op.operatorId } };
    await this.ledger.debit(em, {
      ...common,
      amount: row.principalFen!,
      bizType: REFUND_BIZ_TYPE,
      reason: row.offPlatform ? '储值本金线下退款' : '储值本金退款',
      policy: { onlyKinds: ['PRINCIPAL'] },
      contra: 'REFUNDED',
    });
    if (row.bonusForfeitedFen! > 0)
      await this.ledger.debit(em, {
        ...common,
        amount: row.bonusForfeitedFen!,
        bizType: REFUND_FORFEIT_BIZ_TYPE,
        reason: '退款作废赠送金',
        policy: { onlyKinds: ['BONUS'] },
        contra: 'FORFEITED',
      });
  }

  private async result(rows: WalletRefundRow[]): Promise<WalletRefundResult> {
    return {
      principalFen: rows.reduce((a, r) => a + r.principalFen, 0),
      bonusForfeitedFen: rows.reduce((a, r) => a + r.bonusForfeitedFen, 0),
      refunds: await walletRefundViews(this.members, this.refunds, rows),
    };
  }
}
