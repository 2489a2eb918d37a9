import { splitProportionally } from '@member/shared';
import type { LedgerLot } from './entities/ledger-lot.entity';
import type { DebitPolicy } from './ledger.types';

/** A planned movement of `amount` units out of (or back into) one lot. */
export interface LotMove {
  lotId: number;
  amount: number;
}

/** Soonest expiry first, lots that never expire last, then oldest first. */
export function byExpiry(a: LedgerLot, b: LedgerLot): number {
  const ea = a.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY;
  const eb = b.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY;
  return ea === eb ? a.id - b.id : ea < eb ? -1 : 1;
}

function greedy(lots: LedgerLot[], amount: number): LotMove[] {
  const moves: LotMove[] = [];
  let left = amount;
  for (const lot of lots) {
    if (left === 0) break;
    const take = Math.min(lot.remaining, left);
    if (take > 0) moves.push({ lotId: lot.id, amount: take });
    left -= take;
  }
  return moves;
}

/**
 * Which lots a debit of `amount` draws from, or null when the eligible lots hold less than that.
 * `firstEntryId` puts the lot created by that entry in front (a credit reversal takes back its own lot).
 */
export function planDraw(
  candidates: LedgerLot[],
  amount: number,
  policy: DebitPolicy = {},
  firstEntryId?: number,
): LotMove[] | null {
  const lots = candidates
    .filter((l) => l.remaining > 0 && (!policy.onlyKinds || policy.onlyKinds.includes(l.lotKind)))
    .sort((a, b) => (a.entryId === firstEntryId ? -1 : b.entryId === firstEntryId ? 1 : byExpiry(a, b)));
  if (lots.reduce((s, l) => s + l.remaining, 0) < amount) return null;
  if (policy.order !== 'PROPORTIONAL') return greedy(lots, amount);
  const kinds = [...new Set(lots.map((l) => l.lotKind))];
  const ofKind = kinds.map((k) => lots.filter((l) => l.lotKind === k));
  const shares = splitProportionally(
    amount,
    ofKind.map((group) => group.reduce((s, l) => s + l.remaining, 0)),
  );
  return ofKind.flatMap((group, i) => greedy(group, shares[i]));
}
