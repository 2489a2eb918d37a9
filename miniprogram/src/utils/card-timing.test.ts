import { cardTiming, secondsLeft, shouldRefresh } from './card-timing';

const issued = '2026-11-23T08:00:00.000Z';
const expires = '2026-11-23T08:01:00.000Z';
const serverIssuedMs = Date.parse(issued);

describe('cardTiming', () => {
  it('measures expiry from server time when the phone clock runs 3 minutes fast', () => {
    const phoneNow = serverIssuedMs + 180_000;
    const timing = cardTiming({ issuedAt: issued, expiresAt: expires }, phoneNow);

    expect(timing.offsetMs).toBe(-180_000);
    expect(secondsLeft(timing, phoneNow)).toBe(60);
    expect(secondsLeft(timing, phoneNow + 59_001)).toBe(1);
    expect(secondsLeft(timing, phoneNow + 61_000)).toBe(0);
  });

  it('measures expiry correctly when the phone clock is slow', () => {
    const phoneNow = serverIssuedMs - 3_600_000;
    const timing = cardTiming({ issuedAt: issued, expiresAt: expires }, phoneNow);
    expect(secondsLeft(timing, phoneNow + 30_000)).toBe(30);
  });

  it('schedules the refresh a few seconds before expiry', () => {
    const timing = cardTiming({ issuedAt: issued, expiresAt: expires }, serverIssuedMs, 5_000);
    expect(shouldRefresh(timing, serverIssuedMs + 54_999)).toBe(false);
    expect(shouldRefresh(timing, serverIssuedMs + 55_000)).toBe(true);
  });

  it('keeps a short-lived code on screen for most of its life', () => {
    const shortExpiry = '2026-11-23T08:00:06.000Z';
    const timing = cardTiming({ issuedAt: issued, expiresAt: shortExpiry }, serverIssuedMs, 5_000);
    // lead is capped at a third of the 6 s lifetime
    expect(timing.refreshAtClient - serverIssuedMs).toBe(4_000);
  });
});
