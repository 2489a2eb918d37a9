import { MAX_BILL_FEN, fenToYuanInput, parseYuanToFen as parseYuan } from '@member/shared';

// What a cashier or member types in a 元 field, read by the one shared parser (integer fen, no floats).

export { MAX_BILL_FEN, fenToYuanInput };

export type YuanParseResult = { ok: true; fen: number } | { ok: false; error: string };

/**
 * "128.5" → 12850, "0.01" → 1, "128." → 12800; rejects empty, zero, negatives, > 2 decimals, letters and
 * bills over ¥1,000,000. `noun` names the amount in messages (消费 for purchases, 退款 for refunds).
 */
export function parseYuanToFen(input: string, noun = '消费'): YuanParseResult {
  const r = parseYuan(input, { noun });
  return r.ok ? r : { ok: false, error: r.error };
}
