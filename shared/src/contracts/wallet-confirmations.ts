import type { IsoTime } from './common';

/**
 * A stored-value charge above `wallet.confirmAboveFen` waits for the member's own confirmation on their
 * phone. PENDING (asked, the amount held) → CONFIRMED (the member agreed; usable by the sale until the
 * checkout expires) → USED (the sale spent it); or DECLINED by the member, CANCELLED by the clerk, EXPIRED.
 */
export type WalletConfirmationStatus = 'PENDING' | 'CONFIRMED' | 'DECLINED' | 'EXPIRED' | 'USED' | 'CANCELLED';

/** What the till's quote says about asking the member (fen; null: never asked). */
export interface WalletConfirmPolicy {
  /** A stored-value tender above this needs the member's confirmation on their phone. */
  aboveFen: number;
  /** How long the member has to answer. */
  timeoutSeconds: number;
}

/** POST /api/v1/staff/checkouts/:checkoutId/wallet-confirmations (idempotent per store and receipt no.). */
export interface WalletConfirmationRequest {
  /** The sale's receipt no., byte-exact: one confirmation per receipt. */
  receiptNo: string;
  /** The stored value to charge (fen), held until the member decides. */
  amountFen: number;
}

/** The clerk's view of a confirmation request, polled while the member decides. */
export interface WalletConfirmation {
  id: number;
  checkoutId: number;
  receiptNo: string;
  amountFen: number;
  status: WalletConfirmationStatus;
  /** Until when the member may answer (PENDING) or the sale may use it (CONFIRMED). */
  expiresAt: IsoTime;
  decidedAt: IsoTime | null;
  /** Server time of this answer (the till counts down from it). */
  serverTime: IsoTime;
}

/** A store's request waiting on the member's card page (carried by GET /me/card/activity). */
export interface PendingWalletCharge {
  id: number;
  storeName: string;
  amountFen: number;
  /** The member's stored value once this charge is taken (the amount is already held). */
  balanceAfterFen: number;
  expiresAt: IsoTime;
}

/** The member's answer to POST /me/wallet/charge-confirmations/:id/confirm | decline. */
export interface WalletChargeDecision {
  id: number;
  status: WalletConfirmationStatus;
  amountFen: number;
  decidedAt: IsoTime | null;
}
