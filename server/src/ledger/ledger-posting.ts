import { ErrorCode } from '@member/shared';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { AppException } from '../common/app-exception';
import { isUniqueViolation } from '../database/transaction-runner';
import { execute, hydrate, insertRows, sqlName, sqlValue } from './ledger-sql';
import { LedgerAccount } from './entities/ledger-account.entity';
import { LedgerAllocation } from './entities/ledger-allocation.entity';
import { LedgerEntry } from './entities/ledger-entry.entity';
import { LedgerLot } from './entities/ledger-lot.entity';
import type { LotMove } from './ledger-split';
import { LEDGER_MAX_AMOUNT, type LedgerAccountKind, type LedgerActor, type LedgerEntryType } from './ledger.types';

// Low-level steps of one posting. Every function expects to run inside a transaction that already
// holds the account lock (lockAccount), so the account's lots and entries cannot change underneath.
// Round trips are the cost of a posting (a purchase makes two), so each step is one statement and
// nothing re-reads a row the posting has just locked or written.

export function isMysql(em: EntityManager): boolean {
  return em.connection.options.type !== 'better-sqlite3';
}

/**
 * Accounts whose row this transaction has locked, with the balance as of its latest posting. The lock
 * holds until the transaction ends, so a later posting to the same account in the same transaction
 * skips the locking read — and its due lots were already expired by the first one (expire-on-touch).
 * Entries are dropped when the transaction commits or rolls back (including a savepoint rollback);
 * SQLite reuses one QueryRunner for every transaction, so that matters. Even a wrong entry cannot
 * corrupt anything: setBalance only applies while the row holds the expected balance.
 */
const held = new WeakMap<QueryRunner, Map<number, LedgerAccount>>();
const tracked = new WeakSet<DataSource>();

function heldBy(em: EntityManager): Map<number, LedgerAccount> | null {
  const qr = em.queryRunner;
  if (!qr?.isTransactionActive) return null;
  if (!tracked.has(em.connection)) {
    tracked.add(em.connection);
    const forget = (event: { queryRunner: QueryRunner }) => void held.delete(event.queryRunner);
    em.connection.subscribers.push({ afterTransactionCommit: forget, afterTransactionRollback: forget });
  }
  let map = held.get(qr);
  if (!map) held.set(qr, (map = new Map()));
  return map;
}

/** A freshly locked account and Σ remaining of its lots due at `now` (0 when this transaction held it already). */
export interface LockedAccount {
  account: LedgerAccount;
  due: number;
}

/**
 * SQL for Σ remaining of the due lots (expires_at <= ?, not yet expired) of the account `accountRef`;
 * takes the date (dueAtValue) as its one parameter. Goes through idx_ledger_lot_account_expires.
 */
export function dueLotsSql(accountRef: string): string {
  return `COALESCE((SELECT SUM(l.remaining) FROM ledger_lot l
    WHERE l.account_id = ${accountRef} AND l.remaining > 0 AND l.expires_at <= ?), 0)`;
}

/** `now` as the driver stores lot expiry dates (SQLite compares formatted strings). */
export function dueAtValue(em: EntityManager, now: Date): unknown {
  return sqlValue(em, LedgerLot, 'expiresAt', now);
}

/**
 * MySQL: SELECT … FOR UPDATE serialises every posting to one account. SQLite has no row locks, but
 * TransactionRunner already runs one transaction at a time on its single connection. Returns the
 * account with its current balance (which nobody else can change until this transaction ends) and,
 * read in the same statement, how much of it sits in lots due at `now`.
 */
export async function lockAccount(em: EntityManager, accountId: number, now: Date): Promise<LockedAccount> {
  const mine = heldBy(em);
  const known = mine?.get(accountId);
  if (known) return { account: known, due: 0 };
  const [locked] = await lockRows(em, 'a.id = ?', [accountId], now);
  if (!locked) throw new AppException(ErrorCode.LEDGER_ACCOUNT_NOT_FOUND);
  mine?.set(locked.account.id, locked.account);
  return locked;
}

/** Locks the member's account of this kind if it exists (one round trip); null when it does not. */
export async function lockAccountOf(
  em: EntityManager,
  memberId: number,
  kind: LedgerAccountKind,
  now: Date,
): Promise<LockedAccount | null> {
  const mine = heldBy(em);
  for (const account of mine?.values() ?? []) {
    if (account.memberId === memberId && account.kind === kind) return { account, due: 0 };
  }
  const [locked] = await lockRows(em, 'a.member_id = ? AND a.kind = ?', [memberId, kind], now);
  if (!locked) return null;
  mine?.set(locked.account.id, locked.account);
  return locked;
}

