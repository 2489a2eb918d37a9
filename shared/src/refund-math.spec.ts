import fc from 'fast-check';
import { refundSplit, type TenderedBill } from './refund-math';

describe('refundSplit', () => {
  const bill: TenderedBill = { amountFen: 10_000, deductionFen: 5000, pointsUsed: 5000 };

  it('hands back cash actually taken: ¥100 paid ¥50 cash + 5000 points refunds ¥50 cash and 5000 points', () => {
    expect(refundSplit(bill, 0, 10_000)).toEqual({ cashFen: 5000, pointsReturned: 5000, pointsValueFen: 5000 });
  });

  it('splits a partial refund in proportion and lets the last one return everything left', () => {
    const first = refundSplit(bill, 0, 3333);
    expect(first).toEqual({ cashFen: 1667, pointsReturned: 1666, pointsValueFen: 1666 });
    const rest = refundSplit(bill, 3333, 6667);
    expect(first.cashFen + rest.cashFen).toBe(5000);
    expect(first.pointsReturned + rest.pointsReturned).toBe(5000);
  });

  it('adds partial refunds up exactly to the full refund, in any split', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000_000 }),
        fc.integer({ min: 0, max: 100 }),
        fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 8 }),
        (amountFen, pct, weights) => {
          const deductionFen = Math.floor((amountFen * pct) / 200);
          const b = { amountFen, deductionFen, pointsUsed: deductionFen * 100 };
          const sum = weights.reduce((x, y) => x + y, 0);
          let before = 0;
          let cash = 0;
          let points = 0;
          weights.forEach((w, i) => {
            const part = i === weights.length - 1 ? amountFen - before : Math.floor((amountFen * w) / sum);
            const s = refundSplit(b, before, part);
            expect(s.cashFen).toBeGreaterThanOrEqual(0);
            expect(s.pointsReturned).toBeGreaterThanOrEqual(0);
            cash += s.cashFen;
            points += s.pointsReturned;
            before += part;
          });
          expect(cash).toBe(amountFen - deductionFen);
          expect(points).toBe(b.pointsUsed);
        },
      ),
    );
  });
});
