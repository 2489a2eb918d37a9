import type { ColumnOptions } from 'typeorm';

// BIGINT end to end. mysql2 hands BIGINT back as a number while it is exact (supportBigNumbers) and as a
// string beyond; better-sqlite3 as a number. Either way the value must be a safe integer: anything else
// is refused loudly instead of becoming a float or an unchecked string.
export function toSafeInteger(value: unknown): number {
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) throw new RangeError(`not a safe integer: ${String(value)}`);
  return n;
}

export const bigintColumn = (options: ColumnOptions = {}): ColumnOptions => ({
  type: 'bigint',
  ...options,
  transformer: {
    to: (v: unknown) => v,
    from: (v: unknown) => (v === null || v === undefined ? v : toSafeInteger(v)),
  },
});
