import { proportionalFloor } from './rounding';

// How a refund splits across the tenders that paid the bill. A refund is the gross value R of returned
// goods (Σ R ≤ bill). Each non-cash tender of value V has returned, cumulatively, floor(V × ΣR / bill);
// cash takes the remainder. Computed on running totals, so partial refunds add up exactly to a full one
// and the refund that reaches the whole bill returns everything left.

/** A non-cash tender on a bill: what it paid (fen), in how many of its own units (points, fen…). */
export interface Tender<K extends string = string> {
  kind: K;
  valueFen: number;
  units: number;
  /** What earlier refunds of the bill already returned of this tender (fen). */
  returnedFen: number;
}

export interface TenderReturn<K extends string = string> {
  kind: K;
  /** Part of the refund this tender covers (fen). */
  valueFen: number;
  /** Its own units coming back (points to the member, stored value to the wallet, …). */
  units: number;
}

/**
 * The general split of a refund of `amountFen` after `refundedBeforeFen` (points now; coupon discount and
 * stored value slot in as more tenders). Each tender, and cash (the rest of the bill), aims at its running
 * share floor(V × ΣR / G), within what it has left and within this refund; fen the floors leave go to cash
 * first, then to the tenders in order. So no part is ever negative, every refund adds up to its amount, and
 * the refund that reaches the whole bill returns everything left. Units follow floor(units × ΣR / G).
 * With one tender this is exactly the stateless split below.
 */
export function splitAcrossTenders<K extends string>(
  grossFen: number,
  tenders: readonly Tender<K>[],
  refundedBeforeFen: number,
  amountFen: number,
): { cashFen: number; tenders: TenderReturn<K>[] } {
  const after = refundedBeforeFen + amountFen;
  const share = (v: number, total: number) => proportionalFloor(v, total, grossFen);
  const tenderValue = tenders.reduce((sum, t) => sum + t.valueFen, 0);
  const tenderReturned = tenders.reduce((sum, t) => sum + t.returnedFen, 0);
  // Cash first among the parts, so the leftover fen of the floors go to it while it has room.
  const parts = [{ valueFen: grossFen - tenderValue, returnedFen: refundedBeforeFen - tenderReturned }, ...tenders].map(
    (t) => ({ room: t.valueFen - t.returnedFen, target: share(t.valueFen, after) - t.returnedFen, give: 0 }),
  );
  let budget = amountFen;
  for (const p of parts) {
    p.give = Math.max(0, Math.min(p.target, p.room, budget));
    budget -= p.give;
  }
  for (const p of parts) {
    const more = Math.min(p.room - p.give, budget);
    p.give += more;
    budget -= more;
  }
  return {
    cashFen: parts[0].give,
    tenders: tenders.map((t, k) => ({
      kind: t.kind,
      valueFen: parts[k + 1].give,
      units: share(t.units, after) - share(t.units, refundedBeforeFen),
    })),
  };
}

export interface TenderedBill {
  /** Gross bill (fen). */
  amountFen: number;
  /** Fen paid with points. */
  deductionFen: number;
  /** Points that paid deductionFen. */
  pointsUsed: number;
}

export interface RefundSplit {
  /** Cash handed back by this refund. */
  cashFen: number;
  /** Points used as payment that come back with this refund. */
  pointsReturned: number;
  /** What those points were worth on the bill (fen). */
  pointsValueFen: number;
}

/** The split of a refund of `amountFen` after `refundedBeforeFen` of the same bill was already refunded. */
export function refundSplit(bill: TenderedBill, refundedBeforeFen: number, amountFen: number): RefundSplit {
  // One tender: what it returned so far is its running share of what was refunded so far.
  const points: Tender<'POINTS'> = {
    kind: 'POINTS',
    valueFen: bill.deductionFen,
    units: bill.pointsUsed,
    returnedFen: proportionalFloor(bill.deductionFen, refundedBeforeFen, bill.amountFen),
  };
  const { cashFen, tenders } = splitAcrossTenders(bill.amountFen, [points], refundedBeforeFen, amountFen);
  return { cashFen, pointsReturned: tenders[0].units, pointsValueFen: tenders[0].valueFen };
}

/**
 * A bill with a coupon discount and stored value beside the points deduction (the coupons' share is never
 * paid back; the stored value's goes back to the wallet).
 */
export interface CouponTenderedBill extends TenderedBill {
  /** Fen the coupons took off. */
  couponDiscountFen: number;
  /** Fen paid from the member's stored value (absent: none). */
  walletFen?: number;
}

export interface SaleRefundSplit extends RefundSplit {
  /** The part of this refund the coupon discount covers: value the member never paid. */
  couponFen: number;
  /** The part of this refund the stored value paid: it goes back to the wallet, not in cash. */
  walletFen: number;
}

/**
 * The split of a refund of a bill paid with coupons, points, stored value and cash, given the amounts of
 * its earlier refunds in order. The running state of each tender is rebuilt by replaying those refunds
 * through splitAcrossTenders, so any sequence of partial refunds adds up to the full one. Without a coupon
 * or stored value it answers exactly what refundSplit does.
 */
export function saleRefundSplit(
  bill: CouponTenderedBill,
  priorRefundsFen: readonly number[],
  amountFen: number,
): SaleRefundSplit {
  const walletFen = bill.walletFen ?? 0;
  if (bill.couponDiscountFen === 0 && walletFen === 0) {
    const before = priorRefundsFen.reduce((s, r) => s + r, 0);
    return { ...refundSplit(bill, before, amountFen), couponFen: 0, walletFen: 0 };
  }
  // A tender of 0 never takes a fen (no room), so a bill without stored value splits as it did before.
  const tenders: Tender<'COUPON' | 'POINTS' | 'WALLET'>[] = [
    { kind: 'COUPON', valueFen: bill.couponDiscountFen, units: 0, returnedFen: 0 },
    { kind: 'POINTS', valueFen: bill.deductionFen, units: bill.pointsUsed, returnedFen: 0 },
    { kind: 'WALLET', valueFen: walletFen, units: walletFen, returnedFen: 0 },
  ];
  let refunded = 0;
  for (const prior of priorRefundsFen) {
    const step = splitAcrossTenders(bill.amountFen, tenders, refunded, prior);
    step.tenders.forEach((t, i) => (tenders[i].returnedFen += t.valueFen));
    refunded += prior;
  }
  const { cashFen, tenders: back } = splitAcrossTenders(bill.amountFen, tenders, refunded, amountFen);
  return {
    cashFen,
    couponFen: back[0].valueFen,
    pointsReturned: back[1].units,
    pointsValueFen: back[1].valueFen,
    walletFen: back[2].valueFen,
  };
}
