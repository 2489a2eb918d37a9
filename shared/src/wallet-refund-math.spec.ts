import fc from 'fast-check';
import { walletRefundForfeit, walletRefundForfeitParts } from './wallet-refund-math';

describe('wallet refund forfeit', () => {
  it('forfeits bonus in proportion, half rounded down', () => {
    expect(walletRefundForfeit(1_000, 5_000, 10_000)).toBe(500);
    expect(walletRefundForfeit(1_000, 1, 3)).toBe(333); // 333.33…
    expect(walletRefundForfeit(1_000, 2, 3)).toBe(667); // 666.66…
    expect(walletRefundForfeit(1, 1, 2)).toBe(0); // exactly half: down
    expect(walletRefundForfeit(3, 1, 2)).toBe(1); // 1.5: down
    expect(walletRefundForfeit(5, 3, 4)).toBe(4); // 3.75: up
  });

  it('takes all the bonus with all the principal, none without principal', () => {
    expect(walletRefundForfeit(999, 10_000, 10_000)).toBe(999);
    expect(walletRefundForfeit(999, 0, 10_000)).toBe(0);
    expect(walletRefundForfeit(999, 0, 0)).toBe(0);
    expect(() => walletRefundForfeit(1, 11, 10)).toThrow(RangeError);
  });

  it('is exact beyond 2^53', () => {
    expect(walletRefundForfeit(9_007_199_254_740_991, 1, 3)).toBe(3_002_399_751_580_330);
  });

  it('never forfeits more than the bonus, and grows with the refund', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (bonus, principal, f) => {
          const refund = Math.floor(principal * f);
          const forfeit = walletRefundForfeit(bonus, refund, principal);
          expect(forfeit).toBeGreaterThanOrEqual(0);
          expect(forfeit).toBeLessThanOrEqual(bonus);
          expect(Math.abs(forfeit - (bonus * refund) / principal)).toBeLessThanOrEqual(0.5);
          if (refund < principal)
            expect(walletRefundForfeit(bonus, refund + 1, principal)).toBeGreaterThanOrEqual(forfeit);
        },
      ),
    );
  });

  it('parts on running totals add up to the whole refund', () => {
    expect(walletRefundForfeitParts(1_000, [1, 1, 1], 3)).toEqual([333, 334, 333]);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.array(fc.integer({ min: 0, max: 100_000 }), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 0, max: 100_000 }),
        (bonus, parts, extra) => {
          const principal = parts.reduce((a, b) => a + b, 0) + extra;
          const shares = walletRefundForfeitParts(bonus, parts, principal);
          expect(shares.reduce((a, b) => a + b, 0)).toBe(walletRefundForfeit(bonus, principal - extra, principal));
          shares.forEach((s) => expect(s).toBeGreaterThanOrEqual(0));
        },
      ),
    );
  });
});
