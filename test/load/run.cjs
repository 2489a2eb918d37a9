#!/usr/bin/env node
// `npm run load [-- options]`: the load harness from the command line (MariaDB: DATABASE_URL must be set;
// the built server: npm run build -w @member/shared && npm run build -w @member/server).
//   --scenario purchase   test/load/scenarios/<name>.cjs (notify: 1,000 WeChat Pay notifications, 30 % duplicates)
//   --clients 50 --per-client 20     closed loop: N clients × M operations back to back
//   --rate 100 --seconds 10          open loop at a fixed arrival rate (--rate 0: none)
//   --no-raw                         skip the raw mysql2 floor
//   --warm-up 2000                   unmeasured API operations first (default: the scenario's warmUp, at
//                                    least 2 per client), so that the figures describe a warm server
//   --trace                          print the round trips of one operation and their statements (always in the JSON)
//   --phase-trace 500                keep the first N statements of each API phase in the JSON
//   --node-args "--cpu-prof --cpu-prof-dir=artifacts/profiles"   flags for the server's node
//   --perf artifacts/perf            on-CPU profile of each API phase with Linux perf, summarised by
//                                    package and frame in the report and the JSON (perf-profile.cjs)
//   --compare <file.json>            after the run, print the deltas against an earlier run's JSON
//   --compare <a.json> --to <b.json> only compare two earlier runs (no load run)
//   --scenario batch --members 100000  an operator's batch issue to everyone, timed (test/load/coupon-batch.cjs)
//   --scenario mall-burst --members 1000  every member redeems at once, stock members/10 (test/load/mall-burst.cjs)
//   --scenario event-burst --members 1000  sign-ups at once for members/10 seats, 50 cancellations promoting the
//                                    waitlist, 30 check-ins of one ticket (test/load/event-burst.cjs)
//   --scenario event-session-burst --members 1000  sign-ups at once on two sessions of a recurring event,
//                                    cancellations promoting each session's waitlist (test/load/event-session-burst.cjs)
//   --scenario notices --members 100000  birthday greetings planned and sent through the sandbox, racing
//                                    sender runs, zero duplicates (test/load/notice-batch.cjs)
//   --nodes 3                        the purchase scenario on 3 node:cluster workers (npm run start:cluster)
//                                    with the cross-node checks of test/load/cluster.cjs (--clients, --per-client)
const { runLoad } = require('./harness.cjs');
const { compare, readJson, table, writeArtifacts } = require('./report.cjs');

function parse(argv) {
  const o = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    const number = () => {
      const n = Number(value());
      if (!Number.isFinite(n) || n < 0) throw new Error(`${a} needs a number`);
      return n;
    };
    if (a === '--scenario') o.scenario = value();
    else if (a === '--clients') o.clients = number();
    else if (a === '--per-client') o.perClient = number();
    else if (a === '--rate') o.rate = number();
    else if (a === '--seconds') o.seconds = number();
    else if (a === '--no-raw') o.raw = false;
    else if (a === '--trace') o.trace = true;
    else if (a === '--phase-trace') o.phaseTrace = number();
    else if (a === '--node-args') o.nodeArgs = value().split(/\s+/).filter(Boolean);
    else if (a === '--compare') o.compare = value();
    else if (a === '--to') o.to = value();
    else if (a === '--nodes') o.nodes = number();
    else if (a === '--members') o.members = number();
    else if (a === '--warm-up') o.warmUp = number();
    else if (a === '--perf') o.perf = value();
    else throw new Error(`unknown option ${a} (see test/load/run.cjs)`);
  }
  return o;
}

async function main() {
  const { compare: against, to, trace, ...opts } = parse(process.argv.slice(2));
  if (against && to) {
    console.log(compare(readJson(against), readJson(to)));
    return 0;
  }
  if (opts.nodes) return runNodes(opts);
  if (opts.scenario === 'batch') return runBatch(opts);
  if (opts.scenario === 'notices') return runNotices(opts);
  if (opts.scenario === 'mall-burst') return runMallBurstCli(opts);
  if (opts.scenario === 'event-burst') return runEventBurstCli(opts);
  if (opts.scenario === 'event-session-burst') return runEventSessionBurstCli(opts);
  const before = against ? readJson(against) : null;
  const result = await runLoad(opts);
  console.log('\n' + table(result, trace));
  console.log(`\nwritten ${writeArtifacts(result)} (and load-latest.json)`);
  if (before) console.log('\n' + compare(before, result));
  const failed = result.phases.some((p) => p.failed > 0);
  if (result.scenarioChecks) console.log(`\nscenario checks: ${JSON.stringify(result.scenarioChecks)}`);
  const scenarioOk = !result.scenarioChecks || result.scenarioChecks.ok;
  return result.invariants.ok && result.couponInvariants.ok && scenarioOk && !failed ? 0 : 1;
}

