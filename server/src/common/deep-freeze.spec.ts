import { deepFreeze } from './deep-freeze';

describe('deepFreeze', () => {
  it('freezes nested objects and arrays, so a caller cannot change a cached value for everyone', () => {
    const rules = deepFreeze({ pointsPerYuan: 1, expiry: { kind: 'days', days: 365 }, tiers: [{ pct: 100 }] });
    expect(() => ((rules as { pointsPerYuan: number }).pointsPerYuan = 2)).toThrow(TypeError);
    expect(() => ((rules.expiry as { days: number }).days = 1)).toThrow(TypeError);
    expect(() => (rules.tiers as { pct: number }[]).push({ pct: 1 })).toThrow(TypeError);
    expect(rules.expiry.days).toBe(365);
  });
});
