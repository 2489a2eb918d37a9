import { Injectable, Logger } from '@nestjs/common';
import { ActorType } from '@member/shared';
import { Clock } from '../../common/clock';
import { AppConfig } from '../../config/app-config';
import { TransactionRunner } from '../../database/transaction-runner';
import { LedgerService } from '../../ledger/ledger.service';
import { payMismatch, reportedDetail } from '../../wechat-pay/pay-report';
import type { PayTransaction } from '../../wechat-pay/wechat-pay.gateway';
import type { TopupOrder } from './entities/topup-order.entity';
import { PayAnomaliesRepository, type NewAnomaly } from './pay-anomalies.repository';
import { TopupCreditFollowUps } from './topup-credit-follow-ups.service';
import { TopupOrdersRepository } from './topup-orders.repository';

/** Ledger keys of a top-up's legs: bizId is the out_trade_no, so a replay of either leg is refused by the ledger. */
export const TOPUP_BIZ_TYPE = 'WALLET_TOPUP';
export const TOPUP_BONUS_BIZ_TYPE = 'WALLET_TOPUP_BONUS';

/**
 * CREDITED: this call credited the wallet. ALREADY: it was credited before (a duplicate). FLAGGED: WeChat's
 * report disagrees with our order (nothing credited). UNKNOWN: no such order. NOT_PAID: not a success.
 */
export type SettleOutcome = 'CREDITED' | 'ALREADY' | 'FLAGGED' | 'UNKNOWN' | 'NOT_PAID';

const SYSTEM = { type: ActorType.System, id: null };

/**
 * The one path that turns a WeChat payment into stored value, whether WeChat told us (notification) or we
 * asked (query). The report is compared with our order first (mchid, appid, amount: a mismatch is flagged,
 * never credited); then one transaction moves the order to PAID by a guarded update — the row lock makes
 * concurrent duplicates wait and find it PAID — and credits principal and bonus in the same transaction.
 */
@Injectable()
export class TopupSettlementService {
  private readonly log = new Logger('TopupSettlement');

  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly tx: TransactionRunner,
    private readonly ledger: LedgerService,
    private readonly orders: TopupOrdersRepository,
    private readonly anomalies: PayAnomaliesRepository,
    private readonly followUps: TopupCreditFollowUps,
  ) {}

  async settle(t: PayTransaction, source: 'NOTIFY' | 'QUERY'): Promise<SettleOutcome> {
    const order = await this.orders.byOutTradeNo(t.outTradeNo);
    if (!order) {
      await this.flag({ ...this.report(t, null, null), kind: 'UNKNOWN_ORDER' });
      return 'UNKNOWN';
    }
    if (t.tradeState !== 'SUCCESS' || !t.transactionId) return 'NOT_PAID';
    const ours = { mchId: this.config.wechatPay.mchId, appId: this.config.wechat.appId, amountFen: order.payFen };
    const mismatch = payMismatch(t, ours);
    if (mismatch) {
      this.log.warn(`top-up ${order.outTradeNo}: ${mismatch} (${source}), not credited`);
      await this.flag({ ...this.report(t, order, false), kind: mismatch });
      return 'FLAGGED';
    }
    return this.credit(order, t, t.transactionId, source);
  }

  private credit(
    order: TopupOrder,
    t: PayTransaction,
    transactionId: string,
    source: 'NOTIFY' | 'QUERY',
  ): Promise<SettleOutcome> {
    return this.tx.run(async (em) => {
      const now = this.clock.now();
      // The wallet account first (the order of locks creating a top-up takes too): the cap check below
      // and the credits see one balance.
      const account = (await this.ledger.lockAccounts(em, order.memberId, ['WALLET'], true)).get('WALLET')!;
      const paid = { transactionId, paidAt: t.successTime ?? now, confirmedBy: source, now };
      let afterClose = false;
      if (!(await this.orders.markPaid(em, order.id, 'NOTPAY', paid))) {
        // Closed by us but paid at WeChat (e.g. paid right at expiry): the money has moved, so credit it.
        afterClose = await this.orders.markPaid(em, order.id, 'CLOSED', paid);
        if (!afterClose) return 'ALREADY';
      }
      const { balance } = await this.ledger.available(order.memberId, 'WALLET', em);
      const common = { accountId: account.id, bizId: order.outTradeNo, actor: SYSTEM, expiresAt: null };
      await this.ledger.credit(em, {
        ...common,
        amount: order.payFen,
        bizType: TOPUP_BIZ_TYPE,
        reason: '储值充值',
        lotKind: 'PRINCIPAL',
        contra: 'CASH_RECEIVED',
      });
      if (order.bonusFen > 0)
        await this.ledger.credit(em, {
          ...common,
          amount: order.bonusFen,
          bizType: TOPUP_BONUS_BIZ_TYPE,
          reason: '充值赠送',
          lotKind: 'BONUS',
          contra: 'BONUS_GRANTED',
        });
      if (order.planId !== null) await this.orders.incrementPlanPaid(em, order.planId);
      await this.followUps.plan(em, order, paid.paidAt, now); // shipping upload + plan coupons, via the outbox
      if (afterClose) await this.anomalies.flag(em, { ...this.report(t, order, true), kind: 'PAID_AFTER_CLOSE' }, now);
      if (balance + order.payFen + order.bonusFen > this.config.wallet.capFen)
        await this.anomalies.flag(
          em,
          {
            ...this.report(t, order, true),
            kind: 'OVER_CAP',
            detail: { ...reportedDetail(t), balanceBeforeFen: balance },
          },
          now,
        );
      return 'CREDITED';
    });
  }

  /** Flags in a transaction of its own (mismatches and unknown orders change nothing else). */
  flag(a: NewAnomaly): Promise<boolean> {
    return this.tx.run((em) => this.anomalies.flag(em, a, this.clock.now()));
  }

  private report(t: PayTransaction, order: TopupOrder | null, credited: boolean | null): Omit<NewAnomaly, 'kind'> {
    return {
      outTradeNo: t.outTradeNo,
      transactionId: t.transactionId,
      expectedFen: order?.payFen ?? null,
      reportedFen: t.totalFen,
      credited: credited ?? false,
      memberId: order?.memberId ?? null,
      detail: reportedDetail(t),
    };
  }
}
