import fc from 'fast-check';
import { refundSplit, saleRefundSplit, splitAcrossTenders, type TenderedBill } from './refund-math';

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

describe('splitAcrossTenders', () => {
  it('never hands back negative cash when several tenders round up at the same fen', () => {
    // ¥1.00 bill: two tenders of 45 fen. At 1 fen refunded neither rounds; at 2 fen... each floor can cross
    // together: the stateless formula would give cash −1 on some single-fen refund.
    const tenders = [
      { kind: 'A', valueFen: 45, units: 45, returnedFen: 0 },
      { kind: 'B', valueFen: 45, units: 45, returnedFen: 0 },
    ];
    let before = 0;
    const back = [0, 0];
    for (let i = 0; i < 100; i++) {
      const s = splitAcrossTenders(
        100,
        tenders.map((t, k) => ({ ...t, returnedFen: back[k] })),
        before,
        1,
      );
      expect(s.cashFen).toBeGreaterThanOrEqual(0);
      s.tenders.forEach((t, k) => (back[k] += t.valueFen));
      before += 1;
    }
    expect(back).toEqual([45, 45]);
  });

  it('returns every tender exactly once the whole bill is refunded, whatever the tenders and the parts', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000_000 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 1, max: 100 })), { maxLength: 3 }),
        fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 8 }),
        (grossFen, shapes, weights) => {
          // Tenders covering at most 90 % of the bill between them, each with its own unit rate.
          const tenders = shapes.map(([pct, rate], i) => {
            const valueFen = Math.floor((grossFen * pct) / 100);
            return { kind: `T${i}`, valueFen, units: valueFen * rate, returnedFen: 0 };
          });
          const sum = weights.reduce((x, y) => x + y, 0);
          let before = 0;
          let cash = 0;
          const back = tenders.map(() => ({ valueFen: 0, units: 0 }));
          weights.forEach((w, i) => {
            const part = i === weights.length - 1 ? grossFen - before : Math.floor((grossFen * w) / sum);
            const now = tenders.map((t, k) => ({ ...t, returnedFen: back[k].valueFen }));
            const s = splitAcrossTenders(grossFen, now, before, part);
            expect(s.cashFen).toBeGreaterThanOrEqual(0);
            expect(s.cashFen + s.tenders.reduce((x, t) => x + t.valueFen, 0)).toBe(part);
            s.tenders.forEach((t, k) => {
              expect(t.valueFen).toBeGreaterThanOrEqual(0);
              expect(t.units).toBeGreaterThanOrEqual(0);
              back[k].valueFen += t.valueFen;
              back[k].units += t.units;
            });
            cash += s.cashFen;
            before += part;
          });
          expect(back).toEqual(tenders.map((t) => ({ valueFen: t.valueFen, units: t.units })));
          expect(cash).toBe(grossFen - tenders.reduce((x, t) => x + t.valueFen, 0));
        },
      ),
    );
  });
});

describe('saleRefundSplit with stored value', () => {
  /** Parts of `amountFen` by weight, the last taking the rest. */
  const parts = (amountFen: number, weights: number[]) => {
    const sum = weights.reduce((x, y) => x + y, 0);
    let left = amountFen;
    return weights.map((w, i) => {
      const part = i === weights.length - 1 ? left : Math.min(left, Math.floor((amountFen * w) / sum));
      left -= part;
      return part;
    });
  };

  it('¥100 = ¥20 coupon + ¥10 points + ¥50 stored value + ¥20 cash: a full refund gives back ¥50 to the wallet, ¥20 cash', () => {
    const bill = { amountFen: 10_000, couponDiscountFen: 2000, deductionFen: 1000, pointsUsed: 1000, walletFen: 5000 };
    expect(saleRefundSplit(bill, [], 10_000)).toEqual({
      cashFen: 2000,
      couponFen: 2000,
      pointsReturned: 1000,
      pointsValueFen: 1000,
      walletFen: 5000,
    });
    // Half: each tender half.
    expect(saleRefundSplit(bill, [], 5000)).toMatchObject({ cashFen: 1000, couponFen: 1000, walletFen: 2500 });
  });

  it('splits across coupon, points, stored value and cash on running totals: parts ≥ 0, each refund adds up, the whole returns every tender', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 50 }),
        fc.integer({ min: 0, max: 100 }),
        fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 6 }),
        (amountFen, couponPct, pointsPct, walletPct, weights) => {
          const couponDiscountFen = Math.floor((amountFen * couponPct) / 100);
          const deductionFen = Math.floor(((amountFen - couponDiscountFen) * pointsPct) / 100);
          const walletFen = Math.floor(((amountFen - couponDiscountFen - deductionFen) * walletPct) / 100);
          const bill = { amountFen, couponDiscountFen, deductionFen, pointsUsed: deductionFen * 10, walletFen };
          const refunds = parts(amountFen, weights);
          const total = { cash: 0, coupon: 0, points: 0, wallet: 0 };
          let walletSoFar = 0;
          refunds.forEach((part, i) => {
            const s = saleRefundSplit(bill, refunds.slice(0, i), part);
            for (const v of [s.cashFen, s.couponFen, s.pointsReturned, s.pointsValueFen, s.walletFen])
              expect(v).toBeGreaterThanOrEqual(0);
            expect(s.cashFen + s.couponFen + s.pointsValueFen + s.walletFen).toBe(part);
            walletSoFar += s.walletFen;
            // Never more back to the wallet than it paid, at any point of the sequence.
            expect(walletSoFar).toBeLessThanOrEqual(walletFen);
            total.cash += s.cashFen;
            total.coupon += s.couponFen;
            total.points += s.pointsReturned;
            total.wallet += s.walletFen;
          });
          expect(total).toEqual({
            cash: amountFen - couponDiscountFen - deductionFen - walletFen,
            coupon: couponDiscountFen,
            points: deductionFen * 10,
            wallet: walletFen,
          });
        },
      ),
    );
  });

  it('a bill without stored value splits exactly as before (walletFen 0 or absent)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 0, max: 60 }),
        fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 5 }),
        (amountFen, couponPct, weights) => {
          const couponDiscountFen = Math.floor((amountFen * couponPct) / 100);
          const bill = { amountFen, couponDiscountFen, deductionFen: 0, pointsUsed: 0 };
          const refunds = parts(amountFen, weights);
          refunds.forEach((part, i) => {
            expect(saleRefundSplit({ ...bill, walletFen: 0 }, refunds.slice(0, i), part)).toEqual(
              saleRefundSplit(bill, refunds.slice(0, i), part),
            );
          });
        },
      ),
    );
  });
});
