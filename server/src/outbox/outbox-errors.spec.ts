import { backoffMs, safeError } from './outbox-errors';

describe('outbox back-off and errors', () => {
  it('doubles from 5 s with jitter that never lets a delay fall below the one before, capped at an hour', () => {
    expect([1, 2, 3].map((n) => backoffMs(n, () => 1))).toEqual([5_000, 10_000, 20_000]);
    expect(backoffMs(1, () => 0)).toBe(4_000);
    for (let n = 1; n < 9; n++) expect(backoffMs(n + 1, () => 0)).toBeGreaterThan(backoffMs(n, () => 1));
    expect(backoffMs(30, () => 1)).toBe(3_600_000);
  });

  it('keeps the error class and message but no phone numbers, e-mails or openids', () => {
    const error = new TypeError('member 13812345678 (a.b@example.com, oAbCdEfGhIjKlMnOpQrStUvWxYz1) refused');
    expect(safeError(error)).toBe('TypeError: member [number] ([email], [openid]) refused');
    expect(safeError('x'.repeat(600))).toHaveLength(500);
  });
});
