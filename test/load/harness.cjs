// The load harness (`npm run load`, and the CI budget check in purchase-budget.load.ts): one scenario,
// measured through the API and as the same statements through raw mysql2 (the floor), closed loop and
// open loop, against the built server in its own process on a fresh database. See README § Tests.
//
// A scenario (test/load/scenarios/<name>.cjs) exports:
//   name, operation                       what is measured (for the report)
//   warmUp                                optional, API operations before anything is measured (default:
//                                         2 per client; runLoad's warmUp or --warm-up overrides it)
//   setup({ http, sql, admin, members })  once, through the API: staff, members… → state (JSON)
//   ready({ sql, state })                 optional, after the warm-up phase → state (e.g. account ids)
//   prepare({ sql, state, count, phase }) the items one phase consumes, one per operation (JSON)
//   api(item, state)                      one operation as { method, path, body, token, headers? }
//   raw(db, item, state)                  the same statements through db.query (mysql2), one round trip each
//   verify({ sql, state })                optional, at the end: the scenario's own checks → { ok, … }
const { fork, execSync } = require('node:child_process');
const os = require('node:os');
const { join } = require('node:path');
const { mkdirSync, readFileSync } = require('node:fs');
const { createPool } = require('mysql2/promise');
const { startServer } = require('./server-process.cjs');
const { perfAvailable, perfTable, removePerfMap, startPerf, summarisePerf } = require('./perf-profile.cjs');

const ROOT = join(__dirname, '..', '..');

function quantiles(latencies) {
  const sorted = latencies.filter((x) => x !== undefined).sort((a, b) => a - b);
  const at = (q) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : null);
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: sorted.length ? sorted[sorted.length - 1] : null };
}

/**
 * The server process's user and system CPU so far, in ms (Linux /proc; null elsewhere): the split shows
 * how much of a request's CPU is the kernel's (socket writes and reads of each SQL round trip).
 */
function procCpu(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const tick = 1000 / 100; // USER_HZ is 100 on Linux
    return { user: Number(f[11]) * tick, system: Number(f[12]) * tick };
  } catch {
    return null;
  }
}

/** Runs one phase in a forked client process and waits for its report. */
function clientPhase(msg) {
  return new Promise((resolve, reject) => {
    const child = fork(join(__dirname, 'clients.cjs'), [], { stdio: 'inherit' });
    let report = null;
    child.once('message', (m) => (report = m));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (report?.error) reject(new Error(`load clients failed: ${report.error}`));
      else if (report) resolve(report);
      else reject(new Error(`load client process exited with ${code} and no report`));
    });
    child.send(msg);
  });
}

/**
 * The coupons' invariant checker (server/src/modules/coupons/coupon-invariants.ts, built) on the run's
 * database: issued counters, stock, per-member limits, every used coupon in exactly one sale or redemption.
 */
async function checkCoupons(sql) {
  const { checkCouponInvariants } = require(join(ROOT, 'server', 'dist', 'modules', 'coupons', 'coupon-invariants.js'));
  const r = await checkCouponInvariants((text, params) => sql.query(text, params).then(([rows]) => rows));
  return {
    ok: r.violations.length === 0,
    templates: r.templates,
    coupons: r.coupons,
    violations: r.violations.slice(0, 20),
  };
}

