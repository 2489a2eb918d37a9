import fc from 'fast-check';
import type { CouponTerms } from './contracts/coupons';
import {
  combinedDiscount,
  couponDiscountFen,
  couponHeadline,
  couponOption,
  couponWindow,
  isCouponCode,
  luhnCheckDigit,
  percentOffLabel,
  rankCoupons,
} from './coupon-math';
import { refundSplit, saleRefundSplit } from './refund-math';

const terms = (over: Partial<CouponTerms> = {}): CouponTerms => ({
  kind: 'CASH_OFF',
  name: '满100减20',
  faceValueFen: 2000,
  minSpendFen: 10_000,
  percentOff: null,
  maxDiscountFen: null,
  itemName: null,
  storeIds: null,
  stackable: false,
  giftable: false,
  instructions: '',
  ...over,
});

describe('coupon discount', () => {
  it('takes cash off from the minimum spend up, never more than the bill', () => {
    expect(couponDiscountFen(terms(), 9_999)).toBe(0);
    expect(couponDiscountFen(terms(), 10_000)).toBe(2000);
    expect(couponDiscountFen(terms({ minSpendFen: 0 }), 1500)).toBe(1500);
  });

  it('takes a percentage off, floored to the fen and capped', () => {
    const p = terms({ kind: 'PERCENT_OFF', faceValueFen: 0, minSpendFen: 0, percentOff: 15, maxDiscountFen: 3000 });
    expect(couponDiscountFen(p, 9_999)).toBe(1499);
    expect(couponDiscountFen(p, 100_000)).toBe(3000);
    expect(percentOffLabel(15)).toBe('8.5 折');
    expect(percentOffLabel(20)).toBe('8 折');
    expect(couponHeadline(p)).toBe('8.5 折');
  });

  it('lets an exchange voucher pay for its item up to its value', () => {
    const v = terms({ kind: 'EXCHANGE', faceValueFen: 3200, minSpendFen: 0, itemName: '拿铁' });
    expect(couponDiscountFen(v, 2800)).toBe(2800);
    expect(couponDiscountFen(v, 5000)).toBe(3200);
  });

  it('stacks only stackable coupons, each on what is left, never past the bill', () => {
    const a = { terms: terms({ stackable: true, minSpendFen: 0, faceValueFen: 3000 }) };
    const b = { terms: terms({ stackable: true, minSpendFen: 0, faceValueFen: 3000 }) };
    expect(combinedDiscount([a, b], 5000)).toEqual({ totalFen: 5000, perCoupon: [3000, 2000] });
    expect(combinedDiscount([a, { terms: terms() }], 50_000)).toBeNull();
  });
});

describe('coupon validity and choice', () => {
  it('counts relative days in Asia/Shanghai whole days, the first day included', () => {
    // 2026-12-01 23:30 Shanghai = 15:30 UTC.
    const at = new Date('2026-12-01T15:30:00Z');
    expect(couponWindow({ kind: 'RELATIVE', days: 1, startsAfterDays: 0 }, at)).toEqual({
      validFrom: at,
      validUntil: new Date('2026-12-01T16:00:00Z'),
    });
    expect(couponWindow({ kind: 'RELATIVE', days: 7, startsAfterDays: 1 }, at)).toEqual({
      validFrom: new Date('2026-12-01T16:00:00Z'),
      validUntil: new Date('2026-12-08T16:00:00Z'),
    });
  });

  it('is usable up to the second before it ends, and explains why not otherwise', () => {
    const held = { couponId: 1, terms: terms(), validFrom: new Date(0), validUntil: new Date('2026-12-01T00:00:00Z') };
    expect(couponOption(held, 20_000, 1, new Date('2026-11-30T23:59:59.999Z')).usable).toBe(true);
    expect(couponOption(held, 20_000, 1, new Date('2026-12-01T00:00:00Z')).reason).toBe('EXPIRED');
    expect(couponOption(held, 8_800, 1, new Date(1)).reasonText).toBe('还差 ¥12.00 可用');
    const elsewhere = { ...held, terms: terms({ storeIds: [2] }) };
    expect(couponOption(elsewhere, 20_000, 1, new Date(1)).reasonText).toBe('本店不可用');
  });

  it('preselects the largest discount, then the soonest to expire', () => {
    const now = new Date('2026-11-30T00:00:00Z');
    const c = (couponId: number, face: number, until: string) => ({
      couponId,
      terms: terms({ faceValueFen: face, minSpendFen: 0 }),
      validFrom: new Date(0),
      validUntil: new Date(until),
    });
    const ranked = rankCoupons(
      [c(1, 1000, '2026-12-09T00:00:00Z'), c(2, 2000, '2026-12-09T00:00:00Z'), c(3, 2000, '2026-12-02T00:00:00Z')],
      5000,
      1,
      now,
    );
    expect(ranked.best).toBe(3);
    expect(ranked.options.map((o) => o.couponId)).toEqual([3, 2, 1]);
  });

  it('never preselects an exchange voucher: its item may not be on the bill', () => {
    const now = new Date('2026-11-30T00:00:00Z');
    const latte = {
      couponId: 7,
      terms: terms({ kind: 'EXCHANGE', faceValueFen: 3200, minSpendFen: 0, itemName: '拿铁' }),
      validFrom: new Date(0),
      validUntil: new Date('2026-12-09T00:00:00Z'),
    };
    const cash = { ...latte, couponId: 8, terms: terms() };
    const ranked = rankCoupons([latte, cash], 12_000, 1, now);
    expect(ranked.options[0].couponId).toBe(7);
    expect(ranked.best).toBe(8);
    expect(rankCoupons([latte], 12_000, 1, now).best).toBeNull();
  });

  it('accepts codes whose check digit fits and refuses a single changed digit', () => {
    const body = '123456789012345';
    const code = body + String(luhnCheckDigit(body));
    expect(isCouponCode(code)).toBe(true);
    expect(isCouponCode(code.slice(0, 14) + String((Number(code[14]) + 1) % 10) + code[15])).toBe(false);
    expect(isCouponCode('12345')).toBe(false);
  });
});