async function runEventBurstCli(opts) {
  const { runEventBurst } = require('./event-burst.cjs');
  const r = await runEventBurst({ members: opts.members ?? 1000 });
  const { writeFileSync, mkdirSync } = require('node:fs');
  const { join } = require('node:path');
  const dir = process.env.ARTIFACTS_DIR || join(__dirname, '..', '..', 'artifacts');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `load-event-burst-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(r, null, 2) + '\n');
  const { signups, waitlist, cancelAnswers, promotion, checkinAnswers, rewards } = r;
  console.log(
    `\nevent burst: ${JSON.stringify({ signups, waitlist, cancelAnswers, promotion, checkinAnswers, rewards })}`,
  );
  console.log(
    `seconds: sign-ups ${r.signupSeconds}, cancellations ${r.cancelSeconds}, check-ins ${r.checkinSeconds}; invariants: events ${r.eventInvariants.ok ? 'clean' : JSON.stringify(r.eventInvariants.violations)}, ledger ${r.invariants.ok ? 'clean' : r.invariants.output}`,
  );
  console.log(`written ${file}`);
  return r.ok ? 0 : 1;
}

async function runEventSessionBurstCli(opts) {
  const { runEventSessionBurst } = require('./event-session-burst.cjs');
  const r = await runEventSessionBurst({ members: opts.members ?? 1000 });
  const { writeFileSync, mkdirSync } = require('node:fs');
  const { join } = require('node:path');
  const dir = process.env.ARTIFACTS_DIR || join(__dirname, '..', '..', 'artifacts');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `load-event-session-burst-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(r, null, 2) + '\n');
  const { signups, waitlists, cancelAnswers, promotion, notices } = r;
  console.log(`\nevent session burst: ${JSON.stringify({ signups, waitlists, cancelAnswers, promotion, notices })}`);
  console.log(
    `seconds: sign-ups ${r.signupSeconds}, cancellations ${r.cancelSeconds}; invariants: events ${r.eventInvariants.ok ? 'clean' : JSON.stringify(r.eventInvariants.violations)}, ledger ${r.invariants.ok ? 'clean' : r.invariants.output}`,
  );
  console.log(`written ${file}`);
  return r.ok ? 0 : 1;
}

async function runMallBurstCli(opts) {
  const { runMallBurst } = require('./mall-burst.cjs');
  const r = await runMallBurst({ members: opts.members ?? 1000 });
  const { writeFileSync, mkdirSync } = require('node:fs');
  const { join } = require('node:path');
  const dir = process.env.ARTIFACTS_DIR || join(__dirname, '..', '..', 'artifacts');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `load-mall-burst-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(r, null, 2) + '\n');
  console.log(
    `\nmall burst: ${JSON.stringify({ answers: r.answers, goods: r.goods, orders: r.orders, ledger: r.ledger })}`,
  );
  console.log(
    `invariants: mall ${r.mallInvariants.ok ? 'clean' : JSON.stringify(r.mallInvariants.violations)}, ledger ${r.invariants.ok ? 'clean' : r.invariants.output}`,
  );
  console.log(`written ${file}`);
  return r.ok ? 0 : 1;
}

async function runBatch(opts) {
  const { runBatchIssue } = require('./coupon-batch.cjs');
  const r = await runBatchIssue({ members: opts.members });
  const { writeFileSync, mkdirSync } = require('node:fs');
  const { join } = require('node:path');
  const dir = process.env.ARTIFACTS_DIR || join(__dirname, '..', '..', 'artifacts');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `load-batch-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(r, null, 2) + '\n');
  console.log(`\nwritten ${file}`);
  return r.couponInvariants.ok && r.batch.status === 'DONE' && r.coupons === r.members ? 0 : 1;
}

async function runNotices(opts) {
  const { runNoticeBatch } = require('./notice-batch.cjs');
  const r = await runNoticeBatch({ members: opts.members });
  const { writeFileSync, mkdirSync } = require('node:fs');
  const { join } = require('node:path');
  const dir = process.env.ARTIFACTS_DIR || join(__dirname, '..', '..', 'artifacts');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `load-notices-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(r, null, 2) + '\n');
  console.log(`\nwritten ${file}`);
  return r.ok ? 0 : 1;
}

async function runNodes(opts) {
  const { runCluster, clusterTable } = require('./cluster.cjs');
  const { mkdirSync, writeFileSync } = require('node:fs');
  const { join } = require('node:path');
  const r = await runCluster({ nodes: opts.nodes, clients: opts.clients, perClient: opts.perClient });
  console.log('\n' + clusterTable(r));
  const dir = process.env.ARTIFACTS_DIR || join(__dirname, '..', '..', 'artifacts');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `load-cluster-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(r, null, 2) + '\n');
  console.log(`\nwritten ${file}`);
  const ok =
    r.invariants.ok &&
    r.burst.failed === 0 &&
    r.rateLimit.allRefusedAfterLock &&
    r.outbox.claimedMoreThanOnce === 0 &&
    r.jobs.runMoreThanOnce === 0;
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
