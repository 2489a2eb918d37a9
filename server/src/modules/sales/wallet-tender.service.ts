import { Injectable } from '@nestjs/common';
import { ErrorCode, formatCny, proportionalFloor } from '@member/shared';
import type { EntityManager } from 'typeorm';
import { AppException } from '../../common/app-exception';
import { AppConfig } from '../../config/app-config';
import { LedgerService } from '../../ledger/ledger.service';
import { walletSplit, type DebitInput, type LedgerActor, type LotKind, type Posting } from '../../ledger/ledger.types';

/** Business key of a sale's stored-value debits (bizId: the sale's store:receipt key). */
export const SALE_WALLET_BIZ = 'SALE_WALLET';

/** What a sale paid from the member's wallet, how the lots split it, and the balance it left (fen). */
export interface WalletSpend {
  walletFen: number;
  principalFen: number;
  bonusFen: number;
  balanceFen: number;
}

interface Posted {
  actor: LedgerActor;
  storeId: number;
  reason: string;
}

/**
 * Stored value as a tender of the counter sale. A sale's spend is ledger DEBITs on the member's WALLET
 * account against REDEEMED, keyed SALE_WALLET + the sale's store:receipt key (the purchase row, which
 * carries the split, is written last, so its id is not known yet; the key is as unique and is what the
 * sale's points postings use). PROPORTIONAL is one debit under the ledger's proportional policy;
 * PRINCIPAL_FIRST / BONUS_FIRST draw the first kind up to what it holds and the rest from the other, one
 * debit per kind (the second keyed `<key>:2`). A refund reverses them into exactly the lots they drew.
 */
@Injectable()
export class WalletTenderService {
  constructor(
    private readonly ledger: LedgerService,
    private readonly config: AppConfig,
  ) {}

  /**
   * Spends `walletFen` of the member's wallet inside the sale's transaction. `account` is the wallet
   * account the sale locked (its balance is exact while the lock is held); the ledger refusing (any lot
   * shortfall) answers WALLET_INSUFFICIENT too.
   */
  async spend(
    em: EntityManager,
    account: { id: number; balance: number },
    walletFen: number,
    saleKey: string,
    posted: Omit<Posted, 'reason'>,
  ): Promise<WalletSpend> {
    if (account.balance < walletFen) throw new AppException(ErrorCode.WALLET_INSUFFICIENT);
    const base = {
      ...posted,
      accountId: account.id,
      bizType: SALE_WALLET_BIZ,
      reason: `储值支付 ${formatCny(walletFen)}`,
    };
    const policy = this.config.wallet.spendPolicy;
    if (policy === 'PROPORTIONAL') {
      const debit = await this.debit(em, {
        ...base,
        bizId: saleKey,
        amount: walletFen,
        policy: { order: 'PROPORTIONAL' },
      });
      const split = walletSplit(await this.ledger.drawnByLotKind(em, [debit.id]));
      return { walletFen, ...split, balanceFen: debit.balanceNow };
    }
    // Lots credited without a kind (STANDARD) count as principal, as in the quote.
    const principal: LotKind[] = ['PRINCIPAL', 'STANDARD'];
    const bonus: LotKind[] = ['BONUS'];
    const [first, second] = policy === 'PRINCIPAL_FIRST' ? [principal, bonus] : [bonus, principal];
    const live = walletSplit(await this.ledger.liveLotsOf(em, account.id));
    const firstFen = Math.min(walletFen, first === principal ? live.principalFen : live.bonusFen);
    const parts = [
      { kinds: first, fen: firstFen },
      { kinds: second, fen: walletFen - firstFen },
    ].filter((p) => p.fen > 0);
    let last: Posting | null = null;
    for (const [i, part] of parts.entries()) {
      last = await this.debit(em, {
        ...base,
        bizId: i === 0 ? saleKey : `${saleKey}:2`,
        amount: part.fen,
        policy: { onlyKinds: part.kinds },
      });
    }
    const principalFen = parts.find((p) => p.kinds === principal)?.fen ?? 0;
    return { walletFen, principalFen, bonusFen: walletFen - principalFen, balanceFen: last!.balanceNow };
  }

  /**
   * Gives a refund's stored-value share back, inside the refund's transaction: the sale's stored value
   * returned so far goes from `beforeFen` to `afterFen` (running totals of saleRefundSplit). Each debit's
   * running target is its proportional floor of that total (the last takes the rest), so partial refunds
   * add up to every debit exactly; each step is a RESTORE_ORIGINAL_LOTS reversal keyed by the refund.
   * Answers the wallet balance after (null when nothing moved).
   */
  async giveBack(
    em: EntityManager,
    sale: { memberId: number; saleKey: string; walletFen: number },
    beforeFen: number,
    afterFen: number,
    refundKey: string,
    posted: Posted,
  ): Promise<number | null> {
    if (afterFen <= beforeFen) return null;
    const debits = (
      await this.ledger.legsFor(em, sale.memberId, 'WALLET', {
        bizType: SALE_WALLET_BIZ,
        entryType: 'DEBIT',
        bizIds: [sale.saleKey, `${sale.saleKey}:2`],
      })
    ).map((e) => ({ entryId: e.id, amount: -e.amount }));
    const total = debits.reduce((sum, d) => sum + d.amount, 0);
    if (total !== sale.walletFen)
      throw new Error(`sale ${sale.saleKey} debited ${total} of stored value, not ${sale.walletFen}`);
    const targets = (returned: number) => {
      let left = returned;
      return debits.map((d, i) => {
        const t = i === debits.length - 1 ? left : proportionalFloor(d.amount, returned, total);
        left -= t;
        return t;
      });
    };
    const [before, after] = [targets(beforeFen), targets(afterFen)];
    let balance: number | null = null;
    for (const [i, debit] of debits.entries()) {
      const amount = after[i] - before[i];
      if (amount <= 0) continue;
      const reversal = await this.ledger.reverse(em, {
        ...posted,
        entryId: debit.entryId,
        lotPolicy: 'RESTORE_ORIGINAL_LOTS',
        amount,
        bizType: SALE_WALLET_BIZ,
        bizId: i === 0 ? refundKey : `${refundKey}:2`,
      });
      balance = reversal.balanceNow;
    }
    return balance;
  }

  private async debit(em: EntityManager, input: DebitInput): Promise<Posting> {
    try {
      return await this.ledger.debit(em, input);
    } catch (e) {
      if (e instanceof AppException && e.code === ErrorCode.LEDGER_INSUFFICIENT_BALANCE) {
        throw new AppException(ErrorCode.WALLET_INSUFFICIENT);
      }
      throw e;
    }
  }
}
