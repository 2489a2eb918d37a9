// The CI batch-issue check (scripts/test.mjs runs the load project after the build, on MariaDB): an
// operator's batch to 5,000 members through the built server's outbox, a few seconds. Its time is recorded
// to artifacts/ but not asserted (CI machines are noisy); the outcome and the coupon invariants are.
/* eslint-disable @typescript-eslint/no-require-imports */
const { runBatchIssue } = require('./coupon-batch.cjs');
const { writeFileSync, mkdirSync } = require('node:fs');
const { join } = require('node:path');

describe('coupon batch issue load', () => {
  it('a batch to 5,000 members finishes DONE with one coupon each and clean invariants', async () => {
    const r = await runBatchIssue({ members: 5000 });
    const dir = process.env.ARTIFACTS_DIR || join(__dirname, '..', '..', 'artifacts');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, `load-batch-ci-${new Date().toISOString().replace(/[:.]/g, '-')}.json`),
      JSON.stringify(r, null, 2) + '\n',
    );
    console.log(`batch to 5,000 members: ${r.batch.status}, ${r.batch.issued} issued in ${r.seconds} s`);
    expect(r.batch).toMatchObject({ status: 'DONE', total: 5000, processed: 5000, issued: 5000, skipped: 0 });
    expect(r.coupons).toBe(5000);
    expect(r.couponInvariants).toMatchObject({ ok: true });
  }, 180_000);
});
