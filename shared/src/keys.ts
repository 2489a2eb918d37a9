// One place for the rules of client-chosen business numbers. A receipt no., refund no. or request id is
// an idempotency key: sending it again answers the first result. Keys are compared byte-exact (binary
// collation in the database), never trimmed or case-folded, so "abc123" and "ABC123" are two receipts.
export const IDEMPOTENCY_KEY_PATTERN = /^[0-9A-Za-z_-]{1,64}$/;

/** zh-CN rule shown next to a field that takes a key (receipt no., refund no.). */
export const IDEMPOTENCY_KEY_RULE = '1-64 位字母、数字、- 或 _';

export function isIdempotencyKey(value: unknown): value is string {
  return typeof value === 'string' && IDEMPOTENCY_KEY_PATTERN.test(value);
}

// Bills above ¥1,000,000 are refused: amounts are integer fen and stay well inside the columns.
export const MAX_BILL_FEN = 100_000_000;
