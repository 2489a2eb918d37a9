import { Injectable } from '@nestjs/common';
import type { CardActivity, CardSale, PurchaseResult } from '@member/shared';
import { Clock } from '../../common/clock';
import { IdempotencyService, idempotencyScope } from '../../common/idempotency/idempotency.service';
import { CheckoutsRepository, type CheckoutWithStore } from './checkouts.repository';
import { PURCHASE_BIZ } from './purchases.service';
import { WalletConfirmationsService } from './wallet-confirmations.service';

/**
 * What stores did with a member's codes since the card page last asked: polled every ~2 s while the
 * 会员码 page is on screen, so it is one indexed read (plus one for a sale's stored result), and one for a
 * stored-value charge waiting for the member's confirmation.
 */
@Injectable()
export class CardActivityService {
  constructor(
    private readonly clock: Clock,
    private readonly idempotency: IdempotencyService,
    private readonly checkouts: CheckoutsRepository,
    private readonly confirmations: WalletConfirmationsService,
  ) {}

  async since(memberId: number, since: Date, waitingFor?: number): Promise<CardActivity> {
    // Taken before the read: a row landing meanwhile is seen now and again next time, never missed.
    const now = this.clock.now();
    // A store's request to confirm a stored-value charge is read alongside (one more indexed read, in
    // parallel, so the poll takes no longer).
    const [rows, walletConfirmation] = await Promise.all([
      this.checkouts.touchedSince(memberId, since, waitingFor),
      this.confirmations.pendingFor(memberId),
    ]);
    const scanned = rows.find((r) => r.createdAt > since) ?? null;
    // A sale stamps closed_at when its transaction starts and shows at commit, so a poll in between can step
    // past its time: the checkout the page saw scanned is therefore reported whenever it closed.
    const closed = rows
      .filter((r) => r.closedAt && r.receiptNo && (r.closedAt > since || r.id === waitingFor))
      .sort((a, b) => b.closedAt!.getTime() - a.closedAt!.getTime())[0];
    return {
      now: now.toISOString(),
      scanned: scanned
        ? { checkoutId: scanned.id, storeName: scanned.storeName, at: scanned.createdAt.toISOString() }
        : null,
      sale: closed ? await this.sale(closed) : null,
      walletConfirmation,
    };
  }

  private async sale(row: CheckoutWithStore): Promise<CardSale | null> {
    // The sale's committed answer is exactly what the member should see (balance after, promotion).
    const result = await this.idempotency.stored<PurchaseResult>(
      idempotencyScope.store(row.storeId),
      PURCHASE_BIZ,
      row.receiptNo!,
    );
    if (!result) return null;
    return {
      checkoutId: row.id,
      receiptNo: result.receiptNo,
      storeName: row.storeName,
      amountFen: result.amountFen,
      // Answers stored before coupons existed carry no coupon discount.
      couponDiscountFen: result.couponDiscountFen ?? 0,
      deductionFen: result.deductionFen,
      // Answers stored before stored value was a tender carry none.
      walletFen: result.walletFen ?? 0,
      walletBalanceFen: result.walletFen ? (result.walletBalanceFen ?? null) : null,
      payableFen: result.payableFen,
      pointsUsed: result.pointsUsed,
      pointsEarned: result.pointsEarned,
      balance: result.balance,
      tier: result.tier,
      promotedTo: result.promotedTo,
      at: result.createdAt,
    };
  }
}
