import {
  generateReceiptNo,
  generateRedemptionNo,
  generateRefundNo,
  isValidReceiptNo,
  RECEIPT_NO_PATTERN,
  REFUND_NO_PATTERN,
} from './receipt-no';

describe('generateReceiptNo', () => {
  it('is R + Asia/Shanghai yyyyMMddHHmmss + 6 random digits', () => {
    // 2026-11-23T11:30:05Z is 19:30:05 in Shanghai.
    expect(generateReceiptNo(new Date('2026-11-23T11:30:05Z'), () => 0.47)).toBe('R20261123193005470000');
  });

  it('rolls the date over at Shanghai midnight', () => {
    expect(generateReceiptNo(new Date('2026-12-31T16:00:00Z'), () => 0)).toBe('R20270101000000000000');
  });

  it('keeps the random suffix at six digits', () => {
    expect(generateReceiptNo(new Date('2026-01-02T03:04:05Z'), () => 0.000005)).toBe('R20260102110405000005');
    expect(generateReceiptNo(new Date('2026-01-02T03:04:05Z'), () => 0.9999999)).toBe('R20260102110405999999');
  });

  it('matches the published pattern', () => {
    for (let i = 0; i < 20; i += 1) expect(generateReceiptNo()).toMatch(RECEIPT_NO_PATTERN);
    expect(generateReceiptNo()).toHaveLength(21);
  });
});

describe('isValidReceiptNo', () => {
  it('accepts generated and typical till receipt numbers', () => {
    expect(isValidReceiptNo(generateReceiptNo())).toBe(true);
    expect(isValidReceiptNo('POS-0012_A')).toBe(true);
    expect(isValidReceiptNo(' 123 ')).toBe(true);
    expect(isValidReceiptNo('x'.repeat(64))).toBe(true);
    expect(isValidReceiptNo('abc123')).toBe(true);
  });

  it('rejects empty, too long or odd characters', () => {
    expect(isValidReceiptNo('')).toBe(false);
    expect(isValidReceiptNo('x'.repeat(65))).toBe(false);
    expect(isValidReceiptNo('小票1')).toBe(false);
    expect(isValidReceiptNo('R 1')).toBe(false);
  });
});

describe('generateRefundNo', () => {
  it('is F + Asia/Shanghai yyyyMMddHHmmss + 6 random digits', () => {
    expect(generateRefundNo(new Date('2026-11-23T11:30:05Z'), () => 0.047)).toBe('F20261123193005047000');
    expect(generateRefundNo(new Date('2026-11-23T11:30:05Z'), () => 0.9999999)).toBe('F20261123193005999999');
  });

  it('matches the published pattern and what the server accepts', () => {
    for (let i = 0; i < 20; i += 1) {
      const no = generateRefundNo();
      expect(no).toMatch(REFUND_NO_PATTERN);
      expect(isValidReceiptNo(no)).toBe(true);
    }
  });
});

describe('generateRedemptionNo', () => {
  it('is V + Asia/Shanghai yyyyMMddHHmmss + 6 random digits, a valid request id', () => {
    const no = generateRedemptionNo(new Date('2026-11-23T11:30:05Z'), () => 0.47);
    expect(no).toBe('V20261123193005470000');
    expect(isValidReceiptNo(no)).toBe(true);
  });
});
