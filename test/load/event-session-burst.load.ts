// The CI burst on a recurring event's sessions (scripts/test.mjs runs the load project after the build, on
// MariaDB): 300 members sign up at the same moment, half for each of two sessions of 30 seats, then 10 seat
// holders of each session cancel at once. Times are recorded to artifacts/ but not asserted; the outcomes and
// the invariants are. The full run is `npm run load -- --scenario event-session-burst --members 1000`.
/* eslint-disable @typescript-eslint/no-require-imports */
const { runEventSessionBurst } = require('./event-session-burst.cjs');
const { writeFileSync: writeSessionBurst, mkdirSync: mkdirSessionBurst } = require('node:fs');
const { join: joinSessionBurst } = require('node:path');

describe('member events bursts on sessions', () => {
  it('300 at once on 2 sessions of 30: exactly 30 + 30 seated, each waitlist in arrival order, promotions per session', async () => {
    const r = await runEventSessionBurst({ members: 300, sessions: 2, seats: 30, cancels: 10 });
    const dir = process.env.ARTIFACTS_DIR || joinSessionBurst(__dirname, '..', '..', 'artifacts');
    mkdirSessionBurst(dir, { recursive: true });
    writeSessionBurst(
      joinSessionBurst(dir, `load-event-session-burst-ci-${new Date().toISOString().replace(/[:.]/g, '-')}.json`),
      JSON.stringify(r, null, 2) + '\n',
    );
    const queue = { count: 120, distinct: 120, min: 1, max: 120, increasingWithArrival: true };
    const promotion = { promoted: 10, firstArrivals: true, confirmed: 30, waiting: 110, cancelled: 10, seatsTaken: 30 };
    expect(r.signups).toEqual({
      'session 1': { '201 CONFIRMED': 30, '201 WAITLISTED': 120 },
      'session 2': { '201 CONFIRMED': 30, '201 WAITLISTED': 120 },
    });
    expect(r.waitlists).toEqual({ 'session 1': queue, 'session 2': queue });
    expect(r.cancelAnswers).toEqual({ '200 CANCELLED': 20 });
    expect(r.promotion).toEqual({ 'session 1': promotion, 'session 2': promotion });
    expect(r.notices).toEqual({ promoted: 20, distinct: 20 });
    expect(r.eventInvariants).toMatchObject({ ok: true });
    expect(r.invariants).toMatchObject({ ok: true });
    expect(r.ok).toBe(true);
  }, 240_000);
});
