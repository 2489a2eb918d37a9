// The CI points-mall burst (scripts/test.mjs runs the load project after the build, on MariaDB): 300 members
// redeem one unit each at the same moment of a goods with 30 in stock, on the built server. Its time is
// recorded to artifacts/ but not asserted (CI machines are noisy); the outcome and the invariants are.
// The full run is `npm run load -- --scenario mall-burst --members 1000` (stock 100).
/* eslint-disable @typescript-eslint/no-require-imports */
const { runMallBurst } = require('./mall-burst.cjs');
const { writeFileSync, mkdirSync } = require('node:fs');
const { join } = require('node:path');

describe('points mall burst', () => {
  it('300 members at once for 30 in stock: exactly 30 orders, stock 0, 30 debits, clean invariants', async () => {
    const r = await runMallBurst({ members: 300, stock: 30 });
    const dir = process.env.ARTIFACTS_DIR || join(__dirname, '..', '..', 'artifacts');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, `load-mall-burst-ci-${new Date().toISOString().replace(/[:.]/g, '-')}.json`),
      JSON.stringify(r, null, 2) + '\n',
    );
    expect(r.answers).toEqual({ '201 ordered': 30, '409 MALL_OUT_OF_STOCK': 270 });
    expect(r.goods).toEqual({ stock: 0, soldCount: 30, stockTotal: 30 });
    expect(r.orders).toEqual({ count: 30, quantity: 30, points: 30 * 60 });
    expect(r.ledger).toEqual({ debits: 30, points: 30 * 60, membersDebited: 30 });
    expect(r.mallInvariants).toMatchObject({ ok: true });
    expect(r.invariants).toMatchObject({ ok: true });
  }, 180_000);
});

// A module of its own (its requires do not meet the other load checks' in one global scope).
export {};
