import { ErrorCode } from '@member/shared';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { AppException } from '../common/app-exception';
import { isUniqueViolation } from '../database/transaction-runner';
import { hydrate, insertRows, sqlName, sqlValue } from '../database/raw-sql';
import { writeLater } from '../database/statement-pipeline';
import { LedgerAccount } from './entities/ledger-account.entity';
import { LedgerEntry } from './entities/ledger-entry.entity';
import { LedgerLot } from './entities/ledger-lot.entity';
import {
  LEDGER_MAX_AMOUNT,
  systemCode,
  type LedgerAccountKind,
  type LedgerActor,
  type LedgerEntryType,
  type PostedEntry,
  type Posting,
  type SystemRole,
} from './ledger.types';

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

/**
 * lockAccountOf for several kinds of one member in one locking read; the rows lock in the order of the
 * (member_id, kind) index, i.e. by kind (GROWTH, POINTS, POINTS_DEBT), the order every path that locks more
 * than one of a member's accounts keeps. Kinds the member has no account of are absent.
 */
export async function lockAccountsOf(
  em: EntityManager,
  memberId: number,
  kinds: LedgerAccountKind[],
  now: Date,
): Promise<Map<LedgerAccountKind, LockedAccount>> {
  const out = new Map<LedgerAccountKind, LockedAccount>();
  const mine = heldBy(em);
  for (const account of mine?.values() ?? []) {
    if (account.memberId === memberId && kinds.includes(account.kind)) out.set(account.kind, { account, due: 0 });
  }
  const rest = kinds.filter((k) => !out.has(k));
  if (rest.length === 0) return out;
  const where = `a.member_id = ? AND a.kind IN (${rest.map(() => '?').join(', ')})`;
  for (const locked of await lockRows(em, where, [memberId, ...rest], now)) {
    mine?.set(locked.account.id, locked.account);
    out.set(locked.account.kind, locked);
  }
  return out;
}

// The due sum is a plain (non-locking) subquery: it only decides whether to look closer; the expiry
// itself re-reads the lots with a locking read under the account lock.
async function lockRows(em: EntityManager, where: string, params: unknown[], now: Date): Promise<LockedAccount[]> {
  // The member's points debt comes with the lock (no extra round trip): it only changes under the
  // POINTS account's lock (raised by a refund's claw-back, settled by a credit), which this read takes.
  const rows: Record<string, unknown>[] = await em.query(
    `SELECT a.*, ${dueLotsSql('a.id')} AS due,
            CASE WHEN a.kind = 'POINTS' THEN (SELECT d.balance FROM ledger_account d
              WHERE d.member_id = a.member_id AND d.kind = 'POINTS_DEBT') END AS debt
       FROM ledger_account a WHERE ${where}${forUpdate(em)}`,
    [dueAtValue(em, now), ...params],
  );
  return rows.map((row) => {
    const account = hydrate(em, LedgerAccount, row);
    if (account.systemCode !== null) throw new Error(`ledger account ${account.id} is a system account`);
    flushed.set(account, { balance: account.balance, seq: account.seq });
    if (account.kind === 'POINTS') debtOf.set(account, Number(row.debt ?? 0));
    return { account, due: Number(row.due ?? 0) };
  });
}

/** The member's points debt as of the locked POINTS account (kept current by raise and settle). */
export const debtOf = new WeakMap<LedgerAccount, number>();

/**
 * What the locked account's row holds in the database: postings update `balance` and `seq` in memory
 * as they write entries, and setBalance writes both with a compare-and-set against this.
 */
const flushed = new WeakMap<LedgerAccount, { balance: number; seq: number }>();

/**
 * System accounts by (kind, role), created by the ledger migration; looked up once per data source.
 * System accounts are never locked or updated: postings only insert legs on them.
 */
const systemIds = new WeakMap<DataSource, Map<string, number>>();

