// The CI member-events load check (scripts/test.mjs runs the load project after the build, on MariaDB): a few
// seconds of sign-ups through the built server and through raw mysql2 (the floor), figures recorded to
// artifacts/load-*.json. Absolute times are not asserted (CI machines are noisy); the ledger and event
// invariants and the SQL round trips per sign-up are.
/* eslint-disable @typescript-eslint/no-require-imports */
const { runLoad: runEventLoad } = require('./harness.cjs');
const { table: eventTable, writeArtifacts: writeEventArtifacts } = require('./report.cjs');

// Round trips one sign-up sends (member guard read, use check, transaction control and every statement in
// between), counted by the server. It may only go down: lower it when a change saves one. 9 since the
// statement pipeline (11 before), 8 since a first answer that is not waiting for a cash fee skips the
// pay-parameter read.
const EVENT_ROUND_TRIP_BUDGET = 8;

describe('member events load budget', () => {
  it(`5 clients × 20 sign-ups, then 20/s for 3 s: invariants hold, ≤ ${EVENT_ROUND_TRIP_BUDGET} round trips each`, async () => {
    const result = await runEventLoad({ scenario: 'event', clients: 5, perClient: 20, rate: 20, seconds: 3 });
    console.log(
      [
        eventTable(result, true),
        `round-trip budget per sign-up: ${EVENT_ROUND_TRIP_BUDGET} (measured: ${result.roundTripsPerOp})`,
        `written ${writeEventArtifacts(result)}`,
      ].join('\n'),
    );
    expect(result.invariants).toMatchObject({ ok: true });
    expect(result.scenarioChecks).toMatchObject({ ok: true });
    const failures = (result.phases as { label: string; failures: string[] }[]).map((p) => ({
      phase: p.label,
      failures: p.failures,
    }));
    expect(failures).toEqual(failures.map((f) => ({ ...f, failures: [] })));
    expect(result.roundTripsPerOp).toBeLessThanOrEqual(EVENT_ROUND_TRIP_BUDGET);
  }, 240_000);
});
