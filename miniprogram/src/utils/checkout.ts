import {
  combinedDiscount,
  deductionFenFor,
  earnPoints,
  maxDeductiblePoints,
  type CouponOption,
  type PurchaseQuote,
} from '@member/shared';

/** "陈一鸣" → "陈*鸣", "周婷" → "周*": enough for the clerk to greet, not enough for the queue to read. */
export function maskName(name: string): string {
  const chars = Array.from(name.trim()); // emoji-safe
  if (chars.length <= 1) return chars.join('');
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}*${chars[chars.length - 1]}`;
}

/** Expiry on the device's clock: the server's expiresAt shifted by (device − server) when the answer came. */
export function deviceDeadline(expiresAt: string, serverTime: string, receivedAtDevice: number): number {
  return Date.parse(expiresAt) + (receivedAtDevice - Date.parse(serverTime));
}

/** Whole seconds left (rounded up, never negative). */
export function secondsUntil(deadline: number, now: number): number {
  return Math.max(0, Math.ceil((deadline - now) / 1000));
}

/** 598 → "09:58". */
export function formatCountdown(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/** Whole points within 0…max; anything else (empty, negative, fractions) is brought back into range. */
export function clampPoints(value: number | string, max: number): number {
  const n = Math.floor(Number(value));
  if (!Number.isFinite(n) || n <= 0) return 0;
  return Math.min(n, Math.max(0, max));
}

export interface BillPreview {
  /** The coupons tendered, in the order they apply (only those that take something off). */
  couponIds: number[];
  couponDiscountFen: number;
  /** Most points usable on what the coupons leave, and what they are worth. */
  maxPointsToUse: number;
  maxDeductionFen: number;
  pointsToUse: number;
  deductionFen: number;
  payableFen: number;
  pointsEarned: number;
}

/** The bill as shown before a quote has arrived: no coupons or points, what it earns not known yet. */
export type BillLines = Omit<BillPreview, 'pointsEarned'> & { pointsEarned: number | null };

/** The bill without a quote for this amount: the sale can still go ahead, without coupons or points. */
export function billWithoutQuote(amountFen: number): BillLines {
  return {
    couponIds: [],
    couponDiscountFen: 0,
    maxPointsToUse: 0,
    maxDeductionFen: 0,
    pointsToUse: 0,
    deductionFen: 0,
    payableFen: amountFen,
    pointsEarned: null,
  };
}

/** The coupons chosen for this quote: the clerk's own choice (still usable ones) or else the best one. */
export function chosenCoupons(quote: PurchaseQuote, picked: readonly number[] | null): number[] {
  if (picked === null) return quote.coupons.best === null ? [] : [quote.coupons.best];
  const usable = new Set(quote.coupons.options.filter((o) => o.usable).map((o) => o.couponId));
  return picked.filter((id) => usable.has(id));
}

/**
 * Tapping a coupon: a chosen one comes off; another one joins the chosen when it and all of them are
 * stackable, otherwise it takes their place (one coupon per bill by default). Unusable ones do nothing.
 */
export function toggleCoupon(options: readonly CouponOption[], chosen: readonly number[], couponId: number): number[] {
  const option = options.find((o) => o.couponId === couponId);
  if (!option?.usable) return [...chosen];
  if (chosen.includes(couponId)) return chosen.filter((id) => id !== couponId);
  const others = chosen.map((id) => options.find((o) => o.couponId === id)).filter((o) => !!o);
  const stacks = option.terms.stackable && others.every((o) => o.terms.stackable);
  return stacks ? [...chosen, couponId] : [couponId];
}

/**
 * What the bill comes to with these coupons and `points`, by the same shared math the server books with:
 * coupons first (in the order given; a set that may not go together keeps its first), then points on
 * what they leave, capped again for that rest.
 */
export function billPreview(
  quote: PurchaseQuote,
  amountFen: number,
  points: number,
  couponIds: readonly number[] = [],
): BillPreview {
  const { rules, pointsMultiplierPct, birthdayMonth } = quote.math;
  let coupons = couponIds
    .map((id) => quote.coupons.options.find((o) => o.couponId === id && o.usable))
    .filter((o) => !!o);
  let combined = combinedDiscount(coupons, amountFen);
  if (!combined) {
    coupons = coupons.slice(0, 1);
    combined = combinedDiscount(coupons, amountFen)!;
  }
  // A coupon that would take nothing off (the others already cover the bill) is not spent.
  const used = coupons.filter((_, i) => combined.perCoupon[i] > 0);
  const couponDiscountFen = combined.totalFen;
  const restFen = amountFen - couponDiscountFen;
  const maxPointsToUse = maxDeductiblePoints(rules, restFen, quote.balance);
  const pointsToUse = clampPoints(points, maxPointsToUse);
  const deductionFen = deductionFenFor(rules, pointsToUse);
  const payableFen = restFen - deductionFen;
  return {
    couponIds: used.map((o) => o.couponId),
    couponDiscountFen,
    maxPointsToUse,
    maxDeductionFen: deductionFenFor(rules, maxPointsToUse),
    pointsToUse,
    deductionFen,
    payableFen,
    pointsEarned: earnPoints(rules, payableFen, pointsMultiplierPct, birthdayMonth),
  };
}
