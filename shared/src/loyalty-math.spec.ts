import fc from 'fast-check';
import type { PointsRules } from './contracts/loyalty';
import {
  deductionFenFor,
  earnPoints,
  expiryFor,
  isBirthdayMonth,
  maxDeductiblePoints,
  pointsForFen,
} from './loyalty-math';

const DEFAULT: PointsRules = {
  pointsPerYuan: 1,
  birthdayMultiplierPct: 200,
  signUpBonus: 100,
  expiry: { kind: 'days', days: 365 },
  deduction: { pointsPerYuan: 100, maxPercentOfBill: 50, minSpendFen: 1000 },
};
const withDeduction = (d: Partial<PointsRules['deduction']>): PointsRules => ({
  ...DEFAULT,
  deduction: { ...DEFAULT.deduction, ...d },
});

describe('earnPoints', () => {
  it('gives 1 point per whole yuan by default, rounding down', () => {
    expect(earnPoints(DEFAULT, 0, 100, false)).toBe(0);
    expect(earnPoints(DEFAULT, 99, 100, false)).toBe(0);
    expect(earnPoints(DEFAULT, 100, 100, false)).toBe(1);
    expect(earnPoints(DEFAULT, 12_399, 100, false)).toBe(123);
  });

  it('applies the tier and birthday multipliers before rounding once', () => {
    expect(earnPoints(DEFAULT, 10_000, 150, false)).toBe(150);
    expect(earnPoints(DEFAULT, 10_000, 150, true)).toBe(300);
    // ¥1.99 × 1.5 = 2.985 → 2; rounding each step would give floor(floor(1.99)×1.5)=1.
    expect(earnPoints(DEFAULT, 199, 150, false)).toBe(2);
    // ¥0.50 × 2 (birthday) × 1 = 1 point.
    expect(earnPoints(DEFAULT, 50, 100, true)).toBe(1);
    expect(earnPoints(DEFAULT, 10_000, 120, true)).toBe(240);
  });

  it('ignores the birthday multiplier outside the birthday month', () => {
    expect(earnPoints({ ...DEFAULT, birthdayMultiplierPct: 300 }, 10_000, 100, false)).toBe(100);
  });

  it('earns nothing when the base rate or tier multiplier is 0', () => {
    expect(earnPoints({ ...DEFAULT, pointsPerYuan: 0 }, 10_000, 200, true)).toBe(0);
    expect(earnPoints(DEFAULT, 10_000, 0, true)).toBe(0);
  });

  it('stays exact for big amounts where float math would not', () => {
    const rules = { ...DEFAULT, pointsPerYuan: 10, birthdayMultiplierPct: 300 };
    // 10^10 fen × 10 × 200 × 300 = 6×10^16 > 2^53 before division.
    expect(earnPoints(rules, 10_000_000_000, 200, true)).toBe(6_000_000_000);
    expect(earnPoints(rules, 9_999_999_999, 333, true)).toBe(9_989_999_999);
  });

  it('rejects negative and fractional inputs', () => {
    expect(() => earnPoints(DEFAULT, -1, 100, false)).toThrow(RangeError);
    expect(() => earnPoints(DEFAULT, 1.5, 100, false)).toThrow(RangeError);
    expect(() => earnPoints(DEFAULT, 100, 100.5, false)).toThrow(RangeError);
  });
});

