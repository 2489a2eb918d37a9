import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../../common/clock';
import { AppConfig } from '../../config/app-config';
import { WechatPayError, WechatPayGateway } from '../../wechat-pay/wechat-pay.gateway';
import type { TopupOrder } from './entities/topup-order.entity';
import { TopupOrdersRepository } from './topup-orders.repository';
import { TopupSettlementService, type SettleOutcome } from './topup-settlement.service';

export type SyncOutcome = SettleOutcome | 'CLOSED' | 'WAITING';

/** Orders one run of the sync job looks at, at most (the next run takes the rest). */
const SYNC_BATCH = 200;

/**
 * Asks WeChat about unpaid orders: a payment whose notification was lost is credited through the same
 * settle path (confirmed by QUERY); an order past its expiry is closed at WeChat and then here. WeChat's
 * ORDERPAID answer to close means it was paid meanwhile: query and credit it.
 */
@Injectable()
export class TopupSyncService {
  private readonly log = new Logger('TopupSync');

  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly gateway: WechatPayGateway,
    private readonly orders: TopupOrdersRepository,
    private readonly settlement: TopupSettlementService,
  ) {}

  /** The job's run: unpaid orders older than wallet.queryAfterMinutes. */
  async syncDue(): Promise<Record<SyncOutcome | 'failed', number>> {
    const now = this.clock.now();
    const due = await this.orders.unpaidBefore(
      new Date(now.getTime() - this.config.wallet.queryAfterMinutes * 60_000),
      SYNC_BATCH,
    );
    const counts: Record<SyncOutcome | 'failed', number> = {
      CREDITED: 0,
      ALREADY: 0,
      FLAGGED: 0,
      UNKNOWN: 0,
      NOT_PAID: 0,
      CLOSED: 0,
      WAITING: 0,
      failed: 0,
    };
    for (const order of due) {
      try {
        counts[await this.syncOne(order)] += 1;
      } catch (error) {
        // One order WeChat cannot answer now does not stop the others; the next run asks again.
        counts.failed += 1;
        this.log.warn(
          `sync ${order.outTradeNo} failed: ${error instanceof WechatPayError ? error.code : String(error)}`,
        );
      }
    }
    return counts;
  }

  /** Brings one order in line with WeChat. Throws WechatPayError when WeChat cannot be asked. */
  async syncOne(order: TopupOrder): Promise<SyncOutcome> {
    if (order.status !== 'NOTPAY') return 'ALREADY';
    const t = await this.gateway.query(order.outTradeNo);
    if (t?.tradeState === 'SUCCESS') return this.settlement.settle(t, 'QUERY');
    const expired = this.clock.now().getTime() >= order.expiresAt.getTime();
    // WeChat closed it, or never had it (prepay failed) and it can no longer be paid.
    if (t?.tradeState === 'CLOSED' || (!t && expired))
      return (await this.orders.markClosed(order.id, this.clock.now())) ? 'CLOSED' : 'ALREADY';
    if (!expired) return 'WAITING';
    if ((await this.gateway.close(order.outTradeNo)) === 'CLOSED')
      return (await this.orders.markClosed(order.id, this.clock.now())) ? 'CLOSED' : 'ALREADY';
    const paid = await this.gateway.query(order.outTradeNo);
    return paid?.tradeState === 'SUCCESS' ? this.settlement.settle(paid, 'QUERY') : 'WAITING';
  }
}
