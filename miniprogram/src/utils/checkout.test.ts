import type { PurchaseQuote } from '@member/shared';
import { billPreview, clampPoints, deviceDeadline, formatCountdown, maskName, secondsUntil } from './checkout';

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
    expect(billPreview(quote, 10_000, 1234)).toEqual({
      pointsToUse: 1234,
      deductionFen: 1234,
      payableFen: 8766,
      pointsEarned: 131,
    });
    expect(billPreview(quote, 10_000, 99_999)).toMatchObject({ pointsToUse: 5000, payableFen: 5000, pointsEarned: 75 });
    expect(billPreview(quote, 10_000, 0)).toMatchObject({ deductionFen: 0, pointsEarned: 150 });
  });
});
