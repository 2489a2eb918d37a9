import { Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { AppConfig } from '../../config/app-config';
import { Clock } from '../../common/clock';
import type { OperatorPrincipal, StaffPrincipal } from '../auth/token.service';
import { MembersService } from '../members/members.service';
import { CheckoutsService } from '../sales/checkouts.service';
import { PurchasesService } from '../sales/purchases.service';
import { RefundsService } from '../sales/refunds.service';
import { WalletReconciliationService } from '../wallet/wallet-reconciliation.service';
import { WalletRefundSyncService } from '../wallet/wallet-refund-sync.service';
import { WalletRefundsRepository } from '../wallet/wallet-refunds.repository';
import { WalletRefundsService } from '../wallet/wallet-refunds.service';
import { sandboxControl } from './demo-sandbox';
import { DemoWalletSeed } from './demo-wallet.seed';

/** Who does what: the demo openids of the members (see demo-members.seed.ts and TOPUPS). */
const SPENDER = 'demo-member-openid-1';
const REFUNDED = 'demo-member-openid-2';
const OVER_CAP = 'demo-member-openid-4';

/** The counter sale paid partly with stored value, and the goods returned from it. */
export const DEMO_WALLET_SALE = { receiptNo: 'DEMOW001', amountFen: 26_800, walletFen: 20_000, refundFen: 8_800 };
/** Principal refunded to the member through WeChat Pay. */
export const DEMO_WALLET_REFUND_FEN = 30_000;
/** Two free-amount top-ups opened while both fitted the cap, then both paid: the second is flagged. */
export const DEMO_OVER_CAP_TOPUPS = [250_000, 260_000];

/**
 * What happens to the demo's stored value after the top-ups, through the real paths: a counter sale paid
 * partly with it and a partial return, a principal refund asked of WeChat Pay and settled in the sandbox,
 * a member's two top-ups that together pass the cap (支付异常), and today's reconciliation against the
 * sandbox's trade bill (last, so the bill holds every payment and refund above).
 */
@Injectable()
export class DemoWalletActivitySeed {
  private readonly logger = new Logger('Demo');

  constructor(
    private readonly refs: ModuleRef,
    private readonly config: AppConfig,
    private readonly wallet: DemoWalletSeed,
  ) {}

  private get<T>(type: new (...args: never[]) => T): T {
    return this.refs.get(type, { strict: false });
  }

  async seed(members: Map<string, number>, clerk: StaffPrincipal, system: OperatorPrincipal): Promise<void> {
    await this.counterSale(members.get(SPENDER)!, clerk);
    await this.principalRefund(members.get(REFUNDED)!, system);
    await this.overCap(await this.wallet.walletMember(OVER_CAP, members.size + 1));
    const run = await this.get(WalletReconciliationService).reconcileForOperator(this.get(Clock).today(), system);
    this.logger.log(`Demo data: stored-value sale, principal refund, over-cap top-up, reconciliation ${run.status}`);
  }

  /** As at the counter: the clerk scans the card, the member pays part with stored value; some goods come back. */
  private async counterSale(memberId: number, clerk: StaffPrincipal): Promise<void> {
    const { receiptNo, amountFen, walletFen, refundFen } = DEMO_WALLET_SALE;
    const code = (await this.get(MembersService).card(memberId)).code;
    const { checkoutId } = await this.get(CheckoutsService).open(clerk, code);
    await this.get(PurchasesService).purchase(clerk, { checkoutId, amountFen, receiptNo, walletFen });
    await this.get(RefundsService).refund(clerk, receiptNo, { amountFen: refundFen, refundNo: `${receiptNo}-R1` });
  }

  /**
   * The operator's 退还本金 (as POST /admin/wallet/members/:id/refunds does); WeChat settles each part in the
   * sandbox and the sync's query settles it here at once (the notification then finds it settled).
   */
  private async principalRefund(memberId: number, system: OperatorPrincipal): Promise<void> {
    const requestId = 'demo-wallet-refund-1';
    const result = await this.get(WalletRefundsService).refund(
      memberId,
      { amountFen: DEMO_WALLET_REFUND_FEN, reason: '会员申请退还部分储值本金', requestId },
      system,
    );
    for (const r of result.refunds) {
      await sandboxControl(this.config, 'pay', `refunds/${r.outRefundNo}/settle`, { status: 'SUCCESS' });
    }
    const sync = this.get(WalletRefundSyncService);
    for (const row of await this.get(WalletRefundsRepository).byRequest(memberId, requestId)) await sync.syncOne(row);
  }

  /** Both orders fit the cap when opened (unpaid orders do not count); paid together they pass it. */
  private async overCap(memberId: number): Promise<void> {
    const orders = [];
    for (const [k, amountFen] of DEMO_OVER_CAP_TOPUPS.entries()) {
      orders.push(await this.wallet.order(memberId, { amountFen }, `demo-over-cap-${k + 1}`));
    }
    for (const o of orders) await this.wallet.payAndCredit(memberId, o.outTradeNo);
  }
}
