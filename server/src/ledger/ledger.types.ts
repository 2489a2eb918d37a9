import type { ActorType } from '@member/shared';
import type { LedgerEntry } from './entities/ledger-entry.entity';

/** Which balance an account holds: loyalty points or stored value (integer fen). */
// GROWTH holds a member's tier growth (yuan of paid spend) in lots that lapse after the rolling window.
// POINTS_DEBT holds earned points a refund could not take back; later credits settle it first.
export type LedgerAccountKind = 'POINTS' | 'WALLET' | 'GROWTH' | 'POINTS_DEBT';

/** What one unit of each kind is: amounts of different units never meet in a journal's sum. */
export const LEDGER_UNITS: Record<LedgerAccountKind, 'points' | 'fen' | 'growth'> = {
  POINTS: 'points',
  WALLET: 'fen',
  GROWTH: 'growth',
  POINTS_DEBT: 'points',
};

/**
 * The system side of every journal (double entry): where issued units come from and where redeemed,
 * expired or held units go. System accounts keep no cached balance and no balance_after chain — no
 * sale ever waits on one hot row; their totals are sums of their legs. One account per kind and role.
 */
// The wallet names where its money comes from and goes: paid principal (CASH_RECEIVED) apart from promotional
// bonus (BONUS_GRANTED), principal paid back through WeChat Pay or off-platform (REFUNDED) apart from bonus
// forfeited with it (FORFEITED) — the liability report reads each as a sum of its legs.
export type SystemRole =
  'ISSUED' | 'REDEEMED' | 'EXPIRED' | 'HELD' | 'CASH_RECEIVED' | 'BONUS_GRANTED' | 'REFUNDED' | 'FORFEITED';
export const SYSTEM_ROLES: SystemRole[] = ['ISSUED', 'REDEEMED', 'EXPIRED', 'HELD'];
/** Roles only the wallet has (created by the wallet migration). */
export const WALLET_SYSTEM_ROLES: SystemRole[] = ['CASH_RECEIVED', 'BONUS_GRANTED', 'REFUNDED', 'FORFEITED'];
export const LEDGER_KINDS: LedgerAccountKind[] = ['POINTS', 'WALLET', 'GROWTH', 'POINTS_DEBT'];
export const systemCode = (kind: LedgerAccountKind, role: SystemRole): string => `${kind}:${role}`;

/** CREDIT/DEBIT come from callers; EXPIRE from the sweeper; REVERSAL corrects a CREDIT or DEBIT. */
export type LedgerEntryType = 'CREDIT' | 'DEBIT' | 'EXPIRE' | 'REVERSAL';

/** STANDARD for points; the wallet keeps paid PRINCIPAL apart from promotional BONUS. */
export type LotKind = 'STANDARD' | 'PRINCIPAL' | 'BONUS';

/** Units per lot kind (live lots, or what debits drew). */
export type LotKindTotals = Record<LotKind, number>;

/** The wallet's split: lots credited without a kind (STANDARD) count as paid principal. */
export function walletSplit(lots: LotKindTotals): { principalFen: number; bonusFen: number } {
  return { principalFen: lots.PRINCIPAL + lots.STANDARD, bonusFen: lots.BONUS };
}

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
  /** The system account on the other side; default ISSUED. */
  contra?: SystemRole;
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
  /** The system account on the other side; default REDEEMED. */
  contra?: SystemRole;
}

export interface HoldInput extends PostingBase {
  policy?: DebitPolicy;
}

/**
 * Where a reversal puts units back or takes them from. RESTORE_ORIGINAL_LOTS (debit reversals): exactly
 * the lots the debit drew, in proportion when partial; what belongs to a lot that has expired meanwhile
 * comes back in a new lot valid RESTORED_LOT_VALID_DAYS. OWN_LOT_FIRST (credit reversals): the credit's
 * own lot first, then soonest-expiring lots.
 */
export type ReversalLotPolicy = 'RESTORE_ORIGINAL_LOTS' | 'OWN_LOT_FIRST';
export const RESTORED_LOT_VALID_DAYS = 30;

export interface ReverseInput {
  entryId: number;
  lotPolicy: ReversalLotPolicy;
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

/** Amounts and balances are BIGINT; read back as numbers only while they stay exact. */
export const LEDGER_MAX_AMOUNT = Number.MAX_SAFE_INTEGER;

/** A member's leg as postings return it: it always carries the balance it left. */
export type PostedEntry = Omit<LedgerEntry, 'balanceAfter'> & { balanceAfter: number };

/** What credit, debit and reverse answer: the member leg, plus the balance after any debt it settled. */
export type Posting = PostedEntry & { balanceNow: number; settledDebt: number };
