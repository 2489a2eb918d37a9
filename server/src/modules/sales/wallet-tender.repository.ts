import { Injectable } from '@nestjs/common';
import type { WalletTenderBalance } from '@member/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { sqlValue } from '../../database/raw-sql';
import { Purchase } from './entities/purchase.entity';

/** Business key of a sale's stored-value debits (bizId: the sale's store:receipt key, see WalletTenderService). */
export const SALE_WALLET_BIZ = 'SALE_WALLET';

export interface SaleWalletDebit {
  entryId: number;
  /** Fen the debit drew (positive). */
  amount: number;
}

type Num = number | string | null;

// Lots a wallet credit made without a kind (STANDARD) count as principal, as the wallet's own reads do.
const PRINCIPAL_KINDS = `'PRINCIPAL', 'STANDARD'`;

function splitOf(rows: { kind: string; fen: Num }[]): { principalFen: number; bonusFen: number } {
  const of = (kind: string) => Number(rows.find((r) => r.kind === kind)?.fen ?? 0);
  return { principalFen: of('PRINCIPAL') + of('STANDARD'), bonusFen: of('BONUS') };
}

/**
 * The till's reads of the member's stored value. LedgerService answers one balance per account; the till
 * needs the principal/bonus split beside the points balance in the quote's one read, so these join the
 * ledger's tables by name (as saleContext does with the members' tables) rather than costing more round
 * trips through its door. Every write still goes through LedgerService.
 */
@Injectable()
export class WalletTenderRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * The member's live points and stored value (principal/bonus by live lots) in one statement: the quote's
   * points read, widened. wallet is null when the member has no wallet account.
   */
  async quoteBalances(
    memberId: number,
    now: Date,
    em: EntityManager = this.ds.manager,
  ): Promise<{ points: number; wallet: WalletTenderBalance | null }> {
    const at = sqlValue(em, Purchase, 'createdAt', now);
    const live = (kinds: string) => `COALESCE((SELECT SUM(l.remaining) FROM ledger_lot l
        WHERE l.account_id = a.id AND l.remaining > 0 AND l.lot_kind IN (${kinds})
          AND (l.expires_at IS NULL OR l.expires_at > ?)), 0)`;
    const rows: { kind: string; live: Num; principal: Num; bonus: Num }[] = await em.query(
      `SELECT a.kind AS kind,
              a.balance - COALESCE((SELECT SUM(l.remaining) FROM ledger_lot l
                WHERE l.account_id = a.id AND l.remaining > 0 AND l.expires_at <= ?), 0) AS live,
              ${live(PRINCIPAL_KINDS)} AS principal, ${live(`'BONUS'`)} AS bonus
         FROM ledger_account a WHERE a.member_id = ? AND a.kind IN ('POINTS', 'WALLET')`,
      [at, at, at, memberId],
    );
    const points = rows.find((r) => r.kind === 'POINTS');
    const wallet = rows.find((r) => r.kind === 'WALLET');
    return {
      points: Number(points?.live ?? 0),
      wallet: wallet
        ? { balanceFen: Number(wallet.live), principalFen: Number(wallet.principal), bonusFen: Number(wallet.bonus) }
        : null,
    };
  }

  /** Live principal and bonus of a wallet account, read inside the sale's transaction (its lock held). */
  async liveSplit(
    em: EntityManager,
    accountId: number,
    now: Date,
  ): Promise<{ principalFen: number; bonusFen: number }> {
    const rows: { kind: string; fen: Num }[] = await em.query(
      `SELECT l.lot_kind AS kind, SUM(l.remaining) AS fen FROM ledger_lot l
        WHERE l.account_id = ? AND l.remaining > 0 AND (l.expires_at IS NULL OR l.expires_at > ?)
        GROUP BY l.lot_kind`,
      [accountId, sqlValue(em, Purchase, 'createdAt', now)],
    );
    return splitOf(rows);
  }

  /** How these debits drew on principal and bonus (their allocations by lot kind). */
  async drawnSplit(em: EntityManager, entryIds: number[]): Promise<{ principalFen: number; bonusFen: number }> {
    const rows: { kind: string; fen: Num }[] = await em.query(
      `SELECT l.lot_kind AS kind, SUM(al.amount) AS fen FROM ledger_allocation al
         JOIN ledger_lot l ON l.id = al.lot_id
        WHERE al.entry_id IN (${entryIds.map(() => '?').join(', ')}) GROUP BY l.lot_kind`,
      entryIds,
    );
    return splitOf(rows);
  }

  /** A sale's stored-value debits on the member's wallet, in the order they were posted. */
  async saleDebits(em: EntityManager, memberId: number, bizIds: string[]): Promise<SaleWalletDebit[]> {
    const rows: { id: Num; amount: Num }[] = await em.query(
      `SELECT e.id AS id, e.amount AS amount FROM ledger_entry e
         JOIN ledger_account a ON e.journal_account_id = a.id AND e.account_id = a.id
        WHERE a.member_id = ? AND a.kind = 'WALLET'
          AND e.biz_type = ? AND e.entry_type = 'DEBIT' AND e.biz_id IN (${bizIds.map(() => '?').join(', ')})
        ORDER BY e.id`,
      [memberId, SALE_WALLET_BIZ, ...bizIds],
    );
    return rows.map((r) => ({ entryId: Number(r.id), amount: -Number(r.amount) }));
  }
}