export async function systemAccountId(em: EntityManager, kind: LedgerAccountKind, role: SystemRole): Promise<number> {
  let ids = systemIds.get(em.connection);
  if (!ids) {
    const rows: { id: number | string; system_code: string }[] = await em.query(
      `SELECT id, system_code FROM ledger_account WHERE system_code IS NOT NULL`,
    );
    ids = new Map(rows.map((r) => [r.system_code, Number(r.id)]));
    systemIds.set(em.connection, ids);
  }
  const id = ids.get(systemCode(kind, role));
  if (id === undefined) {
    systemIds.delete(em.connection);
    throw new Error(`ledger system account ${systemCode(kind, role)} is missing (migrations not run?)`);
  }
  return id;
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

/** The member leg of the journal posted under this key, if any. */
export async function findByKey(
  em: EntityManager,
  accountId: number,
  bizType: string,
  bizId: string,
  entryType: LedgerEntryType,
): Promise<PostedEntry | null> {
  const qb = em
    .createQueryBuilder(LedgerEntry, 'e')
    .where(
      'e.journalAccountId = :accountId AND e.bizType = :bizType AND e.bizId = :bizId AND e.entryType = :entryType' +
        ' AND e.accountId = :accountId',
      { accountId, bizType, bizId, entryType },
    );
  if (isMysql(em)) qb.setLock('pessimistic_read');
  return (await qb.getOne()) as PostedEntry | null;
}

/** The balance a posting of `delta` would leave, or null when a debit overdraws or a credit overflows. */
export function balanceAfter(account: LedgerAccount, delta: number): number | null {
  const next = account.balance + delta;
  return next < 0 || next > LEDGER_MAX_AMOUNT ? null : next;
}

/**
 * Guarded balance change on a locked account (lockAccount): writes the balance and the journal count
 * the postings left, only while the row still holds what they were computed from, so a debit can never
 * overdraw and the balance_after chain stays exact. With the lock held the guard cannot fail; if it ever
 * does, the error rolls the posting back.
 */
export async function setBalance(em: EntityManager, account: LedgerAccount, next: number, now: Date): Promise<void> {
  if (next < 0 || next > LEDGER_MAX_AMOUNT)
    throw new Error(`ledger account ${account.id}: balance ${next} out of range`);
  const was = flushed.get(account);
  if (!was) throw new Error(`ledger account ${account.id} was not locked by this transaction`);
  const [balance, seq, updatedAt, id] = ['balance', 'seq', 'updatedAt', 'id'].map((p) => sqlName(em, LedgerAccount, p));
  // Nothing reads the UPDATE's answer but its row count: it rides with the next statement (a lot, the
  // sale's row, the COMMIT's flush), which fails with the guard's message if the row had changed.
  await writeLater(
    em,
    `UPDATE ${sqlName(em, LedgerAccount)} SET ${balance} = ?, ${seq} = ?, ${updatedAt} = ?
      WHERE ${id} = ? AND ${balance} = ? AND ${seq} = ?`,
    [next, account.seq, sqlValue(em, LedgerAccount, 'updatedAt', now), account.id, was.balance, was.seq],
    { rows: 1, guard: `ledger account ${account.id} changed during a posting` },
  );
  account.balance = next;
  account.updatedAt = now;
  flushed.set(account, { balance: next, seq: account.seq });
}

/**
 * setBalance for several locked accounts in one UPDATE (a sale's points and growth): each row changes only
 * while it holds what its postings were computed from, and anything but every row changing fails.
 */
export async function setBalances(
  em: EntityManager,
  changes: { account: LedgerAccount; next: number }[],
  now: Date,
): Promise<void> {
  const was = changes.map(({ account, next }) => {
    if (next < 0 || next > LEDGER_MAX_AMOUNT)
      throw new Error(`ledger account ${account.id}: balance ${next} out of range`);
    const w = flushed.get(account);
    if (!w) throw new Error(`ledger account ${account.id} was not locked by this transaction`);
    return w;
  });
  const [balance, seq, updatedAt, id] = ['balance', 'seq', 'updatedAt', 'id'].map((p) => sqlName(em, LedgerAccount, p));
  const cases = changes.map(() => 'WHEN ? THEN ?').join(' ');
  await writeLater(
    em,
    `UPDATE ${sqlName(em, LedgerAccount)} SET ${balance} = CASE ${id} ${cases} END,
            ${seq} = CASE ${id} ${cases} END, ${updatedAt} = ?
      WHERE ${changes.map(() => `(${id} = ? AND ${balance} = ? AND ${seq} = ?)`).join(' OR ')}`,
    [
      ...changes.flatMap((c) => [c.account.id, c.next]),
      ...changes.flatMap((c) => [c.account.id, c.account.seq]),
      sqlValue(em, LedgerAccount, 'updatedAt', now),
      ...changes.flatMap((c, i) => [c.account.id, was[i].balance, was[i].seq]),
    ],
    { rows: changes.length, guard: `ledger accounts changed during a posting` },
  );
  for (const { account, next } of changes) {
    account.balance = next;
    account.updatedAt = now;
    flushed.set(account, { balance: next, seq: account.seq });
  }
}

export interface NewEntry {
  accountId: number;
  /** The system account on the other side of the journal. */
  contra: SystemRole;
  amount: number;
  entryType: LedgerEntryType;
  bizType: string;
  bizId: string;
  reason: string;
  actor?: LedgerActor;
  storeId?: number | null;
  reversesEntryId?: number | null;
}

export function entryRow(input: NewEntry, seq: number, balance: number, now: Date): Omit<PostedEntry, 'id'> {
  return {
    accountId: input.accountId,
    journalAccountId: input.accountId,
    journalSeq: seq,
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
 * Writes one journal: the member's leg with the balance the posting leaves (the caller holds the
 * account lock, so it knows it without re-reading) and the system account's opposite leg, in one INSERT.
 * The journal takes the account's next seq. A duplicate idempotency key fails the INSERT (see
 * insertEntryOnce); it changes nothing then, not even the account's seq.
 */
export async function insertEntry(
  em: EntityManager,
  account: LedgerAccount,
  input: NewEntry,
  balance: number,
  now: Date,
): Promise<PostedEntry> {
  if (input.accountId !== account.id) throw new Error(`ledger entry for ${input.accountId} on account ${account.id}`);
  const row = entryRow(input, account.seq + 1, balance, now);
  const contra = {
    ...row,
    accountId: await systemAccountId(em, account.kind, input.contra),
    amount: -row.amount,
    balanceAfter: null,
    reversesEntryId: null,
  };
  // The generated id that comes back is the first row's on MySQL and the last row's on SQLite: the member
  // leg goes where its id is the one returned (no assumption about consecutive ids).
  const id = await insertRows(em, LedgerEntry, isMysql(em) ? [row, contra] : [contra, row]);
  account.seq += 1;
  return Object.assign(new LedgerEntry(), { id, ...row }) as PostedEntry;
}

/**
 * Inserts the entry unless its idempotency key is taken: then it returns null and has changed nothing
 * (a failed INSERT only undoes itself, on both drivers), and the caller answers with the first entry.
 * Letting the unique index find the replay saves the lookup on every first posting.
 */
export async function insertEntryOnce(
  em: EntityManager,
  account: LedgerAccount,
  input: NewEntry,
  balance: number,
  now: Date,
): Promise<PostedEntry | null> {
  try {
    return await insertEntry(em, account, input, balance, now);
  } catch (error) {
    if (isUniqueViolation(error)) return null;
    throw error;
  }
}

/** Σ |amount| of the reversals already posted against an entry (member legs only carry the link). */
export async function reversedSoFar(em: EntityManager, entryId: number): Promise<number> {
  const rows: { total: number | string | null }[] = await em.query(
    `SELECT SUM(ABS(amount)) AS total FROM ledger_entry
      WHERE reverses_entry_id = ? AND account_id = journal_account_id${lockSuffix(em)}`,
    [entryId],
  );
  return Number(rows[0]?.total ?? 0);
}

/** The system role on the other side of a member leg's journal (a reversal goes back to the same one). */
export async function contraRoleOf(em: EntityManager, entry: LedgerEntry): Promise<SystemRole> {
  const rows: { system_code: string }[] = await em.query(
    `SELECT a.system_code FROM ledger_entry e JOIN ledger_account a ON a.id = e.account_id
      WHERE e.journal_account_id = ? AND e.journal_seq = ? AND e.account_id <> e.journal_account_id`,
    [entry.journalAccountId, entry.journalSeq],
  );
  const role = rows[0]?.system_code.split(':')[1];
  if (!role) throw new Error(`ledger entry ${entry.id} has no system leg`);
  return role as SystemRole;
}

export function assertPositiveAmount(amount: number): void {
  if (!Number.isSafeInteger(amount) || amount <= 0 || amount > LEDGER_MAX_AMOUNT) {
    throw new AppException(ErrorCode.VALIDATION_FAILED, `amount must be a positive integer, got ${amount}`);
  }
}

/** What a posting answers: its member leg, the balance it left after any debt settlement, and that settlement. */
export function posting(entry: PostedEntry, account: LedgerAccount, settledDebt = 0): Posting {
  return Object.assign(entry, { balanceNow: account.balance, settledDebt });
}

/** A replay must describe the same posting; a reused key with another amount is a caller bug. */
export function sameReplay(entry: PostedEntry, signedAmount: number): PostedEntry {
  if (entry.amount !== signedAmount) throw new AppException(ErrorCode.LEDGER_IDEMPOTENCY_CONFLICT);
  return entry;
}
