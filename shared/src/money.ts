import { MAX_BILL_FEN } from './keys';

// Money is integer fen everywhere; yuan exists only in display strings and in what people type.
export const MAX_FEN = 2 ** 53 - 1;

export function isFen(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

export function assertFen(value: unknown, field = 'amount'): number {
  if (!isFen(value)) throw new RangeError(`${field} must be a safe integer number of fen`);
  return value;
}

/**
 * 1234567 → "1,234,567", as toLocaleString('en-US') writes an integer (points, counts), without Intl:
 * its first use loads ICU's number data, tens of milliseconds on a phone, spent on the first screen.
 */
export function formatInt(n: number): string {
  if (!Number.isSafeInteger(n)) throw new RangeError(`formatInt takes a safe integer, not ${n}`);
  return `${n < 0 ? '-' : ''}${String(Math.abs(n)).replace(/\B(?=(\d{3})+$)/g, ',')}`;
}

/** 12345 → "123.45"; -5 → "-0.05". Pure integer arithmetic, no floats. */
export function formatYuan(fen: number): string {
  assertFen(fen);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100);
  const cents = String(abs % 100).padStart(2, '0');
  return `${sign}${formatInt(yuan)}.${cents}`;
}

/** "¥123.45" for display. */
export function formatCny(fen: number): string {
  return `¥${formatYuan(fen)}`;
}

/** The most a typed yuan amount may hold: 9 digits before the point keep every sum a safe integer. */
export const MAX_YUAN_INPUT_FEN = 999_999_999_99;

export type YuanParseFailure = 'empty' | 'format' | 'decimals' | 'zero' | 'too_large';
export type YuanParseResult = { ok: true; fen: number } | { ok: false; reason: YuanParseFailure; error: string };

export interface YuanParseOptions {
  /** Names the amount in messages: 消费 (default), 退款, 充值 … */
  noun?: string;
  /** Accept 0 (a 无门槛 threshold, no bonus); refused by default. */
  allowZero?: boolean;
  /** Largest amount in fen (default MAX_BILL_FEN, at most MAX_YUAN_INPUT_FEN). */
  maxFen?: number;
}

const YUAN_PATTERN = /^(\d*)(?:\.(\d*))?$/;
const FORMAT_ERROR = '请输入正确的金额，如 128.50';

/**
 * Typed yuan → integer fen with string and integer logic only (parseFloat("0.29") * 100 is
 * 28.999999999999996). "128.5" → 12850, "1,234.56" → 123456, "128." and ".5" too; refuses empty, signs,
 * exponents, letters and more than 2 decimals. A number (an InputNumber value) is read through its shortest
 * decimal text, which is exactly what was typed.
 */
export function parseYuanToFen(
  input: string | number | null | undefined,
  { noun = '消费', allowZero = false, maxFen = MAX_BILL_FEN }: YuanParseOptions = {},
): YuanParseResult {
  const fail = (reason: YuanParseFailure, error: string): YuanParseResult => ({ ok: false, reason, error });
  if (typeof input === 'number' && !Number.isFinite(input)) return fail('format', FORMAT_ERROR);
  const text = String(input ?? '')
    .trim()
    .replace(/[,，\s]/g, '')
    .replace('。', '.');
  if (!text) return fail('empty', `请输入${noun}金额`);
  const match = YUAN_PATTERN.exec(text);
  const intPart = match?.[1] ?? '';
  const decPart = match?.[2] ?? '';
  if (!intPart && !decPart) return fail('format', FORMAT_ERROR);
  if (decPart.length > 2) return fail('decimals', '金额最多保留两位小数');
  const cap = Math.min(maxFen, MAX_YUAN_INPUT_FEN);
  const tooLarge = () => fail('too_large', `单笔${noun}不能超过 ${formatCny(cap)}`);
  const intDigits = intPart.replace(/^0+(?=\d)/, '');
  // Longer integer parts are refused before any arithmetic, so the sum always stays a safe integer.
  if (intDigits.length > 9) return tooLarge();
  const fen = Number(intDigits || '0') * 100 + Number(decPart.padEnd(2, '0'));
  if (fen === 0 && !allowZero) return fail('zero', `${noun}金额须大于 0`);
  return fen > cap ? tooLarge() : { ok: true, fen };
}

/** For forms whose own rules word the problem: fen, or null for whatever parseYuanToFen refuses (0 allowed). */
export function fenOfYuanInput(input: string | number | null | undefined): number | null {
  const r = parseYuanToFen(input, { allowZero: true, maxFen: MAX_YUAN_INPUT_FEN });
  return r.ok ? r.fen : null;
}

/** 5500 → "55.00": fen as the text a yuan field holds (no separators), parsed back exactly by parseYuanToFen. */
export function fenToYuanInput(fen: number): string {
  assertFen(fen);
  const abs = Math.abs(fen);
  return `${fen < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