// The due sum is a plain (non-locking) subquery: it only decides whether to look closer; the expiry
// itself re-reads the lots with a locking read under the account lock.
async function lockRows(em: EntityManager, where: string, params: unknown[], now: Date): Promise<LockedAccount[]> {
  const rows: Record<string, unknown>[] = await em.query(
    `SELECT a.*, ${dueLotsSql('a.id')} AS due FROM ledger_account a WHERE ${where}${forUpdate(em)}`,
    [dueAtValue(em, now), ...params],
  );
  return rows.map((row) => ({ account: hydrate(em, LedgerAccount, row), due: Number(row.due ?? 0) }));
}

/**
 * Reads that must see the latest committed rows. Under REPEATABLE READ a caller's transaction may have
 * opened its snapshot before another posting committed; a locking read ignores that snapshot.
 */
export function lockSuffix(em: EntityManager): string {
  return isMysql(em) ? ' LOCK IN SHARE MODE' : '';
}

export function forUpdate(em: EntityManager): string {
  return isMysql(em) ? ' FOR UPDATE' : '';
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

/** The balance a posting of `delta` would leave, or null when a debit overdraws or a credit overflows. */
export function balanceAfter(account: LedgerAccount, delta: number): number | null {
  const next = account.balance + delta;
  return next < 0 || next > LEDGER_MAX_AMOUNT ? null : next;
}

/**
 * Guarded balance change on a locked account (lockAccount): applies only while the row still holds the
 * balance the posting was computed from, so a debit can never overdraw and balance_after stays exact.
 * With the lock held the guard cannot fail; if it ever does, the error rolls the posting back.
 */
export async function setBalance(em: EntityManager, account: LedgerAccount, next: number, now: Date): Promise<void> {
  if (next < 0 || next > LEDGER_MAX_AMOUNT)
    throw new Error(`ledger account ${account.id}: balance ${next} out of range`);
  const [balance, updatedAt, id] = ['balance', 'updatedAt', 'id'].map((p) => sqlName(em, LedgerAccount, p));
  const affected = await execute(
    em,
    `UPDATE ${sqlName(em, LedgerAccount)} SET ${balance} = ?, ${updatedAt} = ? WHERE ${id} = ? AND ${balance} = ?`,
    [next, sqlValue(em, LedgerAccount, 'updatedAt', now), account.id, account.balance],
  );
  if (affected !== 1) throw new Error(`ledger account ${account.id} changed during a posting`);
  account.balance = next;
  account.updatedAt = now;
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

function entryRow(input: NewEntry, balance: number, now: Date): Omit<LedgerEntry, 'id'> {
  return {
    accountId: input.accountId,
    amount: input.amount,
    balanceAfter: balance,
    entryType: input.entryType,
    bizType: input.bizType,
    bizId: input.bizId,
    reason: input.reason,
    actorType: input.actor?.type ?? null,
    actorId: input.actor?.id ?? null,
    storeId: input.storeId ?? null,
    reversesEntryId: input.reversesEntryId ?? null,
    createdAt: now,
  };
}

/**
 * Inserts the entry with the balance the posting leaves (the caller holds the account lock, so it knows
 * it without re-reading). The idempotency key was checked under the lock; if a duplicate ever got here,
 * the unique index fails this insert and the whole transaction rolls back instead of posting twice.
 */
export async function insertEntry(
  em: EntityManager,
  input: NewEntry,
  balance: number,
  now: Date,
): Promise<LedgerEntry> {
  const row = entryRow(input, balance, now);
  const id = await insertRows(em, LedgerEntry, [row]);
  return Object.assign(new LedgerEntry(), { id, ...row });
}

/**
 * Inserts the entry unless its idempotency key is taken: then it returns null and has changed nothing
 * (a failed INSERT only undoes itself, on both drivers), and the caller answers with the first entry.
 * Letting the unique index find the replay saves the lookup on every first posting.
 */
export async function insertEntryOnce(
  em: EntityManager,
  input: NewEntry,
  balance: number,
  now: Date,
): Promise<LedgerEntry | null> {
  try {
    return await insertEntry(em, input, balance, now);
  } catch (error) {
    if (isUniqueViolation(error)) return null;
    throw error;
  }
}

/** The account's lots that still hold something and have not expired at `now`, read past any stale snapshot. */
export async function liveLots(em: EntityManager, accountId: number, now: Date): Promise<LedgerLot[]> {
  const qb = em
    .createQueryBuilder(LedgerLot, 'l')
    .where('l.accountId = :accountId AND l.remaining > 0', { accountId })
    .andWhere('(l.expiresAt IS NULL OR l.expiresAt > :now)', { now });
  if (isMysql(em)) qb.setLock('pessimistic_write');
  return qb.getMany();
}

/** Takes the planned amounts out of the lots (guarded) and records the allocations. */
export async function drawLots(em: EntityManager, entryId: number, moves: LotMove[]): Promise<void> {
  await drawLotsFor(
    em,
    moves.map((mv) => ({ ...mv, entryId })),
  );
}

/** drawLots for several entries at once (one lot UPDATE, one allocation INSERT). */
export async function drawLotsFor(em: EntityManager, moves: (LotMove & { entryId: number })[]): Promise<void> {
  const live = moves.filter((mv) => mv.amount > 0);
  await moveLots(em, live, -1);
  if (live.length > 0) {
    await insertRows(
      em,
      LedgerAllocation,
      live.map((m) => ({ entryId: m.entryId, lotId: m.lotId, amount: m.amount })),
    );
  }
}

/** Puts amounts back into the lots a debit drew from (never above the lot's original amount). */
export async function restoreLots(em: EntityManager, entryId: number, moves: LotMove[]): Promise<void> {
  const live = moves.filter((mv) => mv.amount > 0);
  await moveLots(em, live, 1);
  await insertAllocations(em, entryId, live);
}

/**
 * One guarded UPDATE for all the lots of a posting: each lot changes only if it stays within
 * 0 ≤ remaining ≤ amount, and anything but every lot changing fails the posting. Cannot happen while
 * the account lock is held; failing loudly rolls the posting back.
 */
async function moveLots(em: EntityManager, moves: LotMove[], sign: 1 | -1): Promise<void> {
  if (moves.length === 0) return;
  const ids = moves.map((m) => m.lotId);
  if (new Set(ids).size !== ids.length) throw new Error(`ledger posting moves a lot twice: ${ids.join(',')}`);
  const [id, remaining, amount] = ['id', 'remaining', 'amount'].map((p) => sqlName(em, LedgerLot, p));
  const delta = `(CASE ${id} ${moves.map(() => 'WHEN ? THEN ?').join(' ')} END)`;
  const cases = moves.flatMap((m) => [m.lotId, m.amount]);
  const guard = sign < 0 ? `${remaining} >= ${delta}` : `${remaining} + ${delta} <= ${amount}`;
  const affected = await execute(
    em,
    `UPDATE ${sqlName(em, LedgerLot)} SET ${remaining} = ${remaining} ${sign < 0 ? '-' : '+'} ${delta}
      WHERE ${id} IN (${ids.map(() => '?').join(', ')}) AND ${guard}`,
    [...cases, ...ids, ...cases],
  );
  if (affected !== moves.length) {
    throw new Error(
      `ledger lots ${ids.join(',')} cannot ${sign < 0 ? 'give' : 'take back'} ${moves.map((m) => m.amount)}`,
    );
  }
}

async function insertAllocations(em: EntityManager, entryId: number, moves: LotMove[]): Promise<void> {
  const rows = moves.map((m) => ({ entryId, lotId: m.lotId, amount: m.amount }));
  if (rows.length > 0) await insertRows(em, LedgerAllocation, rows);
}

/** Σ |amount| of the reversals already posted against an entry. */
export async function reversedSoFar(em: EntityManager, entryId: number): Promise<number> {
  const rows: { total: number | string | null }[] = await em.query(
    `SELECT SUM(ABS(amount)) AS total FROM ledger_entry WHERE reverses_entry_id = ?${lockSuffix(em)}`,
    [entryId],
  );
  return Number(rows[0]?.total ?? 0);
}

/**
 * Per lot, how much of a debit has not been put back yet (its allocations minus its reversals'), and
 * whether the lot is due at `now` (what is put back into it expires at once).
 */
export async function restorable(
  em: EntityManager,
  debitId: number,
  now: Date,
): Promise<(LotMove & { due: boolean })[]> {
  const drawn: { lot_id: number; total: number | string; due: number | string }[] = await em.query(
    `SELECT a.lot_id, SUM(a.amount) AS total, MAX(CASE WHEN l.expires_at <= ? THEN 1 ELSE 0 END) AS due
       FROM ledger_allocation a JOIN ledger_lot l ON l.id = a.lot_id
      WHERE a.entry_id = ? GROUP BY a.lot_id ORDER BY a.lot_id`,
    [dueAtValue(em, now), debitId],
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
    due: Number(r.due) === 1,
  }));
}

export function assertPositiveAmount(amount: number): void {
  if (!Number.isSafeInteger(amount) || amount <= 0 || amount > LEDGER_MAX_AMOUNT) {
    throw new AppException(ErrorCode.VALIDATION_FAILED, `amount must be a positive integer, got ${amount}`);
  }
}
