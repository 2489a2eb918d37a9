import { formatCny, formatYuan, isFen } from './money';

describe('money', () => {
  it('formats integer fen as yuan without floats', () => {
    expect(formatYuan(0)).toBe('0.00');
    expect(formatYuan(5)).toBe('0.05');
    expect(formatYuan(-5)).toBe('-0.05');
    expect(formatYuan(123456789)).toBe('1,234,567.89');
    expect(formatCny(1990)).toBe('¥19.90');
  });

  it('rejects non-integer amounts', () => {
    expect(isFen(1.5)).toBe(false);
    expect(isFen(Number.MAX_SAFE_INTEGER + 1)).toBe(false);
    expect(() => formatYuan(0.1)).toThrow(RangeError);
  });
});
