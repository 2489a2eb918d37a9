// The bonus a principal refund forfeits (储值规则: bonus forfeited in proportion to the principal refunded).
// One integer formula for the console's preview and the server's ledger, so the two always agree.

/**
 * round-half-down(bonus × refund / principal) with integers (BigInt: the product can pass 2^53); all the
 * bonus when all the principal is refunded; 0 when there is no principal left to refund against.
 */
export function walletRefundForfeit(bonusFen: number, refundFen: number, principalFen: number): number {
  if (refundFen < 0 || refundFen > principalFen || bonusFen < 0)
    throw new RangeError(`cannot refund ${refundFen} of ${principalFen}`);
  if (principalFen === 0 || refundFen === 0) return 0;
  if (refundFen === principalFen) return bonusFen;
  const product = BigInt(bonusFen) * BigInt(refundFen);
  const whole = BigInt(principalFen);
  const q = product / whole;
  // Half-down: a remainder of exactly half stays down (the member keeps the odd fen).
  return Number(2n * (product % whole) > whole ? q + 1n : q);
}

/**
 * The forfeit of each part of one refund split into `parts` (fen of principal each), on running totals:
 * the parts add up to walletRefundForfeit of the whole, so splitting never forfeits a fen more or less.
 */
export function walletRefundForfeitParts(bonusFen: number, parts: number[], principalFen: number): number[] {
  let refunded = 0;
  let forfeited = 0;
  return parts.map((part) => {
    refunded += part;
    const upTo = walletRefundForfeit(bonusFen, refunded, principalFen);
    const share = upTo - forfeited;
    forfeited = upTo;
    return share;
  });
}
