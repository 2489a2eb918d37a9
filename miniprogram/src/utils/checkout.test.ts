import { rankCoupons, type CouponTerms, type HeldCoupon, type PurchaseQuote } from '@member/shared';
import {
  billPreview,
  billWithoutQuote,
  chosenCoupons,
  clampPoints,
  deviceDeadline,
  formatCountdown,
  maskName,
  secondsUntil,
  toggleCoupon,
} from './checkout';

const quote: PurchaseQuote = {
  memberNo: '8000000001',
  nickname: '陈一鸣',
  balance: 6100,
  tier: { code: 'GOLD', name: '金卡', badgeColor: '#c9a227' },
  maxPointsToUse: 5000,
  maxDeductionFen: 5000,
  pointsIfNoDeduction: 150,
  math: {
    rules: {
      pointsPerYuan: 1,
      birthdayMultiplierPct: 200,
      signUpBonus: 100,
      expiry: { kind: 'days', days: 365 },
      deduction: { pointsPerYuan: 100, maxPercentOfBill: 50, minSpendFen: 1000 },
    },
    pointsMultiplierPct: 150,
    birthdayMonth: false,
  },
  approval: null,
  coupons: { options: [], best: null },
  wallet: null,
  walletConfirm: null,
};

describe('checkout helpers', () => {
  it('masks names, emoji included', () => {
    expect(maskName('陈一鸣')).toBe('陈*鸣');
    expect(maskName('周婷')).toBe('周*');
    expect(maskName('王')).toBe('王');
    expect(maskName('🐶小狗狗')).toBe('🐶*狗');
  });

  it('counts down on the device clock, whatever its skew', () => {
    const received = Date.parse('2026-11-23T08:00:00Z') + 180_000; // the phone runs 3 min fast
    const deadline = deviceDeadline('2026-11-23T08:10:00.000Z', '2026-11-23T08:00:00.000Z', received);
    expect(secondsUntil(deadline, received)).toBe(600);
    expect(formatCountdown(secondsUntil(deadline, received + 2_500))).toBe('09:58');
    expect(secondsUntil(deadline, received + 700_000)).toBe(0);
  });

  it('keeps points whole and within 0…max', () => {
    expect(clampPoints('', 5000)).toBe(0);
    expect(clampPoints(-3, 5000)).toBe(0);
    expect(clampPoints(12.7, 5000)).toBe(12);
    expect(clampPoints(9999, 5000)).toBe(5000);
  });

  it('previews any deduction up to the cap with the server math', () => {
    expect(billPreview(quote, 10_000, 1234)).toMatchObject({
      pointsToUse: 1234,
      deductionFen: 1234,
      payableFen: 8766,
      pointsEarned: 131,
    });
    expect(billPreview(quote, 10_000, 99_999)).toMatchObject({ pointsToUse: 5000, payableFen: 5000, pointsEarned: 75 });
    expect(billPreview(quote, 10_000, 0)).toMatchObject({ deductionFen: 0, pointsEarned: 150 });
  });
});

const terms = (over: Partial<CouponTerms>): CouponTerms => ({
  kind: 'CASH_OFF',
  name: '满100减20',
  faceValueFen: 2000,
  minSpendFen: 10_000,
  percentOff: null,
  maxDiscountFen: null,
  itemName: null,
  storeIds: null,
  stackable: false,
  giftable: true,
  instructions: '',
  ...over,
});
const now = new Date('2026-11-23T08:00:00Z');
const held = (
  couponId: number,
  over: Partial<CouponTerms>,
  validFrom = new Date('2026-11-01T00:00:00Z'),
): HeldCoupon => ({
  couponId,
  terms: terms(over),
  validFrom,
  validUntil: new Date('2026-12-31T16:00:00Z'),
});
// ¥20 off above ¥100, 9 折 (cap ¥15) stackable, ¥5 no minimum stackable, one at store 9 only, one not yet valid.
const wallet = [
  held(1, {}),
  held(2, {
    kind: 'PERCENT_OFF',
    name: '9折',
    faceValueFen: 0,
    minSpendFen: 0,
    percentOff: 10,
    maxDiscountFen: 1500,
    stackable: true,
  }),
  held(3, { name: '无门槛5元', faceValueFen: 500, minSpendFen: 0, stackable: true }),
  held(4, { name: '旗舰店专享', faceValueFen: 3000, minSpendFen: 0, storeIds: [9] }),
  held(5, { name: '下月券', faceValueFen: 5000, minSpendFen: 0 }, new Date('2026-12-01T00:00:00Z')),
];
const withCoupons = (amountFen: number): PurchaseQuote => ({
  ...quote,
  coupons: rankCoupons(wallet, amountFen, 1, now),
});

