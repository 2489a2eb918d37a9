import { splitProportionally } from '@member/shared';
import type { EntityManager } from 'typeorm';
import { insertLater, sqlName } from '../database/raw-sql';
import { writeLater } from '../database/statement-pipeline';
import { LedgerAllocation } from './entities/ledger-allocation.entity';
import { LedgerLot } from './entities/ledger-lot.entity';
import { dueAtValue, isMysql, lockSuffix } from './ledger-posting';
import type { LotMove } from './ledger-split';
import { RESTORED_LOT_VALID_DAYS, type LotKind } from './ledger.types';

// Lot steps of a posting: reading an account's live lots, drawing from them and putting amounts back, each
// one statement, inside the transaction that holds the account lock (ledger-posting.ts).

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
    await insertLater(
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
  await writeLater(
    em,
    `UPDATE ${sqlName(em, LedgerLot)} SET ${remaining} = ${remaining} ${sign < 0 ? '-' : '+'} ${delta}
      WHERE ${id} IN (${ids.map(() => '?').join(', ')}) AND ${guard}`,
    [...cases, ...ids, ...cases],
    {
      rows: moves.length,
      guard: `ledger lots ${ids.join(',')} cannot ${sign < 0 ? 'give' : 'take back'} ${moves.map((m) => m.amount)}`,
    },
  );
}

async function insertAllocations(em: EntityManager, entryId: number, moves: LotMove[]): Promise<void> {
  const rows = moves.map((m) => ({ entryId, lotId: m.lotId, amount: m.amount }));
  if (rows.length > 0) await insertLater(em, LedgerAllocation, rows);
}

/**
 * Per lot, how much of a debit has not been put back yet (its allocations minus its reversals'), and
 * whether the lot is due at `now` (what is put back into it expires at once).
 */
export async function restorable(
  em: EntityManager,
  debitId: number,
  now: Date,
): Promise<(LotMove & { due: boolean; lotKind: LotKind })[]> {
  const drawn: { lot_id: number; total: number | string; due: number | string; lot_kind: LotKind }[] = await em.query(
    `SELECT a.lot_id, SUM(a.amount) AS total, MAX(CASE WHEN l.expires_at <= ? THEN 1 ELSE 0 END) AS due,
            MAX(l.lot_kind) AS lot_kind
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
  // What went back into a new lot because its own had expired counts as restored for that lot.
  const renewed: { lot_id: number; total: number | string }[] = await em.query(
    `SELECT l.restores_lot_id AS lot_id, SUM(l.amount) AS total FROM ledger_lot l
       JOIN ledger_entry e ON e.id = l.entry_id
      WHERE e.reverses_entry_id = ? AND l.restores_lot_id IS NOT NULL GROUP BY l.restores_lot_id${lockSuffix(em)}`,
    [debitId],
  );
  const restored = new Map<number, number>();
  for (const r of [...back, ...renewed]) {
    restored.set(Number(r.lot_id), (restored.get(Number(r.lot_id)) ?? 0) + Number(r.total));
  }
  return drawn.map((r) => ({
    lotId: Number(r.lot_id),
    amount: Number(r.total) - (restored.get(Number(r.lot_id)) ?? 0),
    due: Number(r.due) === 1,
    lotKind: r.lot_kind,
  }));
}

/**
 * Puts `amount` of a debit back into exactly the lots it drew, in proportion to what each still misses (a
 * debit reversal, `reversalId` its entry). What belongs to a lot that has expired meanwhile comes back in a
 * new lot valid RESTORED_LOT_VALID_DAYS instead of expiring again at once.
 */
export async function putBackDrawn(
  em: EntityManager,
  accountId: number,
  debitId: number,
  reversalId: number,
  amount: number,
  now: Date,
): Promise<void> {
  const lots = await restorable(em, debitId, now);
  const shares = splitProportionally(
    amount,
    lots.map((l) => l.amount),
  );
  const moves = lots.map((l, i) => ({ ...l, amount: shares[i]! }));
  await restoreLots(
    em,
    reversalId,
    moves.filter((l) => !l.due),
  );
  const renewed = moves.filter((l) => l.due && l.amount > 0);
  if (renewed.length === 0) return;
  const expiresAt = new Date(now.getTime() + RESTORED_LOT_VALID_DAYS * 86_400_000);
  await insertLater(
    em,
    LedgerLot,
    renewed.map((l) => ({
      accountId,
      entryId: reversalId,
      amount: l.amount,
      remaining: l.amount,
      expiresAt,
      lotKind: l.lotKind,
      restoresLotId: l.lotId,
      createdAt: now,
    })),
  );
}
