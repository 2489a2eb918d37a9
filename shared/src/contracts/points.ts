import type { CouponOption } from './coupons';
import type { BizDate, IsoTime, Page } from './common';
import type { PointsRules } from './loyalty';
import type { WalletConfirmPolicy } from './wallet-confirmations';

/** A tier as shown next to a member. */
export interface TierBrief {
  code: string;
  name: string;
  badgeColor: string;
}

// POST /api/v1/staff/purchases/quote (staff token) — against the clerk's open checkout (see StaffCheckout)
export interface PurchaseQuoteRequest {
  checkoutId: number;
  amountFen: number;
}
export interface PurchaseQuote {
  memberNo: string;
  nickname: string;
  balance: number;
  tier: TierBrief;
  /** Most points usable on this bill (0 when below the minimum spend). */
  maxPointsToUse: number;
  maxDeductionFen: number;
  /** Points the member earns if no points are used. */
  pointsIfNoDeduction: number;
  /**
   * Inputs of the shared loyalty math (deductionFenFor, earnPoints) for this member now, so a client can
   * show deduction, payable and points earned live for any pointsToUse up to maxPointsToUse.
   */
  math: { rules: PointsRules; pointsMultiplierPct: number; birthdayMonth: boolean };
  /** Set when this bill is beyond the clerk's limits: the purchase then needs a manager's approvalId. */
  approval: SaleApprovalNeed | null;
  /**
   * The member's coupons for this bill, usable ones first and best first, each unusable one with its
   * reason; `best` is preselected. Points deduction applies to what the coupons leave (maxPointsToUse
   * above is for the bill without coupons: recompute with maxDeductiblePoints on the rest).
   */
  coupons: { options: CouponOption[]; best: number | null };
  /**
   * The member's stored value (fen, live lots only), split into paid principal and promotional bonus;
   * null when they have no wallet. It pays after coupons and points: walletFen ≤ min(balanceFen, what
   * those leave).
   */
  wallet: WalletTenderBalance | null;
  /**
   * Above `aboveFen` of stored value the member confirms the charge on their own phone first (POST
   * …/checkouts/:id/wallet-confirmations, then the purchase with walletConfirmationId); null: never asked.
   */
  walletConfirm: WalletConfirmPolicy | null;
}

/** A member's stored value as the till shows it (fen). */
export interface WalletTenderBalance {
  balanceFen: number;
  principalFen: number;
  bonusFen: number;
}

/** Why a bill needs a manager: larger than the clerk's largest bill, or past their sales per hour. */
export type SaleApprovalNeed =
  { reason: 'bill_over_limit'; maxBillFen: number } | { reason: 'hourly_limit'; purchasesPerHour: number };

// POST /api/v1/staff/purchases (staff token). receiptNo is the idempotency key (IDEMPOTENCY_KEY_PATTERN,
// byte-exact, per store): the same receiptNo with the same amount and points answers the first result
// (replayed: true), even once its checkout is closed; with another amount or points it answers 409
// IDEMPOTENCY_KEY_REUSED. The purchase closes the checkout; pointsToUse may be any 0…maxPointsToUse.
export interface PurchaseRequest {
  checkoutId: number;
  amountFen: number;
  receiptNo: string;
  pointsToUse?: number;
  /** A manager's approval (POST /api/v1/staff/approvals) for a bill beyond the clerk's limits. */
  approvalId?: number;
  /** Coupons tendered (one per bill unless all are stackable); applied in this order, before points. */
  couponIds?: number[];
  /**
   * Stored value tendered (fen), after coupons and points: ≤ what they leave and ≤ the member's balance
   * (WALLET_INSUFFICIENT). Part of the receiptNo fingerprint. It earns points and growth like cash.
   */
  walletFen?: number;
  /** The member's CONFIRMED confirmation of this walletFen, required above the quote's walletConfirm.aboveFen. */
  walletConfirmationId?: number;
}
export interface PurchaseResult {
  purchaseId: number;
  receiptNo: string;
  memberNo: string;
  nickname: string;
  amountFen: number;
  /** What the coupons took off (earns no points or growth). */
  couponDiscountFen: number;
  coupons: { couponId: number; name: string; discountFen: number }[];
  pointsUsed: number;
  deductionFen: number;
  /** Stored value spent on this bill (fen; 0 when none), and how it split between principal and bonus. */
  walletFen: number;
  walletPrincipalFen: number;
  walletBonusFen: number;
  /** The member's stored value right after this purchase (null when none was tendered: not read then). */
  walletBalanceFen: number | null;
  /** Paid in cash: amount − coupons − points deduction − walletFen. */
  payableFen: number;
  pointsEarned: number;
  /** Points balance right after this purchase. */
  balance: number;
  tier: TierBrief;
  /** Set when this purchase moved the member up a tier. */
  promotedTo: TierBrief | null;
  createdAt: IsoTime;
  /** true when this answer is the stored result of an earlier identical request. */
  replayed: boolean;
}

export type PointsEntryType = 'CREDIT' | 'DEBIT' | 'EXPIRE' | 'REVERSAL';

export interface PointsEntry {
  id: number;
  /** Signed: + earned, − used or expired. */
  amount: number;
  balanceAfter: number;
  type: PointsEntryType;
  /** Plain-language reason, e.g. "消费 ¥128.00 获得积分". */
  reason: string;
  /** For earned points: when they expire. */
  expiresAt: IsoTime | null;
  storeName: string | null;
  createdAt: IsoTime;
}

