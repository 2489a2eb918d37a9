import { Clock, shanghaiDate, shanghaiDayStart } from './clock';

describe('Clock', () => {
  it('uses Asia/Shanghai for business dates', () => {
    expect(shanghaiDate(new Date('2026-11-23T15:59:59.999Z'))).toBe('2026-11-23');
    expect(shanghaiDate(new Date('2026-11-23T16:00:00.000Z'))).toBe('2026-11-24');
    expect(shanghaiDayStart('2026-11-24').toISOString()).toBe('2026-11-23T16:00:00.000Z');
  });

  it('can be moved and reset by the sandbox', () => {
    const clock = new Clock();
    clock.setNow(new Date('2030-01-01T00:00:00Z'));
    expect(Math.abs(clock.nowMs() - Date.parse('2030-01-01T00:00:00Z'))).toBeLessThan(1000);
    clock.advance(86400);
    expect(clock.today()).toBe('2030-01-02');
    clock.reset();
    expect(Math.abs(clock.nowMs() - Date.now())).toBeLessThan(1000);
  });
});
