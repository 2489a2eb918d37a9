import { expiringLine, formatPointsDelta } from './points';

describe('points helpers', () => {
  it('signs point amounts', () => {
    expect(formatPointsDelta(120)).toBe('+120');
    expect(formatPointsDelta(-50)).toBe('-50');
    expect(formatPointsDelta(0)).toBe('0');
  });

  it('formats expiring lots in Asia/Shanghai dates', () => {
    expect(expiringLine({ points: 120, expiresAt: '2027-03-01T15:59:59.999Z' })).toBe('2027-03-01 到期 120 分');
  });
});
