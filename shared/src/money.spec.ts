import fc from 'fast-check';
import { MAX_BILL_FEN } from './keys';
import {
  MAX_YUAN_INPUT_FEN,
  fenOfYuanInput,
  fenToYuanInput,
  formatCny,
  formatInt,
  formatYuan,
  isFen,
  parseYuanToFen,
} from './money';

describe('money', () => {
  it('formats integer fen as yuan without floats', () => {
    expect(formatYuan(0)).toBe('0.00');
    expect(formatYuan(5)).toBe('0.05');
    expect(formatYuan(-5)).toBe('-0.05');
    expect(formatYuan(123456789)).toBe('1,234,567.89');
    expect(formatCny(1990)).toBe('¥19.90');
  });

  it('writes integers with thousands separators exactly as toLocaleString("en-US") does', () => {
    expect(formatInt(0)).toBe('0');
    expect(formatInt(999)).toBe('999');
    expect(formatInt(1000)).toBe('1,000');
    expect(formatInt(-1234567)).toBe('-1,234,567');
    fc.assert(
      fc.property(fc.maxSafeInteger(), (n) => {
        expect(formatInt(n)).toBe(n.toLocaleString('en-US'));
      }),
    );
    expect(() => formatInt(1.5)).toThrow(RangeError);
  });

  it('rejects non-integer amounts', () => {
    expect(isFen(1.5)).toBe(false);
    expect(isFen(Number.MAX_SAFE_INTEGER + 1)).toBe(false);
    expect(() => formatYuan(0.1)).toThrow(RangeError);
  });
});

const fen = (input: string | number | null | undefined, options?: Parameters<typeof parseYuanToFen>[1]) => {
  const r = parseYuanToFen(input, options);
  return r.ok ? r.fen : r.error;
};

describe('parseYuanToFen', () => {
  it('reads typed yuan as exact integer fen, digit by digit', () => {
    expect(fen('128.5')).toBe(12850);
    expect(fen('0.29')).toBe(29); // parseFloat('0.29') * 100 === 28.999999999999996
    expect(fen('4.35')).toBe(435);
    expect(fen('1,234.56')).toBe(123456);
    expect(fen(' 12。3 ')).toBe(1230);
    expect(fen('128.')).toBe(12800);
    expect(fen('.5')).toBe(50);
  });

  it('reads a number (an InputNumber value) through its shortest decimal text', () => {
    expect(fen(19.99)).toBe(1999);
    expect(fen(1.1)).toBe(110);
    expect(fen(0.1 + 0.2)).toBe('金额最多保留两位小数');
    expect(fen(Number.NaN)).toBe('请输入正确的金额，如 128.50');
    expect(fen(1e21)).toBe('请输入正确的金额，如 128.50');
  });

  it('says in zh-CN what is wrong: empty, not a number, decimals, zero, too large', () => {
    expect(parseYuanToFen('')).toEqual({ ok: false, reason: 'empty', error: '请输入消费金额' });
    expect(parseYuanToFen(null)).toMatchObject({ ok: false, reason: 'empty' });
    expect(parseYuanToFen('abc')).toEqual({ ok: false, reason: 'format', error: '请输入正确的金额，如 128.50' });
    expect(fen('-5')).toBe('请输入正确的金额，如 128.50');
    expect(fen('1e3')).toBe('请输入正确的金额，如 128.50');
    expect(parseYuanToFen('1.234')).toEqual({ ok: false, reason: 'decimals', error: '金额最多保留两位小数' });
    expect(parseYuanToFen('0')).toEqual({ ok: false, reason: 'zero', error: '消费金额须大于 0' });
    expect(parseYuanToFen('1000000.01')).toEqual({
      ok: false,
      reason: 'too_large',
      error: '单笔消费不能超过 ¥1,000,000.00',
    });
  });

  it('takes the noun, a zero amount and a cap from the caller', () => {
    expect(fen('', { noun: '退款' })).toBe('请输入退款金额');
    expect(fen('0', { allowZero: true })).toBe(0);
    expect(fen('50.01', { maxFen: 5000, noun: '充值' })).toBe('单笔充值不能超过 ¥50.00');
    expect(fen('999999999.99', { maxFen: MAX_YUAN_INPUT_FEN })).toBe(MAX_YUAN_INPUT_FEN);
    expect(fen('1000000000', { maxFen: Number.MAX_SAFE_INTEGER })).toBe('单笔消费不能超过 ¥999,999,999.99');
  });

  it('reads back every amount formatYuan and fenToYuanInput write', () => {
    for (let f = 1; f <= 20_000; f++) expect(fen(formatYuan(f))).toBe(f);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_BILL_FEN }), (f) => {
        expect(fen(formatYuan(f))).toBe(f);
        expect(fen(fenToYuanInput(f))).toBe(f);
      }),
      { numRuns: 5000 },
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_YUAN_INPUT_FEN }), (f) => {
        expect(fen(formatYuan(f), { allowZero: true, maxFen: MAX_YUAN_INPUT_FEN })).toBe(f);
        expect(fenOfYuanInput(fenToYuanInput(f))).toBe(f);
      }),
      { numRuns: 5000 },
    );
  });

  it('never throws on junk and never yields anything but a safe integer in range', () => {
    const junk = fc.oneof(
      fc.string({ unit: fc.constantFrom(...'0123456789.,，。 -+eE¥abc\t'.split('')), maxLength: 24 }),
      fc.string(),
      fc.double(),
      fc.constantFrom(null, undefined),
    );
    fc.assert(
      fc.property(junk, fc.boolean(), (input, allowZero) => {
        const r = parseYuanToFen(input as string | number | null | undefined, { allowZero });
        if (r.ok) {
          expect(Number.isSafeInteger(r.fen)).toBe(true);
          expect(r.fen).toBeGreaterThanOrEqual(allowZero ? 0 : 1);
          expect(r.fen).toBeLessThanOrEqual(MAX_BILL_FEN);
        } else {
          expect(r.error).toMatch(/[\u4e00-\u9fff]/);
        }
      }),
      { numRuns: 20_000 },
    );
  });
});

describe('fenToYuanInput / fenOfYuanInput', () => {
  it('writes fen as the text typed into a yuan field, and reads it back (0 allowed, null when refused)', () => {
    expect(fenToYuanInput(5500)).toBe('55.00');
    expect(fenToYuanInput(7)).toBe('0.07');
    expect(fenToYuanInput(123456789)).toBe('1234567.89');
    expect(fenOfYuanInput('0')).toBe(0);
    expect(fenOfYuanInput(12.34)).toBe(1234);
    expect(fenOfYuanInput('12.345')).toBeNull();
    expect(fenOfYuanInput('')).toBeNull();
    expect(fenOfYuanInput(undefined)).toBeNull();
  });
});
