#!/usr/bin/env node
// `npm test`: unit + API tests, then (unless --skip-e2e) a full build, the WeChat target checked by
// WeChat's own compiler (build:weapp + scripts/check-weapp.mjs), and the browser end-to-end tests.
// The environment is passed through untouched: set DATABASE_URL=mysql://… to run on MariaDB/MySQL
// (CI always does), leave it empty for SQLite. Other arguments are passed to both jest runs.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const skipE2e = argv.includes('--skip-e2e');
const extra = argv.filter((a) => a !== '--skip-e2e');
const ci = !!process.env.CI && process.env.CI !== 'false' && process.env.CI !== '0';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

// Screenshots and other test output go to <root>/artifacts (e2e tests write artifacts/screenshots).
const env = { ...process.env, ARTIFACTS_DIR: process.env.ARTIFACTS_DIR || join(root, 'artifacts') };
mkdirSync(join(env.ARTIFACTS_DIR, 'screenshots'), { recursive: true });

const loadCheck = !skipE2e && !!process.env.DATABASE_URL;
const results = [];
function run(label, cmd, args) {
  console.log(`\n[test] ${label}: ${cmd} ${args.join(' ')}`);
  const t = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env });
  const code = r.status ?? 1;
  const secs = ((Date.now() - t) / 1000).toFixed(1);
  results.push({ label, code, secs });
  console.log(`[test] ${label}: ${code === 0 ? 'passed' : `FAILED (exit ${r.status ?? r.signal})`} in ${secs} s`);
  return code === 0;
}

const jest = (projects, more = []) => [
  'jest',
  '--selectProjects',
  ...projects,
  ...(ci ? ['--ci'] : []),
  ...more,
  ...extra,
];

console.log(
  `[test] database: ${process.env.DATABASE_URL ? 'DATABASE_URL (MySQL/MariaDB)' : 'SQLite (DATABASE_URL unset)'}`,
);
run('unit + api', npx, jest(['shared', 'server', 'api', 'miniprogram']));
if (skipE2e) {
  console.log('[test] build, weapp check and e2e skipped (--skip-e2e)');
} else {
  const built = run('build', npm, ['run', 'build']);
  // The real WeChat target, which neither `build` (h5 only: what the server serves) nor the browser tests
  // cover: Taro's weapp build, then WeChat's compiler and package size limits on dist/weapp.
  if (run('build weapp', npm, ['run', 'build:weapp', '-w', '@member/miniprogram'])) {
    run('weapp check', process.execPath, ['scripts/check-weapp.mjs']);
  } else {
    console.log('[test] weapp check not run: the weapp build failed');
  }
  if (built) run('e2e', npx, jest(['e2e'], ['--runInBand']));
  else console.log('[test] e2e not run: the build failed');
  // A few seconds of load on the server just built (test/load/purchase-budget.load.ts): ledger invariants
  // and the SQL round-trip budget per purchase; figures to artifacts/load-*.json. Then three node:cluster
  // workers on one database (test/load/cluster.load.ts): limits, settings, outbox and jobs across nodes.
  // And an operator's batch issue to 5,000 members (test/load/coupon-batch.load.ts; 100,000 in npm run load).
  // And points-mall redemptions against the raw-SQL floor with their round-trip budget
  // (test/load/mall-budget.load.ts), and 300 members redeeming 30 in stock at once (test/load/mall-burst.load.ts;
  // 1,000 for 100 in npm run load -- --scenario mall-burst). And event sign-ups against their floor with their
  // round-trip budget (test/load/event-budget.load.ts), 300 sign-ups at once for 30 seats with cancellations
  // and one ticket scanned 30 times (test/load/event-burst.load.ts), the same on two sessions
  // (test/load/event-session-burst.load.ts; 1,000 members in npm run load).
  // MariaDB/MySQL only.
  if (!loadCheck) console.log('[test] load budget skipped: it measures MariaDB/MySQL (DATABASE_URL unset)');
  else if (built)
    run(
      'load budget',
      npx,
      jest(
        ['load'],
        [
          '--runInBand',
          'test/load/purchase-budget.load.ts',
          'test/load/cluster.load.ts',
          'test/load/coupon-batch.load.ts',
          'test/load/mall-budget.load.ts',
          'test/load/mall-burst.load.ts',
          'test/load/event-budget.load.ts',
          'test/load/event-burst.load.ts',
          'test/load/event-session-burst.load.ts',
        ],
      ),
    );
  else console.log('[test] load budget not run: the build failed');
}

console.log('\n[test] summary');
for (const r of results) console.log(`  ${r.code === 0 ? 'ok  ' : 'FAIL'} ${r.label} (${r.secs} s)`);
// Every step must have run: unit + api, and without --skip-e2e also build, build weapp, weapp check, e2e
// (and the load budget on MariaDB/MySQL).
const expected = skipE2e ? 1 : loadCheck ? 6 : 5;
process.exit(results.some((r) => r.code !== 0) || results.length < expected ? 1 : 0);
