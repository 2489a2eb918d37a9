import { ErrorCode } from '@member/shared';
import type { EntityManager } from 'typeorm';
import { AppException } from '../common/app-exception';
import { insertRows } from '../database/raw-sql';
import { LedgerHold } from './entities/ledger-hold.entity';
import type { HoldInput } from './ledger.types';

// Pending postings (holds): the rows behind LedgerService.hold / postHold / voidHold. The money side (the
// debit into HELD, its reversal on void) stays in the service; these are the hold's own reads and writes.

/** The hold already taken under this key, or null; the same key with another amount is a caller bug. */
export async function existingHold(m: EntityManager, input: HoldInput): Promise<LedgerHold | null> {
  const existing = await m.findOneBy(LedgerHold, {
    accountId: input.accountId,
    bizType: input.bizType,
    bizId: input.bizId,
  });
  if (existing && existing.amount !== input.amount) throw new AppException(ErrorCode.LEDGER_IDEMPOTENCY_CONFLICT);
  return existing;
}

/** Records a pending hold for the debit that reserved its units. */
export async function recordHold(m: EntityManager, input: HoldInput, entryId: number, now: Date): Promise<LedgerHold> {
  const hold = {
    accountId: input.accountId,
    amount: input.amount,
    status: 'pending' as const,
    bizType: input.bizType,
    bizId: input.bizId,
    entryId,
    createdAt: now,
    decidedAt: null,
  };
  return Object.assign(new LedgerHold(), { id: await insertRows(m, LedgerHold, [hold]), ...hold });
}

/**
 * Posts or voids a pending hold. Guarded: of two concurrent decisions exactly one flips the hold, and only
 * that one runs `effect`; deciding a hold the same way again answers it unchanged.
 */
export async function decideHold(
  m: EntityManager,
  holdId: number,
  status: 'posted' | 'voided',
  now: Date,
  effect: (m: EntityManager, hold: LedgerHold) => Promise<void>,
): Promise<LedgerHold> {
  const hold = await m.findOneBy(LedgerHold, { id: holdId });
  if (!hold) throw new AppException(ErrorCode.LEDGER_ENTRY_NOT_FOUND);
  if (hold.status === status) return hold;
  if (hold.status !== 'pending') throw new AppException(ErrorCode.LEDGER_NOT_REVERSIBLE);
  const flipped = await m
    .createQueryBuilder()
    .update(LedgerHold)
    .set({ status, decidedAt: now })
    .where('id = :id AND status = :pending', { id: holdId, pending: 'pending' })
    .execute();
  if (flipped.affected !== 1) throw new AppException(ErrorCode.LEDGER_NOT_REVERSIBLE);
  await effect(m, hold);
  return Object.assign(hold, { status, decidedAt: now });
}
