// One rounding policy for every proportional split of integers (points, fen, growth): exact integer
// arithmetic (BigInt, products can pass 2^53), floor on running totals, and largest remainder when one
// total is shared out at once. Running totals make partial operations add up exactly to the whole one.

/** floor(value × part / whole) for 0 ≤ part ≤ whole. */
export function proportionalFloor(value: number, part: number, whole: number): number {
  if (whole <= 0 || part < 0 || part > whole) throw new RangeError(`cannot take ${part} of ${whole}`);
  return Number((BigInt(value) * BigInt(part)) / BigInt(whole));
}

/**
 * Splits `total` across `weights` in proportion (largest remainder), never giving a part more than its
 * weight; ties go to the earlier index so the result is deterministic. Requires total ≤ Σ weights.
 */
export function splitProportionally(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (total > sum) throw new RangeError(`cannot split ${total} over ${sum}`);
  if (sum === 0) return weights.map(() => 0);
  const parts = weights.map((w) => Number((BigInt(total) * BigInt(w)) / BigInt(sum)));
  const fractions = weights.map((w, i) => ({ i, rest: (BigInt(total) * BigInt(w)) % BigInt(sum) }));
  fractions.sort((a, b) => (a.rest === b.rest ? a.i - b.i : a.rest > b.rest ? -1 : 1));
  let left = total - parts.reduce((a, b) => a + b, 0);
  for (const { i } of fractions) {
    if (left === 0) break;
    if (parts[i]! < weights[i]!) {
      parts[i]! += 1;
      left -= 1;
    }
  }
  return parts;
}
