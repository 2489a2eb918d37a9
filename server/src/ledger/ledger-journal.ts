import type { EntityManager } from 'typeorm';
import { insertedId, insertLater, insertStatement, sqlName } from '../database/raw-sql';
import { isUniqueViolation } from '../database/transaction-runner';
import type { LedgerAccount } from './entities/ledger-account.entity';
import { LedgerEntry } from './entities/ledger-entry.entity';
import { LedgerLot } from './entities/ledger-lot.entity';
import { debtOf, entryRow, isMysql, setBalances, systemAccountId } from './ledger-posting';
import type { CreditInput, PostedEntry } from './ledger.types';

// One journal for several credits of one business event (a sale's points and growth): the member legs
// and their system legs in one INSERT, the balances in one guarded UPDATE, the lots in one INSERT —
// three round trips where separate postings take three each. Same rows, same guards, same lock order
// (the caller locked every account before). MySQL/MariaDB only: on SQLite a round trip costs nothing.

export interface JournalCredit {
  /** Locked by this transaction (touchAccount), its due lots already expired. */
  account: LedgerAccount;
  input: CreditInput;
  next: number;
}

/**
 * Whether creditJournal applies: MySQL-family, every account a member account this transaction holds,
 * at most one posting per account, and no points debt to settle (settlement debits right after the
 * credit; the rare indebted member takes the per-posting path).
 */
export function journalFits(em: EntityManager, credits: JournalCredit[]): boolean {
  if (!isMysql(em) || credits.length < 2) return false;
  const ids = new Set(credits.map((c) => c.account.id));
  return ids.size === credits.length && credits.every((c) => (debtOf.get(c.account) ?? 0) === 0);
}

/**
 * Writes the credits. A taken idempotency key fails the entries' INSERT, which then changes nothing (a
 * failed statement undoes only itself): the caller answers null by posting one by one, which finds the
 * replays. Entry ids come back with RETURNING on MariaDB; MySQL has none, so there they are read back
 * through the journal's unique key (journal account, seq) — no assumption about consecutive ids.
 */
export async function creditJournal(
  em: EntityManager,
  credits: JournalCredit[],
  now: Date,
): Promise<PostedEntry[] | null> {
  const members = credits.map((c) =>
    entryRow({ ...c.input, entryType: 'CREDIT', contra: c.input.contra ?? 'ISSUED' }, c.account.seq + 1, c.next, now),
  );
  const contras = await Promise.all(
    credits.map(async (c, i) => ({
      ...members[i],
      accountId: await systemAccountId(em, c.account.kind, c.input.contra ?? 'ISSUED'),
      amount: -members[i].amount,
      balanceAfter: null,
      reversesEntryId: null,
    })),
  );
  const { sql, params } = insertStatement(em, LedgerEntry, [...members, ...contras]);
  const mariadb = em.connection.options.type === 'mariadb';
  let ids: number[];
  try {
    const answer: unknown = await em.query(
      mariadb ? `${sql} RETURNING ${sqlName(em, LedgerEntry, 'id')}` : sql,
      params,
    );
    ids = mariadb
      ? (answer as { id: number | string }[]).slice(0, members.length).map((r) => Number(r.id))
      : await memberLegIds(em, members, insertedId(answer));
  } catch (error) {
    if (isUniqueViolation(error)) return null;
    throw error;
  }
  for (const c of credits) c.account.seq += 1;
  await setBalances(
    em,
    credits.map((c) => ({ account: c.account, next: c.next })),
    now,
  );
  await insertLater(
    em,
    LedgerLot,
    credits.map((c, i) => ({
      accountId: c.account.id,
      entryId: ids[i],
      amount: c.input.amount,
      remaining: c.input.amount,
      expiresAt: c.input.expiresAt ?? null,
      lotKind: c.input.lotKind ?? 'STANDARD',
      createdAt: now,
    })),
  );
  return members.map((row, i) => Object.assign(new LedgerEntry(), { id: ids[i], ...row }) as PostedEntry);
}

/** MySQL: the member legs' ids by (journal account, seq, account); the first is the INSERT's own id. */
async function memberLegIds(em: EntityManager, members: Omit<PostedEntry, 'id'>[], firstId: number): Promise<number[]> {
  const rows: { id: number | string; account_id: number | string }[] = await em.query(
    `SELECT id, account_id FROM ledger_entry
      WHERE (journal_account_id, journal_seq, account_id) IN (${members.map(() => '(?, ?, ?)').join(', ')})`,
    members.flatMap((m) => [m.journalAccountId, m.journalSeq, m.accountId]),
  );
  const byAccount = new Map(rows.map((r) => [Number(r.account_id), Number(r.id)]));
  const ids = members.map((m) => byAccount.get(m.accountId));
  if (ids[0] !== firstId || ids.some((id) => id === undefined)) throw new Error('ledger journal legs not found');
  return ids as number[];
}
