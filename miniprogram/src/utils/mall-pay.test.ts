import { canPayNow, keepPolling, payCountdownText, paySecondsLeft, PAY_POLL_TIMES } from './mall-pay';

describe('mall pay helpers', () => {
  const until = '2026-12-01T04:15:00.000Z';
  const at = (iso: string) => Date.parse(iso);

  it('counts the seconds left only while the order waits for payment', () => {
    expect(paySecondsLeft({ status: 'PENDING_PAYMENT', payUntil: until }, at('2026-12-01T04:00:30.000Z'))).toBe(870);
    expect(paySecondsLeft({ status: 'PENDING_PAYMENT', payUntil: until }, at('2026-12-01T04:20:00.000Z'))).toBe(0);
    expect(paySecondsLeft({ status: 'READY', payUntil: null }, at('2026-12-01T04:00:00.000Z'))).toBeNull();
  });

  it('shows mm:ss and says when time is up', () => {
    expect(payCountdownText(870)).toBe('剩余 14:30');
    expect(payCountdownText(5)).toBe('剩余 00:05');
    expect(payCountdownText(0)).toBe('支付已超时');
  });

  it('offers 去支付 only with more than a minute left', () => {
    expect(canPayNow(61)).toBe(true);
    expect(canPayNow(60)).toBe(false);
    expect(canPayNow(null)).toBe(false);
  });

  it('polls while the order waits, a bounded number of times', () => {
    expect(keepPolling({ status: 'PENDING_PAYMENT' }, 0)).toBe(true);
    expect(keepPolling({ status: 'PENDING_PAYMENT' }, PAY_POLL_TIMES)).toBe(false);
    expect(keepPolling({ status: 'READY' }, 0)).toBe(false);
  });
});
