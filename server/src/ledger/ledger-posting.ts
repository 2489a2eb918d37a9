import { ErrorCode } from '@member/shared';
import type { EntityManager } from 'typeorm';
import { AppException } from '../common/app-exception';
import { LedgerAccount } from './entities/ledger-account.entity';
import { LedgerAllocation } from './entities/ledger-allocation.entity';
import { LedgerEntry } from './entities/ledger-entry.entity';
import { LedgerLot } from './entities/ledger-lot.entity';
import type { LotMove } from './ledger-split';
import { LEDGER_MAX_AMOUNT, type LedgerActor, type LedgerEntryType } from './ledger.types';

// Low-level steps of one posting. Every function expects to run inside a transaction that already
// holds the account lock (lockAccount), so the account's lots and entries cannot change underneath.

export function isMysql(em: EntityManager): boolean {
  return em.connection.options.type !== 'better-sqlite3';
}

/**
 * MySQL: SELECT … FOR UPDATE serialises every posting to one account. SQLite has no row locks, but
 * TransactionRunner already runs one transaction at a time on its single connection.
 */
export async function lockAccount(em: EntityManager, accountId: number): Promise<LedgerAccount> {
  const qb = em.createQueryBuilder(LedgerAccount, 'a').where('a.id = :accountId', { accountId });
  if (isMysql(em)) qb.setLock('pessimistic_write');
  const account = await qb.getOne();
  if (!account) throw new AppException(ErrorCode.LEDGER_ACCOUNT_NOT_FOUND);
  return account;
}

/**
 * Reads that must see the latest committed rows. Under REPEATABLE READ a caller's transaction may have
 * opened its snapshot before another posting committed; a locking read ignores that snapshot.
 */
export function lockSuffix(em: EntityManager): string {
  return isMysql(em) ? ' LOCK IN SHARE MODE' : '';
}

export async function findByKey(
  em: EntityManager,
  accountId: number,
  bizType: string,
  bizId: string,
  entryType: LedgerEntryType,
): Promise<LedgerEntry | null> {
  const qb = em
    .createQueryBuilder(LedgerEntry, 'e')
    .where('e.accountId = :accountId AND e.bizType = :bizType AND e.bizId = :bizId AND e.entryType = :entryType', {
      accountId,
      bizType,
      bizId,
      entryType,
    });
  if (isMysql(em)) qb.setLock('pessimistic_read');
  return qb.getOne();
}

/**
 * Guarded balance change: a debit only applies while the balance covers it, a credit only while the INT
 * column can hold the result. Returns false (nothing changed) when the guard fails.
 */
export async function applyBalance(em: EntityManager, accountId: number, delta: number, now: Date): Promise<boolean> {
  const qb = em
    .createQueryBuilder()
    .update(LedgerAccount)
    .set({ balance: () => 'balance + :delta', updatedAt: now })
    .where('id = :accountId', { accountId, delta });
  if (delta < 0) qb.andWhere('balance >= :need', { need: -delta });
  else qb.andWhere('balance <= :cap', { cap: LEDGER_MAX_AMOUNT - delta });
  const result = await qb.execute();
  return result.affected === 1;
}

export interface NewEntry {
  accountId: number;
  amount: number;
  entryType: LedgerEntryType;
  bizType: string;
  bizId: string;
  reason: string;
  actor?: LedgerActor;
  storeId?: number | null;
  reversesEntryId?: number | null;
}

/** Inserts the entry with the balance the guarded update just produced. */
export async function insertEntry(em: EntityManager, input: NewEntry, now: Date): Promise<LedgerEntry> {
  const row = await em
    .createQueryBuilder(LedgerAccount, 'a')
    .select('a.balance', 'balance')
    .where('a.id = :id', { id: input.accountId })
    .getRawOne<{ balance: number | string }>();
  const entry = Object.assign(new LedgerEntry(), {
    accountId: input.accountId,
    amount: input.amount,
    balanceAfter: Number(row?.balance),
    entryType: input.entryType,
    bizType: input.bizType,
    bizId: input.bizId,
    reason: input.reason,
    actorType: input.actor?.type ?? null,
    actorId: input.actor?.id ?? null,
    storeId: input.storeId ?? null,
    reversesEntryId: input.reversesEntryId ?? null,
    createdAt: now,
  });
  // A concurrent duplicate cannot get here (the key was checked under the account lock); if one ever
  // does, the unique index fails this insert and the whole transaction rolls back instead of posting twice.
  const result = await em.insert(LedgerEntry, entry);
  entry.id = Number(result.identifiers[0].id);
  return entry;
}

