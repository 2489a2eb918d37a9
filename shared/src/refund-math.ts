import { proportionalFloor } from './rounding';

// How a refund splits across the tenders that paid the bill. A refund is the gross value R of returned
// goods (Σ R ≤ bill). Each non-cash tender of value V has returned, cumulatively, floor(V × ΣR / bill);
// cash takes the remainder. Computed on running totals, so partial refunds add up exactly to a full one
// and the refund that reaches the whole bill returns everything left.

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
  const after = refundedBeforeFen + amountFen;
  const cum = (total: number) => {
    const pointsValueFen = proportionalFloor(bill.deductionFen, total, bill.amountFen);
    return {
      cashFen: total - pointsValueFen,
      pointsValueFen,
      pointsReturned: proportionalFloor(bill.pointsUsed, total, bill.amountFen),
    };
  };
  const [a, b] = [cum(refundedBeforeFen), cum(after)];
  return {
    cashFen: b.cashFen - a.cashFen,
    pointsReturned: b.pointsReturned - a.pointsReturned,
    pointsValueFen: b.pointsValueFen - a.pointsValueFen,
  };
}
