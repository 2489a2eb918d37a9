import type { EntityManager } from 'typeorm';
import type { LedgerAccount } from './entities/ledger-account.entity';
import { LedgerLot } from './entities/ledger-lot.entity';
import {
  balanceAfter,
  dueAtValue,
  forUpdate,
  insertEntryOnce,
  lockAccount,
  lockAccountOf,
  lockAccountsOf,
  lockSuffix,
  setBalance,
  type LockedAccount,
} from './ledger-posting';
import { drawLotsFor } from './ledger-lots';
import type { LedgerAccountKind } from './ledger.types';

// Expiry is exact at the second. Reads subtract due lots (expires_at <= now) themselves; postings expire
// them first (expire-on-touch) and the nightly sweep catches up on accounts nobody touched. Both write the
// same EXPIRE entries under the account lock, so one never expires what the other already did.

/** bizType of the entries that expire a lot; bizId is the lot id (`<id>.<n>` for its n-th expiry). */
export const LOT_EXPIRY_BIZ_TYPE = 'lot_expiry';

/**
 * Locks the account for a posting at `now` and expires its due lots first. The locking read already
 * says how much is due, so the common case (nothing due, or held from earlier in this transaction)
 * costs no extra round trip.
 */
export async function touchAccount(em: EntityManager, accountId: number, now: Date): Promise<LedgerAccount> {
  return expireIfDue(em, await lockAccount(em, accountId, now), now);
}

/** touchAccount by member and kind; null when the member has no such account. */
export async function touchAccountOf(
  em: EntityManager,
  memberId: number,
  kind: LedgerAccountKind,
  now: Date,
): Promise<LedgerAccount | null> {
  const locked = await lockAccountOf(em, memberId, kind, now);
  return locked && expireIfDue(em, locked, now);
}

/** touchAccountOf for several kinds in one locking read (lockAccountsOf: locked in kind order). */
export async function touchAccountsOf(
  em: EntityManager,
  memberId: number,
  kinds: LedgerAccountKind[],
  now: Date,
): Promise<Map<LedgerAccountKind, LedgerAccount>> {
  const out = new Map<LedgerAccountKind, LedgerAccount>();
  for (const [kind, locked] of await lockAccountsOf(em, memberId, kinds, now)) {
    out.set(kind, await expireIfDue(em, locked, now));
  }
  return out;
}

async function expireIfDue(em: EntityManager, { account, due }: LockedAccount, now: Date): Promise<LedgerAccount> {
  if (due > 0) await expireDueLots(em, account, now);
  return account;
}

/**
 * Writes one EXPIRE entry per lot of the locked account that is due at `now`, soonest first, and
 * returns how many. The lots are re-read with a locking read, so a lot another transaction expired
 * meanwhile is skipped; the (account, bizType, bizId) key is the last guard against a second expiry.
 */
export async function expireDueLots(
  em: EntityManager,
  account: LedgerAccount,
  now: Date,
  writtenAt: Date = now,
): Promise<number> {
  const lots: { id: number | string; remaining: number | string }[] = await em.query(
    `SELECT id, remaining FROM ledger_lot
      WHERE account_id = ? AND remaining > 0 AND expires_at <= ? ORDER BY expires_at, id${forUpdate(em)}`,
    [account.id, dueAtValue(em, now)],
  );
  if (lots.length === 0) return 0;
  const ids = lots.map((l) => Number(l.id));
  // A debit reversal can refill a lot that already expired; its later expiries get a numbered key.
  const counted: { lot_id: number | string; n: number | string }[] = await em.query(
    `SELECT a.lot_id, COUNT(*) AS n FROM ledger_allocation a JOIN ledger_entry e ON e.id = a.entry_id
      WHERE a.lot_id IN (${ids.map(() => '?').join(', ')}) AND e.entry_type = 'EXPIRE'
      GROUP BY a.lot_id${lockSuffix(em)}`,
    ids,
  );
  const before = new Map(counted.map((c) => [Number(c.lot_id), Number(c.n)]));
  let balance = account.balance;
  const moves: { entryId: number; lotId: number; amount: number }[] = [];
  for (const lot of lots) {
    const [lotId, remaining] = [Number(lot.id), Number(lot.remaining)];
    const n = before.get(lotId) ?? 0;
    const next = balanceAfter({ ...account, balance }, -remaining);
    if (next === null) throw new Error(`ledger account ${account.id} holds less than its lot ${lotId}`);
    const entry = await insertEntryOnce(
      em,
      account,
      {
        accountId: account.id,
        contra: 'EXPIRED',
        amount: -remaining,
        entryType: 'EXPIRE',
        bizType: LOT_EXPIRY_BIZ_TYPE,
        bizId: n === 0 ? String(lotId) : `${lotId}.${n + 1}`,
        reason: '过期',
      },
      next,
      writtenAt,
    );
    if (!entry) continue;
    balance = next;
    moves.push({ entryId: entry.id, lotId, amount: remaining });
  }
  if (moves.length === 0) return 0;
  await setBalance(em, account, balance, writtenAt);
  await drawLotsFor(em, moves);
  return moves.length;
}

/** Accounts holding up to `limit` due lots (expires_at <= now, remaining > 0), through idx_ledger_lot_expires. */
export async function accountsWithDueLots(em: EntityManager, now: Date, limit: number): Promise<Set<number>> {
  const due = await em
    .getRepository(LedgerLot)
    .createQueryBuilder('l')
    .select(['l.id', 'l.accountId'])
    .where('l.expiresAt <= :now AND l.remaining > 0', { now })
    .orderBy('l.expiresAt', 'ASC')
    .addOrderBy('l.id', 'ASC')
    .limit(limit)
    .getMany();
  return new Set(due.map((l) => l.accountId));
}