function gitInfo() {
  const git = (args) => {
    try {
      return execSync(`git ${args}`, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return null;
    }
  };
  const status = git('status --porcelain --untracked-files=no');
  return {
    commit: git('rev-parse HEAD'),
    subject: git('log -1 --format=%s'),
    dirty: status === null ? null : status !== '',
  };
}

/**
 * Runs a scenario and returns the figures (see report.cjs for the table and the JSON).
 * @param {{ scenario?: string, clients?: number, perClient?: number, rate?: number, seconds?: number,
 *   raw?: boolean, phaseTrace?: number, nodeArgs?: string[], databaseUrl?: string, warmUp?: number,
 *   perf?: string, log?: (s: string) => void }} opts
 */
async function runLoad(opts = {}) {
  const o = {
    scenario: 'purchase',
    clients: 50,
    perClient: 20,
    rate: 100,
    seconds: 10,
    raw: true,
    phaseTrace: 0,
    nodeArgs: [],
    databaseUrl: process.env.DATABASE_URL,
    log: (s) => console.log(`[load] ${s}`),
    ...opts,
  };
  if (!o.databaseUrl || !/^mysql|^mariadb/.test(o.databaseUrl)) {
    throw new Error('the load harness measures MariaDB/MySQL: set DATABASE_URL=mysql://root@127.0.0.1:3306/test');
  }
  const scenarioPath = join(__dirname, 'scenarios', `${o.scenario}.cjs`);
  const scenario = require(scenarioPath);
  const result = {
    scenario: scenario.name,
    operation: scenario.operation,
    ...gitInfo(),
    startedAt: new Date().toISOString(),
    machine: { cpus: os.cpus().length, loadavg: os.loadavg().map((x) => Number(x.toFixed(2))), node: process.version },
    // The floor's mysql2 pool has one connection per client (the server's own pool is config database.poolSize).
    options: {
      clients: o.clients,
      perClient: o.perClient,
      rate: o.rate,
      seconds: o.seconds,
      raw: o.raw,
      rawPool: o.clients,
    },
    timings: {},
    phases: [],
    server: {},
    roundTripsPerOp: null,
    roundTripSamples: [],
    trace: [],
  };

  let t = performance.now();
  const lap = () => {
    const s = (performance.now() - t) / 1000;
    t = performance.now();
    return Number(s.toFixed(2));
  };
  if (o.perf) {
    // Each API phase recorded with perf into this folder (perf-profile.cjs); JS frames named by node.
    if (!perfAvailable()) throw new Error('--perf needs Linux perf (apt-get install linux-perf)');
    mkdirSync(o.perf, { recursive: true });
    o.nodeArgs = [...o.nodeArgs, '--perf-basic-prof'];
  }
  const server = await startServer({ databaseUrl: o.databaseUrl, nodeArgs: o.nodeArgs });
  result.timings.serverStartSeconds = lap();
  o.log(`built server pid ${server.pid} at ${server.url} (started in ${result.timings.serverStartSeconds} s)`);
  const sql = createPool({ uri: server.databaseUrl, connectionLimit: 8, timezone: 'Z', supportBigNumbers: true });
  try {
    let state = await scenario.setup({
      http: server.http,
      sql,
      admin: server.admin,
      members: o.clients,
      dataDir: server.dataDir,
    });
    // What setup left for the outbox (e.g. sign-up bonuses) is delivered now, not counted as the operations'.
    await server.http.json('POST', '/sandbox/outbox/drain');
    // Warm-up, unmeasured: first operations per member create rows later ones only update (e.g. ledger
    // accounts), and the server's JIT and caches warm up, so the figures describe the steady state. Two
    // operations per client are enough for the rows, not for V8: a perf profile of a purchase run's first
    // 5,000 operations after such a warm-up had 15 % of the server's CPU in the optimising compiler's
    // threads, one of a window 70 s later
    // (operations ~16,000–19,000) none. A scenario (or --warm-up) asks for more.
    const warmCount = Math.max(o.clients * 2, o.warmUp ?? scenario.warmUp ?? 0);
    result.options.warmUp = warmCount;
    const warm = await scenario.prepare({ sql, state, count: warmCount, phase: 'W' });
    const warmed = await clientPhase({
      scenarioPath,
      target: 'api',
      mode: 'closed',
      clients: o.clients,
      url: server.url,
      state,
      items: warm,
    });
    if (warmed.failed) throw new Error(`warm-up failed: ${warmed.failures.join('\n')}`);
    if (scenario.ready) state = await scenario.ready({ sql, state });
    // Operations alone, their statements recorded: the round trips by name, comparable between commits.
    // The fewest of three is the per-operation count (a time-based cache reload can only add to one).
    const lone = await scenario.prepare({ sql, state, count: 3, phase: 'T' });
    const samples = [];
    for (const item of lone) {
      await server.startMetrics(500);
      const one = scenario.api(item, state);
      const answer = await server.http.send(one.method, one.path, one.body, one.token, one.headers);
      samples.push((await server.stopMetrics()).trace);
      if (answer.status >= 300) throw new Error(`lone operation failed: ${answer.status} ${answer.text}`);
    }
    result.trace = samples.reduce((a, b) => (b.length < a.length ? b : a));
    result.roundTripsPerOp = result.trace.length;
    result.roundTripSamples = samples.map((t) => t.length);
    result.timings.setupSeconds = lap();
    o.log(`setup and warm-up in ${result.timings.setupSeconds} s`);

    const modes = [{ mode: 'closed', count: o.clients * o.perClient }];
    if (o.rate > 0 && o.seconds > 0) modes.push({ mode: 'open', count: Math.round(o.rate * o.seconds) });
    for (const { mode, count } of modes) {
      for (const target of o.raw && scenario.raw ? ['api', 'raw'] : ['api']) {
        const phase = `${mode === 'closed' ? 'C' : 'O'}${target === 'api' ? 'A' : 'R'}`;
        const items = await scenario.prepare({ sql, state, count, phase });
        if (target === 'api') await server.startMetrics(o.phaseTrace);
        const cpuBefore = target === 'api' ? procCpu(server.pid) : null;
        const perfFile = o.perf && target === 'api' ? join(o.perf, `${o.scenario}-${phase}.perf.data`) : null;
        const stopPerf = perfFile ? startPerf(server.pid, perfFile) : null;
        const report = await clientPhase({
          scenarioPath,
          target,
          mode,
          clients: o.clients,
          rate: o.rate,
          url: server.url,
          databaseUrl: server.databaseUrl,
          state,
          items,
        });
        const cpuAfter = target === 'api' ? procCpu(server.pid) : null;
        await stopPerf?.();
        const metrics = target === 'api' ? await server.stopMetrics() : null;
        if (metrics?.trace.length) result.phaseTraces = { ...result.phaseTraces, [phase]: metrics.trace };
        const ok = count - report.failed;
        const entry = {
          mode,
          target,
          label: `${mode === 'closed' ? `closed ${o.clients}×${o.perClient}` : `open ${o.rate}/s×${o.seconds}s`} ${target}`,
          ops: count,
          failed: report.failed,
          failures: report.failures,
          seconds: Number(report.seconds.toFixed(3)),
          perSecond: Number((ok / report.seconds).toFixed(1)),
          ...Object.fromEntries(
            Object.entries(quantiles(report.latencies)).map(([k, v]) => [
              `${k}Ms`,
              v === null ? null : Number(v.toFixed(2)),
            ]),
          ),
          roundTripsPerOp: Number(((metrics ? metrics.statements : report.statements) / count).toFixed(2)),
          serverCpuMsPerOp: metrics ? Number((metrics.cpuMicros / 1000 / count).toFixed(3)) : null,
          // From /proc at 10 ms resolution: user and kernel shares of the figure above.
          serverUserMsPerOp:
            cpuAfter && cpuBefore ? Number(((cpuAfter.user - cpuBefore.user) / count).toFixed(3)) : null,
          serverSysMsPerOp:
            cpuAfter && cpuBefore ? Number(((cpuAfter.system - cpuBefore.system) / count).toFixed(3)) : null,
          maxSendLagMs: report.maxSendLag === null ? null : Number(report.maxSendLag.toFixed(1)),
        };
        result.phases.push(entry);
        o.log(
          `${entry.label}: ${entry.perSecond}/s, p99 ${entry.p99Ms} ms${entry.failed ? `, ${entry.failed} FAILED` : ''}`,
        );
        if (perfFile) {
          entry.perf = { file: perfFile, ...summarisePerf(perfFile, server.pid) };
          o.log(perfTable(entry.label, entry.perf));
        }
      }
    }

    // Deferred work the operations left for the outbox worker (off during the run), drained and counted.
    await server.startMetrics();
    const drained = await server.http.json('POST', '/sandbox/outbox/drain');
    const drain = await server.stopMetrics();
    result.server = {
      maxRssMB: Number((drain.maxRssBytes / 1048576).toFixed(1)),
      rssMB: Number((drain.rssBytes / 1048576).toFixed(1)),
      outboxDrain: { ...drained, statements: drain.statements },
    };
    result.invariants = server.checkLedger();
    result.couponInvariants = await checkCoupons(sql);
    if (scenario.verify) result.scenarioChecks = await scenario.verify({ sql, state });
    result.timings.totalSeconds = Number(((Date.now() - Date.parse(result.startedAt)) / 1000).toFixed(1));
    return result;
  } finally {
    await sql.end();
    await server.stop();
    if (o.perf) removePerfMap(server.pid);
  }
}

module.exports = { runLoad, checkCoupons };
