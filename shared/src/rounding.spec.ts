import fc from 'fast-check';
import { proportionalFloor, splitProportionally } from './rounding';

describe('rounding policy', () => {
  it('floors exactly beyond 2^53', () => {
    expect(proportionalFloor(9_007_199_254_740_991, 1, 3)).toBe(3_002_399_751_580_330);
    expect(() => proportionalFloor(10, 2, 1)).toThrow(RangeError);
  });

  it('largest remainder: parts add up, stay within their weights and within 1 of the exact share', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 10 }), (weights) => {
        const sum = weights.reduce((a, b) => a + b, 0);
        const total = Math.floor(sum / 3);
        const parts = splitProportionally(total, weights);
        expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
        parts.forEach((p, i) => {
          expect(p).toBeLessThanOrEqual(weights[i]!);
          if (sum > 0) expect(Math.abs(p - (total * weights[i]!) / sum)).toBeLessThan(1);
        });
      }),
    );
  });

  it('breaks ties toward the earlier part, deterministically', () => {
    expect(splitProportionally(1, [1, 1, 1])).toEqual([1, 0, 0]);
    expect(splitProportionally(5, [10, 10])).toEqual([3, 2]);
  });
});
