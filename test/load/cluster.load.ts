// Three nodes against one MariaDB database (scripts/test.mjs runs it after the build, with the load budget):
// the built server as node:cluster workers on one port, every worker running the outbox and the scheduler,
// the purchase scenario spread over them — and what must hold across nodes, asserted. The throughput is
// printed, not asserted (2 shared cores cannot show scaling; see README § Production).
/* eslint-disable @typescript-eslint/no-require-imports */
const { runCluster, clusterTable } = require('./cluster.cjs');
const { writeFileSync, mkdirSync } = require('node:fs');
const { join } = require('node:path');

export {};

// SETTINGS_POLL_MS (the settings version row each node reads), plus a reload and one quote on a busy machine.
const SETTINGS_BOUND_MS = 500 + 1500;

describe('three nodes on one database', () => {
  it('share the limits, settings, outbox and jobs; the ledger stays clean after a purchase burst', async () => {
    const r = await runCluster({ nodes: 3, clients: 20, perClient: 10 });
    const dir = process.env.ARTIFACTS_DIR || join(__dirname, '..', '..', 'artifacts');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'load-cluster-latest.json'), JSON.stringify(r, null, 2) + '\n');
    console.log(clusterTable(r));

    expect(r.spread.workers).toBe(3);
    // 5 failures allowed per name: counted in the database, so the 6th is refused whichever worker it meets.
    expect(r.rateLimit.workersBeforeLock).toBeGreaterThanOrEqual(2);
    expect(r.rateLimit.refusedBeforeLock).toBe(0);
    expect(r.rateLimit.allRefusedAfterLock).toBe(true);
    // Rules published through one worker price every worker's quotes within the poll's bound.
    expect(Object.keys(r.settings.newRulesAfterMs)).toHaveLength(3);
    expect(r.settings.slowestMs).toBeLessThanOrEqual(SETTINGS_BOUND_MS);
    expect(r.burst).toMatchObject({ failed: 0, failures: [] });
    expect(r.outbox).toMatchObject({ open: 0, claimedMoreThanOnce: 0 });
    expect(r.outbox.done).toBeGreaterThanOrEqual(20); // a sign-up bonus per member at least
    expect(r.jobs).toMatchObject({ runMoreThanOnce: 0, notDone: 0 });
    expect(r.jobs.runs.length).toBeGreaterThanOrEqual(1); // the hourly rate-limit sweep is always due
    expect(r.invariants).toMatchObject({ ok: true });
  }, 240_000);
});