describe('coupons at the counter', () => {
  it('preselects the best coupon, keeps the clerk’s still-usable choice on a new quote', () => {
    const q = withCoupons(12_000);
    expect(q.coupons.best).toBe(1);
    expect(chosenCoupons(q, null)).toEqual([1]);
    expect(chosenCoupons(q, [])).toEqual([]);
    // ¥60 bill: the ¥20-above-¥100 coupon no longer applies, so it drops out of the clerk's choice.
    expect(chosenCoupons(withCoupons(6_000), [1, 3])).toEqual([3]);
    expect(chosenCoupons(withCoupons(6_000), [4, 5])).toEqual([]);
  });

  it('one coupon per bill unless every chosen one is stackable; unusable ones cannot be picked', () => {
    const { options } = withCoupons(12_000).coupons;
    expect(toggleCoupon(options, [1], 2)).toEqual([2]);
    expect(toggleCoupon(options, [2], 3)).toEqual([2, 3]);
    expect(toggleCoupon(options, [2, 3], 1)).toEqual([1]);
    expect(toggleCoupon(options, [2, 3], 2)).toEqual([3]);
    expect(toggleCoupon(options, [1], 4)).toEqual([1]);
    expect(toggleCoupon(options, [1], 5)).toEqual([1]);
  });

  it('takes points off what the coupons leave, capped for that rest, and earns only on the cash', () => {
    const q = withCoupons(12_000);
    // ¥120 − ¥20 = ¥100 left; at most 50 % of it in points (5,000 points = ¥50).
    expect(billPreview(q, 12_000, 99_999, [1])).toEqual({
      couponIds: [1],
      couponDiscountFen: 2000,
      maxPointsToUse: 5000,
      maxDeductionFen: 5000,
      pointsToUse: 5000,
      deductionFen: 5000,
      payableFen: 5000,
      pointsEarned: 75,
    });
    // 9 折 then ¥5 on the rest: ¥12.00 + ¥5.00 off; cap 50 % of ¥103.00 = ¥51.50, but only 6,100 points held.
    expect(billPreview(q, 12_000, 6_100, [2, 3])).toMatchObject({
      couponIds: [2, 3],
      couponDiscountFen: 1700,
      maxPointsToUse: 5150,
      pointsToUse: 5150,
      payableFen: 5150,
    });
    expect(billPreview(q, 12_000, 0, [])).toMatchObject({
      couponDiscountFen: 0,
      payableFen: 12_000,
      pointsEarned: 180,
    });
  });

  it('never spends a coupon that takes nothing off, nor an unusable or disallowed set', () => {
    const q = withCoupons(500);
    // ¥5 bill: the ¥5 coupon covers it all, the 9 折 after it would take nothing.
    expect(billPreview(q, 500, 0, [3, 2])).toMatchObject({ couponIds: [3], couponDiscountFen: 500, payableFen: 0 });
    expect(billPreview(q, 500, 0, [4])).toMatchObject({ couponIds: [], couponDiscountFen: 0 });
    const big = withCoupons(12_000);
    expect(billPreview(big, 12_000, 0, [1, 3])).toMatchObject({ couponIds: [1], couponDiscountFen: 2000 });
    expect(billWithoutQuote(800)).toMatchObject({ couponIds: [], payableFen: 800, pointsEarned: null });
  });
});