describe('deduction', () => {
  it('converts points to whole fen, rounding down', () => {
    expect(deductionFenFor(DEFAULT, 0)).toBe(0);
    expect(deductionFenFor(DEFAULT, 100)).toBe(100);
    expect(deductionFenFor(withDeduction({ pointsPerYuan: 150 }), 2)).toBe(1);
    expect(deductionFenFor(withDeduction({ pointsPerYuan: 150 }), 3)).toBe(2);
    expect(pointsForFen(withDeduction({ pointsPerYuan: 150 }), 1)).toBe(2);
    expect(pointsForFen(withDeduction({ pointsPerYuan: 150 }), 2)).toBe(3);
  });

  it('allows nothing below the minimum spend', () => {
    expect(maxDeductiblePoints(DEFAULT, 999, 1_000_000)).toBe(0);
    expect(maxDeductiblePoints(DEFAULT, 1000, 1_000_000)).toBe(500);
    expect(maxDeductiblePoints(withDeduction({ minSpendFen: 0 }), 0, 1_000)).toBe(0);
  });

  it('caps at the percentage of the bill, rounded down to whole fen', () => {
    expect(maxDeductiblePoints(DEFAULT, 10_001, 1_000_000)).toBe(5000);
    expect(maxDeductiblePoints(withDeduction({ maxPercentOfBill: 0 }), 10_000, 1_000_000)).toBe(0);
    expect(maxDeductiblePoints(withDeduction({ maxPercentOfBill: 100 }), 10_000, 1_000_000)).toBe(10_000);
    expect(maxDeductiblePoints(withDeduction({ maxPercentOfBill: 33 }), 1_001, 1_000_000)).toBe(330);
  });

  it('caps at the balance', () => {
    expect(maxDeductiblePoints(DEFAULT, 100_000, 1234)).toBe(1234);
    expect(maxDeductiblePoints(DEFAULT, 100_000, 0)).toBe(0);
  });

  it('never charges points for a fraction of a fen', () => {
    // 150 points = ¥1 → 1 fen = 1.5 points. Balance 5 is worth 3 fen, bought with 5 points (3 fen needs 4.5).
    const r = withDeduction({ pointsPerYuan: 150, minSpendFen: 0, maxPercentOfBill: 100 });
    expect(maxDeductiblePoints(r, 100, 5)).toBe(5);
    expect(deductionFenFor(r, 5)).toBe(3);
    // Balance 4 is worth 2 fen, which needs only 3 points.
    expect(maxDeductiblePoints(r, 100, 4)).toBe(3);
    // 1000 points = ¥1: 9 points are worth nothing.
    expect(maxDeductiblePoints(withDeduction({ pointsPerYuan: 1000 }), 100_000, 9)).toBe(0);
    expect(maxDeductiblePoints(withDeduction({ pointsPerYuan: 1000 }), 100_000, 25)).toBe(20);
  });

  it('handles rates under 100 points per yuan (one point worth several fen)', () => {
    // 50 points = ¥1 → 1 point = 2 fen. Cap 5 fen → 2 points (4 fen); 3 points would be 6 fen.
    const r = withDeduction({ pointsPerYuan: 50, minSpendFen: 0, maxPercentOfBill: 50 });
    expect(maxDeductiblePoints(r, 10, 1000)).toBe(2);
    expect(deductionFenFor(r, 2)).toBe(4);
    // 30 points = ¥1 → 1 point = 3.33 fen; cap 10 fen → 3 points (10 fen).
    const r30 = withDeduction({ pointsPerYuan: 30, minSpendFen: 0, maxPercentOfBill: 100 });
    expect(maxDeductiblePoints(r30, 10, 1000)).toBe(3);
    expect(deductionFenFor(r30, 3)).toBe(10);
  });

  it('stays exact for big bills and balances', () => {
    expect(maxDeductiblePoints(DEFAULT, 10_000_000_000, Number.MAX_SAFE_INTEGER)).toBe(5_000_000_000);
    const r = withDeduction({ pointsPerYuan: 1_000_000 });
    expect(maxDeductiblePoints(r, 10_000_000_000, Number.MAX_SAFE_INTEGER)).toBe(50_000_000_000_000);
  });

  it('never exceeds the cap or the balance, and the bill stays payable (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 0, max: 10_000_000_000 }),
        fc.integer({ min: 0, max: 1_000_000_000 }),
        (perYuan, pct, minSpendFen, billFen, balance) => {
          const rules = withDeduction({ pointsPerYuan: perYuan, maxPercentOfBill: pct, minSpendFen });
          const points = maxDeductiblePoints(rules, billFen, balance);
          const fen = deductionFenFor(rules, points);
          expect(points).toBeGreaterThanOrEqual(0);
          expect(points).toBeLessThanOrEqual(balance);
          expect(fen * 100).toBeLessThanOrEqual(billFen * pct);
          expect(billFen - fen).toBeGreaterThanOrEqual(0);
          if (billFen < minSpendFen) expect(points).toBe(0);
          // The fewest points for that deduction: one point less buys less.
          if (points > 0) expect(deductionFenFor(rules, points - 1)).toBeLessThan(fen);
          // No larger whole-fen deduction fits both caps.
          if (billFen >= minSpendFen && billFen > 0) {
            const next = pointsForFen(rules, fen + 1);
            expect(next > balance || deductionFenFor(rules, next) * 100 > billFen * pct).toBe(true);
          }
        },
      ),
    );
  });
});

describe('expiryFor', () => {
  it('expires N days later at the end of that Asia/Shanghai day', () => {
    // 2026-03-10 09:00 +08:00
    const at = new Date('2026-03-10T01:00:00.000Z');
    expect(expiryFor(DEFAULT, at).toISOString()).toBe('2027-03-10T15:59:59.999Z');
    expect(expiryFor({ ...DEFAULT, expiry: { kind: 'days', days: 0 } }, at).toISOString()).toBe(
      '2026-03-10T15:59:59.999Z',
    );
  });

  it('uses the Shanghai day, not the UTC day', () => {
    // 2026-03-10T20:00Z is 2026-03-11 04:00 in Shanghai.
    const at = new Date('2026-03-10T20:00:00.000Z');
    expect(expiryFor({ ...DEFAULT, expiry: { kind: 'days', days: 1 } }, at).toISOString()).toBe(
      '2026-03-12T15:59:59.999Z',
    );
  });

  it('crosses leap days and month ends', () => {
    const at = new Date('2028-02-28T04:00:00.000Z');
    expect(expiryFor({ ...DEFAULT, expiry: { kind: 'days', days: 1 } }, at).toISOString()).toBe(
      '2028-02-29T15:59:59.999Z',
    );
    expect(expiryFor({ ...DEFAULT, expiry: { kind: 'days', days: 366 } }, at).toISOString()).toBe(
      '2029-02-28T15:59:59.999Z',
    );
  });

  it('expires at the end of next calendar year in Shanghai', () => {
    const rules: PointsRules = { ...DEFAULT, expiry: { kind: 'end_of_next_year' } };
    expect(expiryFor(rules, new Date('2026-01-01T00:00:00.000Z')).toISOString()).toBe('2027-12-31T15:59:59.999Z');
    // 2026-12-31T16:30Z is already 2027-01-01 in Shanghai.
    expect(expiryFor(rules, new Date('2026-12-31T16:30:00.000Z')).toISOString()).toBe('2028-12-31T15:59:59.999Z');
    expect(expiryFor(rules, new Date('2026-12-31T15:59:59.999Z')).toISOString()).toBe('2027-12-31T15:59:59.999Z');
  });
});

describe('isBirthdayMonth', () => {
  it('compares the Shanghai month', () => {
    expect(isBirthdayMonth('1990-04-15', new Date('2026-03-31T16:00:00.000Z'))).toBe(true);
    expect(isBirthdayMonth('1990-04-15', new Date('2026-03-31T15:59:59.000Z'))).toBe(false);
    expect(isBirthdayMonth(null, new Date())).toBe(false);
  });
});
