import { MAX_BILL_FEN } from '@member/shared';

// Parses what a cashier types in a 元 field into integer fen with string and integer logic only
// (parseFloat("0.29") * 100 === 28.999999999999996).

export { MAX_BILL_FEN };
/** Longer integer parts are refused before any arithmetic, so the sum always stays a safe integer. */
const MAX_YUAN_DIGITS = 9;

export type YuanParseResult = { ok: true; fen: number } | { ok: false; error: string };

const YUAN_PATTERN = /^(\d*)(?:\.(\d*))?$/;

/**
 * "128.5" → 12850, "0.01" → 1, "128." → 12800; rejects empty, zero, negatives, > 2 decimals, letters.
 * `noun` names the amount in messages (消费 for purchases, 退款 for refunds).
 */
export function parseYuanToFen(input: string, noun = '消费'): YuanParseResult {
  const text = input
    .trim()
    .replace(/[,，\s]/g, '')
    .replace('。', '.');
  if (!text) return { ok: false, error: `请输入${noun}金额` };
  const match = YUAN_PATTERN.exec(text);
  if (!match) return { ok: false, error: '请输入正确的金额，如 128.50' };
  const intPart = match[1] ?? '';
  const decPart = match[2] ?? '';
  if (!intPart && !decPart) return { ok: false, error: '请输入正确的金额，如 128.50' };
  if (decPart.length > 2) return { ok: false, error: '金额最多保留两位小数' };
  const intDigits = intPart.replace(/^0+(?=\d)/, '');
  if (intDigits.length > MAX_YUAN_DIGITS) return { ok: false, error: `单笔${noun}不能超过 ¥1,000,000.00` };
  const yuan = intDigits ? Number.parseInt(intDigits, 10) : 0;
  const cents = decPart ? Number.parseInt(decPart.padEnd(2, '0'), 10) : 0;
  const fen = yuan * 100 + cents;
  if (fen <= 0) return { ok: false, error: `${noun}金额须大于 0` };
  if (fen > MAX_BILL_FEN) return { ok: false, error: `单笔${noun}不能超过 ¥1,000,000.00` };
  return { ok: true, fen };
}

/** Fen as the text a clerk would type ("55.00"), with integer arithmetic only. */
export function fenToYuanInput(fen: number): string {
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}