/** The account's lots that still hold something, read past any stale snapshot. */
export async function liveLots(em: EntityManager, accountId: number): Promise<LedgerLot[]> {
  const qb = em.createQueryBuilder(LedgerLot, 'l').where('l.accountId = :accountId AND l.remaining > 0', { accountId });
  if (isMysql(em)) qb.setLock('pessimistic_write');
  return qb.getMany();
}

/** Takes the planned amounts out of the lots (guarded) and records the allocations. */
export async function drawLots(em: EntityManager, entryId: number, moves: LotMove[]): Promise<void> {
  for (const move of moves.filter((mv) => mv.amount > 0)) {
    const result = await em
      .createQueryBuilder()
      .update(LedgerLot)
      .set({ remaining: () => 'remaining - :take' })
      .where('id = :id AND remaining >= :take', { id: move.lotId, take: move.amount })
      .execute();
    // Cannot happen while the account lock is held; failing loudly rolls the posting back.
    if (result.affected !== 1) throw new Error(`ledger lot ${move.lotId} changed during a posting`);
  }
  await insertAllocations(em, entryId, moves);
}

/** Puts amounts back into the lots a debit drew from (never above the lot's original amount). */
export async function restoreLots(em: EntityManager, entryId: number, moves: LotMove[]): Promise<void> {
  for (const move of moves.filter((mv) => mv.amount > 0)) {
    const result = await em
      .createQueryBuilder()
      .update(LedgerLot)
      .set({ remaining: () => 'remaining + :put' })
      .where('id = :id AND remaining + :put <= amount', { id: move.lotId, put: move.amount })
      .execute();
    if (result.affected !== 1) throw new Error(`ledger lot ${move.lotId} cannot take back ${move.amount}`);
  }
  await insertAllocations(em, entryId, moves);
}

async function insertAllocations(em: EntityManager, entryId: number, moves: LotMove[]): Promise<void> {
  const rows = moves.filter((m) => m.amount > 0).map((m) => ({ entryId, lotId: m.lotId, amount: m.amount }));
  if (rows.length > 0) await em.insert(LedgerAllocation, rows);
}

/** Σ |amount| of the reversals already posted against an entry. */
export async function reversedSoFar(em: EntityManager, entryId: number): Promise<number> {
  const rows: { total: number | string | null }[] = await em.query(
    `SELECT SUM(ABS(amount)) AS total FROM ledger_entry WHERE reverses_entry_id = ?${lockSuffix(em)}`,
    [entryId],
  );
  return Number(rows[0]?.total ?? 0);
}

/** Per lot, how much of a debit has not been put back yet (its allocations minus its reversals'). */
export async function restorable(em: EntityManager, debitId: number): Promise<LotMove[]> {
  const drawn: { lot_id: number; total: number | string }[] = await em.query(
    `SELECT lot_id, SUM(amount) AS total FROM ledger_allocation WHERE entry_id = ? GROUP BY lot_id ORDER BY lot_id`,
    [debitId],
  );
  const back: { lot_id: number; total: number | string }[] = await em.query(
    `SELECT a.lot_id, SUM(a.amount) AS total FROM ledger_allocation a
       JOIN ledger_entry e ON e.id = a.entry_id
      WHERE e.reverses_entry_id = ? GROUP BY a.lot_id${lockSuffix(em)}`,
    [debitId],
  );
  const restored = new Map(back.map((r) => [Number(r.lot_id), Number(r.total)]));
  return drawn.map((r) => ({
    lotId: Number(r.lot_id),
    amount: Number(r.total) - (restored.get(Number(r.lot_id)) ?? 0),
  }));
}

export function assertPositiveAmount(amount: number): void {
  if (!Number.isSafeInteger(amount) || amount <= 0 || amount > LEDGER_MAX_AMOUNT) {
    throw new AppException(ErrorCode.VALIDATION_FAILED, `amount must be a positive integer, got ${amount}`);
  }
}
