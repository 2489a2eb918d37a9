import type { EntityManager } from 'typeorm';
import type { LedgerAccount } from './entities/ledger-account.entity';
import { LedgerLot } from './entities/ledger-lot.entity';
import { debtOf, insertEntry, lockAccount, lockAccountOf, setBalance, type NewEntry } from './ledger-posting';
import { drawLots, liveLots } from './ledger-lots';
import { insertRows } from '../database/raw-sql';
import { planDraw } from './ledger-split';
import type { LedgerActor, PostedEntry } from './ledger.types';

// No points from nothing. Earned points a refund can no longer take back (the member spent them) become
// debt on the member's POINTS_DEBT account, and every later credit of points settles the debt first, in
// the same transaction. Both happen under the member's POINTS account lock, so the invariants hold:
// balance ≥ 0, debt ≥ 0, debt > 0 ⇒ balance = 0.

export const DEBT_BIZ_TYPE = 'points_debt';
export const DEBT_SETTLEMENT_BIZ_TYPE = 'debt_settlement';

export interface DebtInput {
  bizType: string;
  bizId: string;
  reason: string;
  actor?: LedgerActor;
  storeId?: number | null;
}

/**
 * Records `amount` of debt for the member whose POINTS account `points` this transaction has locked and
 * emptied (a claw-back took all there was). Keyed like any posting: a replay changes nothing.
 */
export async function raiseDebt(
  em: EntityManager,
  points: LedgerAccount,
  debtAccountId: number,
  amount: number,
  input: DebtInput,
  now: Date,
): Promise<PostedEntry> {
  if (points.balance !== 0) throw new Error(`points debt raised on account ${points.id} holding ${points.balance}`);
  const { account } = await lockAccount(em, debtAccountId, now);
  const next = account.balance + amount;
  const entry = await insertEntry(
    em,
    account,
    { ...input, accountId: account.id, contra: 'ISSUED', amount, entryType: 'CREDIT' },
    next,
    now,
  );
  await setBalance(em, account, next, now);
  await insertRows(em, LedgerLot, [
    {
      accountId: account.id,
      entryId: entry.id,
      amount,
      remaining: amount,
      expiresAt: null,
      lotKind: 'STANDARD',
      createdAt: now,
    },
  ]);
  debtOf.set(points, (debtOf.get(points) ?? 0) + amount);
  return entry;
}

/**
 * After `cause` credited the locked POINTS account, takes what the member owes out of it: a debit of
 * the points (explained in their history as 抵扣欠分) and a debit of the debt, keyed to the cause.
 * Returns the points settled (0 when there is no debt, the common case: no round trip then).
 */
export async function settleDebt(
  em: EntityManager,
  points: LedgerAccount,
  cause: PostedEntry,
  now: Date,
): Promise<number> {
  const debt = debtOf.get(points) ?? 0;
  if (points.kind !== 'POINTS' || debt <= 0 || points.balance <= 0 || points.memberId === null) return 0;
  const amount = Math.min(debt, points.balance);
  const base = {
    entryType: 'DEBIT' as const,
    contra: 'REDEEMED' as const,
    amount: -amount,
    bizType: DEBT_SETTLEMENT_BIZ_TYPE,
    bizId: String(cause.id),
    actor: cause.actorType ? { type: cause.actorType, id: cause.actorId } : undefined,
    storeId: cause.storeId,
  };
  await debitLocked(em, points, amount, { ...base, accountId: points.id, reason: '抵扣欠分' }, now);
  const locked = await lockAccountOf(em, points.memberId, 'POINTS_DEBT', now);
  if (!locked) throw new Error(`member ${points.memberId} owes ${debt} points without a debt account`);
  await debitLocked(em, locked.account, amount, { ...base, accountId: locked.account.id, reason: '欠分已抵扣' }, now);
  debtOf.set(points, debt - amount);
  return amount;
}

/** A debit of a locked account this transaction already checked can afford it (drawing lots soonest first). */
async function debitLocked(em: EntityManager, account: LedgerAccount, amount: number, entry: NewEntry, now: Date) {
  const moves = planDraw(await liveLots(em, account.id, now), amount);
  if (!moves) throw new Error(`ledger account ${account.id} cannot give ${amount}`);
  const posted = await insertEntry(em, account, entry, account.balance - amount, now);
  await setBalance(em, account, account.balance - amount, now);
  await drawLots(em, posted.id, moves);
}
