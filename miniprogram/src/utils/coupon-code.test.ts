import { luhnCheckDigit } from '@member/shared';
import { couponCodeProblem, maskMemberNo, normalizeCouponCode } from './coupon-code';

const body = '123456789012345';
const good = `${body}${luhnCheckDigit(body)}`;
const bad = `${body}${(luhnCheckDigit(body) + 1) % 10}`;

describe('coupon codes at the counter', () => {
  it('keeps the digits of a typed or scanned code', () => {
    expect(normalizeCouponCode(' 1234 5678-9012 3456 ')).toBe('1234567890123456');
    expect(normalizeCouponCode('12345678901234567890')).toHaveLength(16);
  });

  it('says how many digits are missing, and catches a typo by the check digit', () => {
    expect(couponCodeProblem('1234')).toBe('请输入 16 位券码（已输入 4 位）');
    expect(couponCodeProblem(good)).toBeNull();
    expect(couponCodeProblem(bad)).toBe('券码有误，请核对后重新输入');
  });

  it('masks the member no.', () => {
    expect(maskMemberNo('8000000001')).toBe('8000****01');
    expect(maskMemberNo('80001')).toBe('80001');
  });
});
