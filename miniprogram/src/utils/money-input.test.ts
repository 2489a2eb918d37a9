import { parseYuanToFen as parseSharedYuan } from '@member/shared';
import { fenToYuanInput, parseYuanToFen } from './money-input';

function fen(input: string): number | string {
  const r = parseYuanToFen(input);
  return r.ok ? r.fen : r.error;
}

describe('parseYuanToFen', () => {
  it('converts yuan strings to integer fen without float error', () => {
    expect(fen('128.5')).toBe(12850);
    expect(fen('128.50')).toBe(12850);
    expect(fen('128')).toBe(12800);
    expect(fen('0.01')).toBe(1);
    expect(fen('0.29')).toBe(29);
    expect(fen('1.10')).toBe(110);
    expect(fen('19.99')).toBe(1999);
    expect(fen('4.35')).toBe(435);
  });

  it('accepts a trailing or leading dot, leading zeros and surrounding spaces', () => {
    expect(fen('128.')).toBe(12800);
    expect(fen('.5')).toBe(50);
    expect(fen('007.05')).toBe(705);
    expect(fen(' 12.3 ')).toBe(1230);
    expect(fen('1,234.56')).toBe(123456);
  });

  it('caps a bill at ¥1,000,000.00 like the server', () => {
    expect(fen('1000000')).toBe(100000000);
    expect(fen('0000000001000000.00')).toBe(100000000);
    expect(fen('1000000.01')).toBe('单笔消费不能超过 ¥1,000,000.00');
    expect(fen('99999999999999999999')).toBe('单笔消费不能超过 ¥1,000,000.00');
  });

  it('rejects empty, zero and malformed input', () => {
    expect(fen('')).toBe('请输入消费金额');
    expect(fen('   ')).toBe('请输入消费金额');
    expect(fen('0')).toBe('消费金额须大于 0');
    expect(fen('0.00')).toBe('消费金额须大于 0');
    expect(fen('.')).toBe('请输入正确的金额，如 128.50');
    expect(fen('-5')).toBe('请输入正确的金额，如 128.50');
    expect(fen('1.2.3')).toBe('请输入正确的金额，如 128.50');
    expect(fen('1e3')).toBe('请输入正确的金额，如 128.50');
    expect(fen('abc')).toBe('请输入正确的金额，如 128.50');
    expect(fen('+5')).toBe('请输入正确的金额，如 128.50');
  });

  it('rejects more than two decimals', () => {
    expect(fen('1.234')).toBe('金额最多保留两位小数');
    expect(fen('0.001')).toBe('金额最多保留两位小数');
  });

  it('names the amount in messages when asked (refunds)', () => {
    const msg = (input: string) => {
      const r = parseYuanToFen(input, '退款');
      return r.ok ? r.fen : r.error;
    };
    expect(msg('30')).toBe(3000);
    expect(msg('')).toBe('请输入退款金额');
    expect(msg('0')).toBe('退款金额须大于 0');
    expect(msg('1000000.01')).toBe('单笔退款不能超过 ¥1,000,000.00');
  });
});

describe('fenToYuanInput', () => {
  it('writes fen as yuan text that parses back to the same fen', () => {
    for (const fen of [1, 10, 99, 100, 5500, 99_999_999]) {
      const text = fenToYuanInput(fen);
      expect(parseYuanToFen(text)).toEqual({ ok: true, fen });
    }
    expect(fenToYuanInput(5500)).toBe('55.00');
    expect(fenToYuanInput(7)).toBe('0.07');
  });
});

describe('one parser with the console', () => {
  it('is the shared parser with the noun passed on', () => {
    for (const input of ['128.5', '0', '', '1.234', '-5', 'abc', '1000000.01', '1,234.56']) {
      const shared = parseSharedYuan(input, { noun: '退款' });
      expect(parseYuanToFen(input, '退款')).toEqual(shared.ok ? shared : { ok: false, error: shared.error });
    }
  });
});
