// Money is integer fen everywhere; yuan exists only in display strings.
export const MAX_FEN = 2 ** 53 - 1;

export function isFen(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

export function assertFen(value: unknown, field = 'amount'): number {
  if (!isFen(value)) throw new RangeError(`${field} must be a safe integer number of fen`);
  return value;
}

/** 12345 → "123.45"; -5 → "-0.05". Pure integer arithmetic, no floats. */
export function formatYuan(fen: number): string {
  assertFen(fen);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100);
  const cents = String(abs % 100).padStart(2, '0');
  return `${sign}${yuan.toLocaleString('en-US')}.${cents}`;
}

/** "¥123.45" for display. */
export function formatCny(fen: number): string {
  return `¥${formatYuan(fen)}`;
}
