import { periodKey } from './mall-periods';

// Limit periods follow the Asia/Shanghai calendar (UTC+8), whatever the server's zone.
describe('periodKey', () => {
  it('keys TOTAL, day, month by the Shanghai date', () => {
    const lateUtc = new Date('2026-11-30T16:30:00.000Z'); // 2026-12-01 00:30 in Shanghai
    expect(periodKey('TOTAL', lateUtc)).toBe('TOTAL');
    expect(periodKey('DAY', lateUtc)).toBe('2026-12-01');
    expect(periodKey('MONTH', lateUtc)).toBe('2026-12');
    expect(periodKey('DAY', new Date('2026-11-30T15:59:59.999Z'))).toBe('2026-11-30');
  });

  it('keys ISO weeks from Monday, the year of their Thursday', () => {
    expect(periodKey('WEEK', new Date('2026-11-29T15:59:00.000Z'))).toBe('2026-W48'); // Sun 23:59 Shanghai
    expect(periodKey('WEEK', new Date('2026-11-29T16:00:00.000Z'))).toBe('2026-W49'); // Mon 00:00 Shanghai
    expect(periodKey('WEEK', new Date('2027-01-01T04:00:00.000Z'))).toBe('2026-W53'); // Fri 1 Jan 2027
    expect(periodKey('WEEK', new Date('2025-12-29T04:00:00.000Z'))).toBe('2026-W01'); // Mon 29 Dec 2025
  });
});