describe('saleRefundSplit', () => {
  it('is refundSplit when the bill had no coupon', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.integer({ min: 0, max: 50 }),
        fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 6 }),
        (amountFen, pct, weights) => {
          const deductionFen = Math.floor((amountFen * pct) / 100);
          const bill = { amountFen, deductionFen, pointsUsed: deductionFen * 100, couponDiscountFen: 0 };
          const parts = split(amountFen, weights);
          parts.forEach((part, i) => {
            const before = parts.slice(0, i).reduce((s, x) => s + x, 0);
            expect(saleRefundSplit(bill, parts.slice(0, i), part)).toEqual({
              ...refundSplit(bill, before, part),
              couponFen: 0,
              walletFen: 0,
            });
          });
        },
      ),
    );
  });

  it('spreads the coupon over partial refunds: every part ≥ 0, each refund adds up, the whole returns all', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 50 }),
        fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 6 }),
        (amountFen, couponPct, pointsPct, weights) => {
          const couponDiscountFen = Math.floor((amountFen * couponPct) / 100);
          const deductionFen = Math.floor(((amountFen - couponDiscountFen) * pointsPct) / 100);
          const bill = { amountFen, couponDiscountFen, deductionFen, pointsUsed: deductionFen * 100 };
          const parts = split(amountFen, weights);
          const total = { cash: 0, coupon: 0, points: 0, value: 0 };
          parts.forEach((part, i) => {
            const s = saleRefundSplit(bill, parts.slice(0, i), part);
            for (const v of [s.cashFen, s.couponFen, s.pointsReturned, s.pointsValueFen])
              expect(v).toBeGreaterThanOrEqual(0);
            expect(s.cashFen + s.couponFen + s.pointsValueFen).toBe(part);
            total.cash += s.cashFen;
            total.coupon += s.couponFen;
            total.points += s.pointsReturned;
            total.value += s.pointsValueFen;
          });
          expect(total).toEqual({
            cash: amountFen - couponDiscountFen - deductionFen,
            coupon: couponDiscountFen,
            points: deductionFen * 100,
            value: deductionFen,
          });
        },
      ),
    );
  });
});

/** Splits an amount into parts by weight, the last part taking the rest (every part ≥ 1 when possible). */
function split(amountFen: number, weights: number[]): number[] {
  const sum = weights.reduce((x, y) => x + y, 0);
  const parts: number[] = [];
  let left = amountFen;
  weights.forEach((w, i) => {
    const part = i === weights.length - 1 ? left : Math.min(left, Math.max(1, Math.floor((amountFen * w) / sum)));
    if (part > 0) parts.push(part);
    left -= part;
  });
  return parts;
}
