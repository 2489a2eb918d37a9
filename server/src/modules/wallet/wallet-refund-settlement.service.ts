import { Injectable, Logger } from '@nestjs/common';
import { ActorType, type WalletRefundStatus } from '@member/shared';
import type { EntityManager } from 'typeorm';
import { Clock } from '../../common/clock';
import { TransactionRunner } from '../../database/transaction-runner';
import { LedgerService } from '../../ledger/ledger.service';
import type { PayRefund } from '../../wechat-pay/wechat-pay.gateway';
import type { WalletRefundRow } from './entities/wallet-refund.entity';
import { PayAnomaliesRepository } from './pay-anomalies.repository';
import { WalletRefundsRepository } from './wallet-refunds.repository';

/** Ledger keys of a refund's legs (bizId: the out_refund_no) and of their reversal when WeChat closes it. */
export const REFUND_BIZ_TYPE = 'WALLET_REFUND';
export const REFUND_FORFEIT_BIZ_TYPE = 'WALLET_REFUND_FORFEIT';
export const REFUND_CLOSED_BIZ_TYPE = 'WALLET_REFUND_CLOSED';
export const REFUND_FORFEIT_CLOSED_BIZ_TYPE = 'WALLET_REFUND_FORFEIT_CLOSED';

/** SETTLED: this call moved the refund; ALREADY: it was settled before; MISMATCH: WeChat's report disagrees. */
export type RefundSettleOutcome = 'SETTLED' | 'ALREADY' | 'MISMATCH' | 'WAITING';

const SYSTEM = { type: ActorType.System, id: null };

/**
 * The one path that settles a refund, whether WeChat told us (notification), we asked (sync job), or WeChat
 * refused it outright. Each transition is a guarded update from PROCESSING in one transaction with what it
 * implies: CLOSED puts principal and bonus back into exactly the lots they came from and gives the order's
 * refunded amount back; ABNORMAL flags it for an operator (the money stays out). SUCCESS is also taken
 * from ABNORMAL: WeChat documents ABNORMAL as not final, and a later success means the member has the money.
 */
@Injectable()
export class WalletRefundSettlementService {
  private readonly log = new Logger('WalletRefundSettlement');

  constructor(
    private readonly clock: Clock,
    private readonly tx: TransactionRunner,
    private readonly ledger: LedgerService,
    private readonly refunds: WalletRefundsRepository,
    private readonly anomalies: PayAnomaliesRepository,
  ) {}

  /** WeChat's report of one of our refunds (notification or query answer). */
  async settleReported(row: WalletRefundRow, r: PayRefund, source: 'NOTIFY' | 'QUERY'): Promise<RefundSettleOutcome> {
    if (r.outTradeNo !== row.outTradeNo || r.refundFen !== row.principalFen) {
      this.log.warn(`refund ${row.outRefundNo}: WeChat reports ${r.outTradeNo}/${r.refundFen} (${source})`);
      await this.tx.run((em) =>
        this.anomalies.flag(
          em,
          {
            kind: 'AMOUNT_MISMATCH',
            outTradeNo: r.outTradeNo,
            transactionId: r.transactionId || null,
            transactionKey: `refund:${r.outRefundNo}`,
            expectedFen: row.principalFen,
            reportedFen: r.refundFen,
            credited: false,
            memberId: row.memberId,
            detail: { outRefundNo: r.outRefundNo, refundId: r.refundId, status: r.status, source },
          },
          this.clock.now(),
        ),
      );
      return 'MISMATCH';
    }
    if (r.status === 'PROCESSING') return 'WAITING';
    return this.settle(row, r.status, { refundId: r.refundId || null, at: r.successTime ?? this.clock.now() });
  }

  /** Moves the refund to `to` once, with what that implies, in one transaction. */
  settle(
    row: WalletRefundRow,
    to: Exclude<WalletRefundStatus, 'PROCESSING'>,
    outcome: { refundId: string | null; at: Date; failReason?: string | null },
  ): Promise<RefundSettleOutcome> {
    return this.tx.run(async (em) => {
      // The wallet first (the lock order a refund's creation takes): a CLOSED reversal and a new refund or
      // purchase of the member queue on it.
      await this.ledger.lockAccounts(em, row.memberId, ['WALLET']);
      const now = this.clock.now();
      const from: WalletRefundStatus[] = to === 'SUCCESS' ? ['PROCESSING', 'ABNORMAL'] : ['PROCESSING'];
      if (
        !(await this.refunds.transition(em, row.id, from, to, { ...outcome, at: to === 'SUCCESS' ? outcome.at : now }))
      )
        return 'ALREADY';
      if (to === 'CLOSED') await this.restore(em, row, now);
      if (to === 'ABNORMAL')
        await this.anomalies.flag(
          em,
          {
            kind: 'REFUND_ABNORMAL',
            outTradeNo: row.outTradeNo ?? '',
            transactionId: null,
            transactionKey: `refund:${row.outRefundNo}`,
            expectedFen: row.principalFen,
            reportedFen: row.principalFen,
            credited: false,
            memberId: row.memberId,
            detail: {
              outRefundNo: row.outRefundNo,
              refundId: outcome.refundId,
              bonusForfeitedFen: row.bonusForfeitedFen,
            },
          },
          now,
        );
      return 'SETTLED';
    });
  }

  /** A failed refund: both debits reversed into their original lots, the order's refunded amount given back. */
  private async restore(em: EntityManager, row: WalletRefundRow, now: Date): Promise<void> {
    const legs: [string, string, number, string][] = [
      [REFUND_BIZ_TYPE, REFUND_CLOSED_BIZ_TYPE, row.principalFen, '退款关闭，本金退回储值'],
      [REFUND_FORFEIT_BIZ_TYPE, REFUND_FORFEIT_CLOSED_BIZ_TYPE, row.bonusForfeitedFen, '退款关闭，赠送金恢复'],
    ];
    for (const [bizType, closedType, amount, reason] of legs) {
      if (amount === 0) continue;
      const entry = await this.ledger.entryFor(em, row.memberId, 'WALLET', {
        bizType,
        bizId: row.outRefundNo,
        entryType: 'DEBIT',
      });
      await this.ledger.reverse(em, {
        entryId: entry.id,
        lotPolicy: 'RESTORE_ORIGINAL_LOTS',
        bizType: closedType,
        bizId: row.outRefundNo,
        reason,
        actor: SYSTEM,
      });
    }
    if (
      row.topupOrderId !== null &&
      !(await this.refunds.giveBackRefunded(em, row.topupOrderId, row.principalFen, now))
    )
      throw new Error(`refund ${row.outRefundNo}: order ${row.topupOrderId} has less refunded than it gives back`);
  }
}
