import { ErrorCode, isIdempotencyKey, type ClaimableCoupon, type CouponTerms } from '@member/shared';
import {
  afterClaim,
  blockOfClaimError,
  couponHint,
  expiryHint,
  giftPagePath,
  groupCouponCode,
  limitLine,
  newClaimRequestId,
  ruleLines,
  statusStamp,
  stockLine,
  validityRange,
} from './coupons';

const terms: CouponTerms = {
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
  instructions: '到店出示券码使用',
};

function claimable(over: Partial<ClaimableCoupon> = {}): ClaimableCoupon {
  return {
    templateId: 1,
    terms,
    validity: { kind: 'RELATIVE', days: 7, startsAfterDays: 0 },
    claimEndsAt: null,
    remaining: 10,
    perMemberLimit: 2,
    claimed: 0,
    blocked: null,
    ...over,
  };
}

describe('coupon helpers', () => {
  it('groups the 16-digit code in fours', () => {
    expect(groupCouponCode('1234567890123452')).toBe('1234 5678 9012 3452');
    expect(groupCouponCode('123456')).toBe('1234 56');
  });

  it('maps each refused claim to its own card state', () => {
    expect(blockOfClaimError(ErrorCode.COUPON_SOLD_OUT)).toBe('SOLD_OUT');
    expect(blockOfClaimError(ErrorCode.COUPON_LIMIT_REACHED)).toBe('LIMIT_REACHED');
    expect(blockOfClaimError(ErrorCode.COUPON_NOT_ELIGIBLE)).toBe('NOT_ELIGIBLE');
    expect(blockOfClaimError(ErrorCode.COUPON_CLAIM_NOT_STARTED)).toBe('NOT_STARTED');
    expect(blockOfClaimError(ErrorCode.COUPON_CLAIM_ENDED)).toBe('ENDED');
    expect(blockOfClaimError(ErrorCode.VALIDATION_FAILED)).toBeNull();
  });

  it('counts a claim on the card and blocks it at the limit or when the stock runs out', () => {
    const once = afterClaim(claimable());
    expect(once).toMatchObject({ claimed: 1, remaining: 9, blocked: null });
    expect(afterClaim(once)).toMatchObject({ claimed: 2, remaining: 8, blocked: 'LIMIT_REACHED' });
    expect(afterClaim(claimable({ remaining: 1 }))).toMatchObject({ remaining: 0, blocked: 'SOLD_OUT' });
    expect(afterClaim(claimable({ remaining: null }))).toMatchObject({ remaining: null, blocked: null });
  });

  it('says stock and limits in words', () => {
    expect(stockLine(null)).toBeNull();
    expect(stockLine(0)).toBe('已领完');
    expect(stockLine(1200)).toBe('剩余 1,200 张');
    expect(limitLine({ perMemberLimit: 2, claimed: 0 })).toBe('每人限领 2 张');
    expect(limitLine({ perMemberLimit: 2, claimed: 1 })).toBe('每人限领 2 张 · 已领 1 张');
  });

  it('shows the last valid day (validUntil is exclusive) in Asia/Shanghai', () => {
    // 2026-12-01 10:00 Shanghai to the end of 2026-12-07 Shanghai.
    expect(validityRange('2026-12-01T02:00:00.000Z', '2026-12-07T16:00:00.000Z')).toBe('2026-12-01 至 2026-12-07');
  });

  it('hints at expiry within 7 days, counting Shanghai days', () => {
    const now = new Date('2026-12-01T02:00:00.000Z'); // 10:00 on 12-01 in Shanghai
    expect(expiryHint('2026-12-01T16:00:00.000Z', now)).toBe('今天过期'); // ends at 12-02 00:00
    expect(expiryHint('2026-12-04T16:00:00.000Z', now)).toBe('3天后过期'); // last day 12-04
    expect(expiryHint('2026-12-08T16:00:00.000Z', now)).toBeNull(); // 7 days out
    expect(expiryHint('2026-11-30T16:00:00.000Z', now)).toBeNull(); // already over
  });

  it('tags gifting and not-yet-valid coupons before expiry', () => {
    const now = new Date('2026-12-01T02:00:00.000Z');
    const base = { validFrom: '2026-11-30T16:00:00.000Z', validUntil: '2026-12-02T16:00:00.000Z' };
    expect(couponHint({ ...base, status: 'GIFTING' }, now)).toBe('转赠中');
    expect(couponHint({ ...base, status: 'USABLE' }, now)).toBe('1天后过期');
    expect(couponHint({ ...base, status: 'USABLE', validFrom: '2026-12-01T16:00:00.000Z' }, now)).toBe(
      '2026-12-02 生效',
    );
    expect(couponHint({ ...base, status: 'USED' }, now)).toBeNull();
  });

  it('stamps used, expired and void coupons only', () => {
    expect(statusStamp('USABLE')).toBeNull();
    expect(statusStamp('GIFTING')).toBeNull();
    expect(statusStamp('USED')).toBe('已使用');
    expect(statusStamp('EXPIRED')).toBe('已过期');
    expect(statusStamp('VOID')).toBe('已作废');
  });

  it('lists the rules, instructions first', () => {
    expect(ruleLines(terms).map((l) => l.label)).toEqual(['使用说明', '适用门店', '叠加规则', '转赠']);
    const lines = ruleLines({ ...terms, instructions: ' ', storeIds: [1, 2], giftable: false });
    expect(lines.map((l) => l.value)).toEqual([
      '仅限指定的 2 家门店使用',
      '每单限用一张，不与其他优惠券同享',
      '不可转赠',
    ]);
  });

  it('makes request ids the server accepts, a new one per attempt', () => {
    const a = newClaimRequestId();
    expect(isIdempotencyKey(a)).toBe(true);
    expect(newClaimRequestId()).not.toBe(a);
    expect(newClaimRequestId(() => 0, 0)).toBe('C0000000');
  });

  it('puts the gift token in the page path', () => {
    expect(giftPagePath('ab_C-9')).toBe('/packages/coupons/gift/index?token=ab_C-9');
  });
});