// GET /api/v1/me/points?page=&pageSize=
export interface MemberPoints {
  balance: number;
  /** Points owed after refunds of purchases whose points were already used; new points settle it first. */
  debt: number;
  /** Live lots grouped by expiry day, soonest first. */
  expiring: { points: number; expiresAt: IsoTime }[];
  entries: Page<PointsEntry>;
}

// GET /api/v1/me/tier
export interface MemberTierView {
  current: TierBrief & { pointsMultiplierPct: number; discountText: string; birthdayGift: boolean };
  /** Yuan of paid spend within the rolling window. */
  growth: number;
  /** Next tier up and the growth still needed; null at the top. */
  next: (TierBrief & { growthThreshold: number; remaining: number }) | null;
  /** Growth needed to keep the current tier at the next re-evaluation (0 when already enough). */
  keepRemaining: number;
  pinned: boolean;
  /** Set while the member is below the retention threshold: the tier drops to `to` on `dueOn` unless they recover. */
  pendingDowngrade: { to: TierBrief; dueOn: string } | null;
}

export interface ShiftTotals {
  purchases: number;
  /** Σ bill amounts (before points deduction). */
  amountFen: number;
  /** Σ paid in money (bill − points deduction). */
  payableFen: number;
  pointsEarned: number;
  pointsUsed: number;
  /** Refunds recorded today (of any day's purchases). */
  refunds: number;
  /** Σ cash handed back by today's refunds (the points part of a bill goes back as points). */
  cashRefundedFen: number;
  /** Σ points used as payment that today's refunds gave back. */
  pointsReturned: number;
  /** Σ stored value spent on today's purchases (fen; not cash: payableFen excludes it). */
  walletFen: number;
  /** Σ stored value today's refunds put back into members' wallets (fen). */
  walletRefundedFen: number;
  /** Cash in the till from today: payableFen − cashRefundedFen. */
  netCashFen: number;
}

// GET /api/v1/staff/purchases/{receiptNo} (staff token, same store) — what a refund would act on.
export interface StaffPurchaseDetail {
  receiptNo: string;
  memberNo: string;
  nickname: string;
  amountFen: number;
  payableFen: number;
  /** What the bill's coupons took off. */
  couponDiscountFen: number;
  pointsUsed: number;
  pointsEarned: number;
  /** Stored value the bill was paid with (fen), of it principal and bonus. */
  walletFen: number;
  walletPrincipalFen: number;
  walletBonusFen: number;
  /** Σ stored value put back into the member's wallet so far. */
  walletRefundedFen: number;
  refundedFen: number;
  /** amountFen − refundedFen: the goods value that can still be returned. */
  refundableFen: number;
  /** Σ cash handed back so far (payableFen is the cash taken). */
  cashRefundedFen: number;
  /** The amounts of its refunds so far, in order: saleRefundSplit replays them to preview the next one. */
  refundsFen: number[];
  createdAt: IsoTime;
}

// GET /api/v1/staff/purchases?q=&page=&pageSize= (staff token) — today's sales (Asia/Shanghai) at the clerk's
// store, newest first. q matches a receipt no. prefix (byte-exact), a whole member no. or part of a nickname.
export interface StaffSalesQuery {
  q?: string;
  page?: number;
  pageSize?: number;
}
export interface StaffSaleItem {
  receiptNo: string;
  createdAt: IsoTime;
  nickname: string;
  /** Member no. with the middle hidden, e.g. "8123****90". */
  memberNoMasked: string;
  /** Bill before points deduction. */
  amountFen: number;
  /** Paid in cash (bill − coupons − points deduction). */
  payableFen: number;
  /** What the bill's coupons took off. */
  couponDiscountFen: number;
  pointsUsed: number;
  refundedFen: number;
  /** amountFen − refundedFen. */
  refundableFen: number;
}
export interface StaffSalesPage extends Page<StaffSaleItem> {
  /** The business date listed (YYYY-MM-DD, Asia/Shanghai). */
  date: BizDate;
}

// GET /api/v1/staff/shift-summary — today (Asia/Shanghai) at the staff member's store
export interface ShiftSummary {
  date: string;
  storeName: string;
  mine: ShiftTotals;
  store: ShiftTotals;
}

// POST /api/v1/staff/purchases/{receiptNo}/refunds (staff token, same store as the purchase).
// refundNo is required and is the idempotency key (per store, byte-exact): resend the same refundNo when
// retrying and the first result comes back; the same refundNo for another receipt or amount answers 409.
export interface RefundRequest {
  amountFen: number;
  refundNo: string;
}
export interface RefundResult {
  refundId: number;
  receiptNo: string;
  refundNo: string;
  /** Gross value of the returned goods. */
  amountFen: number;
  /** Cash to hand back for this refund: the bill's cash share of amountFen (points come back as points). */
  cashRefundedFen: number;
  /** The part of this refund the bill's coupons had paid: value never paid in cash, not handed back. */
  couponFen: number;
  /** Coupons given back to the member (only by the refund that completes the sale). */
  couponsReturned: number;
  /** The part of this refund the stored value had paid: back into the wallet lots it came from, not cash. */
  walletFen: number;
  /** The member's stored value after this refund (null when it moved none). */
  walletBalanceFen: number | null;
  /** All refunds of this purchase so far, including this one. */
  refundedTotalFen: number;
  /** Points used as payment that came back (into their original lots, with their original expiry). */
  pointsReturned: number;
  /** Earned points taken back. */
  pointsClawedBack: number;
  /** Earned points that could not be taken back because the member had already used them: owed as debt. */
  pointsShortfall: number;
  /** All points the member owes after this refund; their next points settle it first. */
  pointsDebt: number;
  growthClawedBack: number;
  balance: number;
  replayed: boolean;
}
