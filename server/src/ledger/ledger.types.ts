import type { ActorType } from '@member/shared';

/** Which balance an account holds: loyalty points or stored value (integer fen). */
// GROWTH holds a member's tier growth (yuan of paid spend) in lots that lapse after the rolling window.
export type LedgerAccountKind = 'POINTS' | 'WALLET' | 'GROWTH';

/** CREDIT/DEBIT come from callers; EXPIRE from the sweeper; REVERSAL corrects a CREDIT or DEBIT. */
export type LedgerEntryType = 'CREDIT' | 'DEBIT' | 'EXPIRE' | 'REVERSAL';

/** STANDARD for points; the wallet keeps paid PRINCIPAL apart from promotional BONUS. */
export type LotKind = 'STANDARD' | 'PRINCIPAL' | 'BONUS';

export interface LedgerActor {
  type: ActorType;
  id: number | null;
}

interface PostingBase {
  accountId: number;
  amount: number;
  bizType: string;
  bizId: string;
  reason: string;
  actor?: LedgerActor;
  storeId?: number | null;
}

export interface CreditInput extends PostingBase {
  expiresAt?: Date | null;
  lotKind?: LotKind;
}

/**
 * How a debit picks lots. EXPIRY_FIRST (default) drains soonest-expiring lots first; PROPORTIONAL splits
 * the amount across lot kinds by their remaining (the wallet's principal/bonus rule), each kind drained
 * soonest-expiring first. `onlyKinds` restricts the lots (e.g. a refund takes back principal only).
 */
export interface DebitPolicy {
  order?: 'EXPIRY_FIRST' | 'PROPORTIONAL';
  onlyKinds?: LotKind[];
}

export interface DebitInput extends PostingBase {
  policy?: DebitPolicy;
}

export interface ReverseInput {
  entryId: number;
  /** Omitted: reverse whatever of the entry has not been reversed yet. */
  amount?: number;
  bizType: string;
  bizId: string;
  reason: string;
  actor?: LedgerActor;
  storeId?: number | null;
}

export interface LedgerPage {
  page?: number;
  pageSize?: number;
}

/** Largest value an INT column holds; amounts and balances stay below it on both drivers. */
export const LEDGER_MAX_AMOUNT = 2_147_483_647;
