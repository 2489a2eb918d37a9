// The CI member-events bursts (scripts/test.mjs runs the load project after the build, on MariaDB): 300
// members sign up at the same moment for 30 seats, 15 seat holders cancel at once, 30 check-ins of one
// ticket at once, on the built server. Times are recorded to artifacts/ but not asserted (CI machines are
// noisy); the outcomes and the invariants are. The full run is `npm run load -- --scenario event-burst
// --members 1000` (100 seats, 50 cancellations).
/* eslint-disable @typescript-eslint/no-require-imports */
const { runEventBurst } = require('./event-burst.cjs');
const { writeFileSync: writeBurst, mkdirSync: mkdirBurst } = require('node:fs');
const { join: joinBurst } = require('node:path');

describe('member events bursts', () => {
  it('300 at once for 30 seats, 15 cancellations at once, 30 scans of one ticket: exact, in arrival order', async () => {
    const r = await runEventBurst({ members: 300, seats: 30, cancels: 15, checkins: 30 });
    const dir = process.env.ARTIFACTS_DIR || joinBurst(__dirname, '..', '..', 'artifacts');
    mkdirBurst(dir, { recursive: true });
    writeBurst(
      joinBurst(dir, `load-event-burst-ci-${new Date().toISOString().replace(/[:.]/g, '-')}.json`),
      JSON.stringify(r, null, 2) + '\n',
    );
    expect(r.signups).toEqual({ '201 CONFIRMED': 30, '201 WAITLISTED': 270 });
    expect(r.waitlist).toEqual({ count: 270, distinct: 270, min: 1, max: 270, increasingWithArrival: true });
    expect(r.cancelAnswers).toEqual({ '200 CANCELLED': 15 });
    expect(r.promotion).toEqual({
      promoted: 15,
      firstArrivals: true,
      confirmed: 30,
      waiting: 255,
      cancelled: 15,
      notices: 15,
      distinctNotices: 15,
    });
    expect(r.checkinAnswers).toEqual({ '200 checked-in': 1, '200 duplicate': 29 });
    expect(r.rewards).toEqual({ credits: 1, points: 10 });
    expect(r.eventInvariants).toMatchObject({ ok: true });
    expect(r.invariants).toMatchObject({ ok: true });
  }, 240_000);
});
