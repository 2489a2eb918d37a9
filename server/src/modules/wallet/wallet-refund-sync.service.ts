import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../../common/clock';
import { WechatPayError, WechatPayGateway } from '../../wechat-pay/wechat-pay.gateway';
import type { WalletRefundRow } from './entities/wallet-refund.entity';
import { WalletRefundSettlementService, type RefundSettleOutcome } from './wallet-refund-settlement.service';
import { WalletRefundsService } from './wallet-refunds.service';
import { WalletRefundsRepository } from './wallet-refunds.repository';

/** A refund still PROCESSING this long after it was asked is looked up at WeChat. */
export const REFUND_QUERY_AFTER_MS = 2 * 60_000;
const SYNC_BATCH = 200;

export type RefundSyncOutcome = RefundSettleOutcome | 'ASKED';

/**
 * Refunds whose notification has not come: accepted ones are looked up (queryRefund) and settled through the
 * one settle path; ones WeChat never accepted (it was unreachable) are asked again with the same
 * out_refund_no, so WeChat makes at most one refund of each.
 */
@Injectable()
export class WalletRefundSyncService {
  private readonly log = new Logger('WalletRefundSync');

  constructor(
    private readonly clock: Clock,
    private readonly gateway: WechatPayGateway,
    private readonly refunds: WalletRefundsRepository,
    private readonly service: WalletRefundsService,
    private readonly settlement: WalletRefundSettlementService,
  ) {}

  async syncDue(): Promise<Record<RefundSyncOutcome | 'failed', number>> {
    const due = await this.refunds.processingBefore(
      new Date(this.clock.now().getTime() - REFUND_QUERY_AFTER_MS),
      SYNC_BATCH,
    );
    const counts: Record<RefundSyncOutcome | 'failed', number> = {
      SETTLED: 0,
      ALREADY: 0,
      MISMATCH: 0,
      WAITING: 0,
      ASKED: 0,
      failed: 0,
    };
    for (const row of due) {
      try {
        counts[await this.syncOne(row)] += 1;
      } catch (error) {
        // One refund WeChat cannot answer now does not stop the others; the next run asks again.
        counts.failed += 1;
        this.log.warn(`sync ${row.outRefundNo}: ${error instanceof WechatPayError ? error.code : String(error)}`);
      }
    }
    return counts;
  }

  async syncOne(row: WalletRefundRow): Promise<RefundSyncOutcome> {
    if (row.status !== 'PROCESSING' || row.offPlatform) return 'ALREADY';
    const found = row.acceptedAt === null ? null : await this.gateway.queryRefund(row.outRefundNo);
    if (!found) {
      await this.service.ask(row);
      return 'ASKED';
    }
    return this.settlement.settleReported(row, found, 'QUERY');
  }
}
