import type { PurchaseQuote } from '@member/shared';

/**
 * Stored value pays last, out of what coupons and points leave (`payableFen` of the bill preview), and at
 * most the member's balance: the server books in the same order and refuses more.
 */
export function walletCap(quote: PurchaseQuote | null, payableFen: number): number {
  if (!quote?.wallet) return 0;
  return Math.max(0, Math.min(quote.wallet.balanceFen, payableFen));
}

/** Whole fen within 0…cap. */
export function clampWallet(fen: number, cap: number): number {
  if (!Number.isFinite(fen) || fen <= 0) return 0;
  return Math.min(Math.floor(fen), cap);
}
