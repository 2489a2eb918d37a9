import { deductionFenFor, earnPoints, type PurchaseQuote } from '@member/shared';

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
  pointsToUse: number;
  deductionFen: number;
  payableFen: number;
  pointsEarned: number;
}

/** The bill as shown before a quote has arrived: no points, and what they would earn not known yet. */
export type BillLines = Omit<BillPreview, 'pointsEarned'> & { pointsEarned: number | null };

/** What the bill comes to with `points` used: the same shared math the server books with. */
export function billPreview(quote: PurchaseQuote, amountFen: number, points: number): BillPreview {
  const { rules, pointsMultiplierPct, birthdayMonth } = quote.math;
  const pointsToUse = clampPoints(points, quote.maxPointsToUse);
  const deductionFen = deductionFenFor(rules, pointsToUse);
  const payableFen = amountFen - deductionFen;
  return {
    pointsToUse,
    deductionFen,
    payableFen,
    pointsEarned: earnPoints(rules, payableFen, pointsMultiplierPct, birthdayMonth),
  };
}
