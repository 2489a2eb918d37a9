// N nodes on one database (`npm run load -- --nodes 3`, and test/load/cluster.load.ts): the built server as
// node:cluster workers on one port (main.js --workers=N, what npm run start:cluster runs), with the outbox
// workers and the job scheduler ON in every worker, then the cross-node guarantees checked one by one:
//   spread        fresh connections land on every worker (X-Cluster-Worker)
//   rateLimit     a login limit of 5 failures holds across the workers, not 5 per worker
//   settings      points rules published through one worker price quotes on every worker within the bound
//   burst         the purchase scenario, closed loop, its connections spread over the workers (throughput)
//   outbox        every outbox row (sign-up bonuses) delivered, each by exactly one claim
//   jobs          every (job, run key) claimed and run once although every worker ticks every second and
//                 all of them see the day's run keys fall due at the same moment
//   invariants    the ledger invariant checker on the database afterwards
const { fork } = require('node:child_process');
const http = require('node:http');
const { join } = require('node:path');
const { createPool } = require('mysql2/promise');
const { startServer } = require('./server-process.cjs');

// SETTINGS_POLL_MS in server/src/common/settings-sync.ts: how long another node may price with old rules.
const SETTINGS_POLL_MS = 500;

/** One request on a connection of its own (agent: false), so node:cluster hands it to the next worker. */
function fresh(base, method, path, body, token) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers = { connection: 'close' };
    if (token) headers.authorization = `Bearer ${token}`;
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(payload);
    }
    const req = http.request(new URL(path, base), { method, headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => {
        let parsed = null;
        try {
          parsed = text ? JSON.parse(text) : null;
        } catch {
          parsed = null;
        }
        resolve({ status: res.statusCode ?? 0, body: parsed, worker: res.headers['x-cluster-worker'] ?? null });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

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

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Failed logins for one (unknown) name through fresh connections: the 6th must be refused on any worker. */
async function rateLimitAcrossNodes(base, nodes) {
  const username = `probe${Date.now().toString(36)}`;
  const attempts = [];
  for (let i = 0; i < 5 + nodes; i++) {
    const r = await fresh(base, 'POST', '/api/v1/admin/auth/login', { username, password: 'wrong-Passw0rd!' });
    attempts.push({ status: r.status, worker: r.worker });
  }
  const before = attempts.slice(0, 5);
  const after = attempts.slice(5);
  return {
    attempts,
    workersBeforeLock: new Set(before.map((a) => a.worker)).size,
    refusedBeforeLock: before.filter((a) => a.status === 429).length,
    workersAfterLock: new Set(after.map((a) => a.worker)).size,
    allRefusedAfterLock: after.every((a) => a.status === 429),
  };
}

/**
 * Quotes on every worker, publishes rules with twice the points per yuan through one of them, then quotes
 * on fresh connections until every worker prices with the new rules: how long each took.
 */
async function settingsPropagation(base, nodes, adminToken, state, checkoutId) {
  const quote = () =>
    fresh(base, 'POST', '/api/v1/staff/purchases/quote', { checkoutId, amountFen: 2000 }, state.staffToken);
  const before = new Map();
  for (let i = 0; i < nodes * 4 && before.size < nodes; i++) {
    const q = await quote();
    if (q.status !== 200) throw new Error(`quote failed: ${q.status} ${JSON.stringify(q.body)}`);
    before.set(q.worker, q.body.pointsIfNoDeduction);
  }
  const current = await fresh(base, 'GET', '/api/v1/admin/points-rules', undefined, adminToken);
  const rules = { ...current.body.rules, pointsPerYuan: current.body.rules.pointsPerYuan * 2 };
  const published = await fresh(
    base,
    'POST',
    '/api/v1/admin/points-rules',
    { rules, note: '多节点测试：积分翻倍' },
    adminToken,
  );
  if (published.status !== 201)
    throw new Error(`publish failed: ${published.status} ${JSON.stringify(published.body)}`);
  const t0 = performance.now();
  const expected = [...before.values()][0] * 2;
  const seenNewAfterMs = new Map();
  const stale = [];
  while (seenNewAfterMs.size < nodes && performance.now() - t0 < 10_000) {
    const q = await quote();
    const ms = Math.round(performance.now() - t0);
    if (q.body?.pointsIfNoDeduction === expected) {
      if (!seenNewAfterMs.has(q.worker)) seenNewAfterMs.set(q.worker, ms);
    } else stale.push({ worker: q.worker, ms, points: q.body?.pointsIfNoDeduction });
    await sleep(100);
  }
  return {
    publishedBy: published.worker,
    pointsBefore: Object.fromEntries(before),
    pointsExpected: expected,
    newRulesAfterMs: Object.fromEntries(seenNewAfterMs),
    slowestMs: seenNewAfterMs.size === nodes ? Math.max(...seenNewAfterMs.values()) : null,
    boundMs: SETTINGS_POLL_MS,
    staleQuotesAfterPublish: stale.length,
  };
}

/** Waits until no outbox row is pending or running, then what each row took. */
async function outboxSettled(sql, timeoutMs = 30_000) {
  const t0 = Date.now();
  for (;;) {
    const [rows] = await sql.query('SELECT kind, status, attempts, claimed_by AS claimedBy FROM outbox');
    const open = rows.filter((r) => r.status !== 'done' && r.status !== 'dead');
    if (open.length === 0 || Date.now() - t0 > timeoutMs) {
      return {
        rows: rows.length,
        done: rows.filter((r) => r.status === 'done').length,
        open: open.length,
        claimedMoreThanOnce: rows.filter((r) => Number(r.attempts) !== 1).length,
        byKind: rows.reduce((m, r) => ({ ...m, [r.kind]: (m[r.kind] ?? 0) + 1 }), {}),
        // claimed_by is "<host>:<pid>:<nonce>#<claim>": the part before # names the worker.
        deliveringNodes: new Set(rows.map((r) => r.claimedBy?.split('#')[0]).filter(Boolean)).size,
      };
    }
    await sleep(250);
  }
}

/** The job runs once none is still running (waits up to 10 s). */
async function jobRuns(sql) {
  let rows;
  for (let t0 = Date.now(); ; await sleep(250)) {
    [rows] = await sql.query(
      'SELECT name, run_key AS runKey, status, attempts, locked_by AS lockedBy FROM job_run ORDER BY name, run_key',
    );
    if (rows.length && rows.every((r) => r.status !== 'running')) break;
    if (Date.now() - t0 > 10_000) break;
  }
  return {
    runs: rows.map((r) => ({ name: r.name, runKey: r.runKey, status: r.status, attempts: Number(r.attempts) })),
    runMoreThanOnce: rows.filter((r) => Number(r.attempts) !== 1).length,
    notDone: rows.filter((r) => r.status !== 'done').length,
    runningNodes: new Set(rows.map((r) => r.lockedBy)).size,
  };
}

/**
 * @param {{ nodes?: number, clients?: number, perClient?: number, databaseUrl?: string, log?: (s: string) => void }} opts
 */
async function runCluster(opts = {}) {
  const o = {
    nodes: 3,
    clients: 20,
    perClient: 10,
    databaseUrl: process.env.DATABASE_URL,
    log: (s) => console.log(`[load] ${s}`),
    ...opts,
  };
  if (!o.databaseUrl || !/^mysql|^mariadb/.test(o.databaseUrl)) {
    throw new Error('N nodes need MariaDB/MySQL: set DATABASE_URL=mysql://root@127.0.0.1:3306/test');
  }
  const scenarioPath = join(__dirname, 'scenarios', 'purchase.cjs');
  const scenario = require(scenarioPath);
  const started = Date.now();
  const server = await startServer({
    databaseUrl: o.databaseUrl,
    nodes: o.nodes,
    // Every worker delivers the outbox and ticks the scheduler every second: the races are real.
    env: { OUTBOX_ENABLED: 'true', JOBS_ENABLED: 'true', JOBS_TICK_SECONDS: '1' },
  });
  const result = {
    scenario: 'purchase',
    operation: scenario.operation,
    nodes: o.nodes,
    options: { clients: o.clients, perClient: o.perClient },
    serverStartSeconds: Number(((Date.now() - started) / 1000).toFixed(1)),
    workerPids: server.workerPids(),
  };
  o.log(`${o.nodes} workers (pid ${result.workerPids.join(', ')}) at ${server.url}`);
  const sql = createPool({ uri: server.databaseUrl, connectionLimit: 4, timezone: 'Z', supportBigNumbers: true });
  try {
    const hits = [];
    for (let i = 0; i < o.nodes * 3; i++) hits.push((await fresh(server.url, 'GET', '/api/health')).worker);
    result.spread = { requests: hits.length, workers: new Set(hits).size };

    let state = await scenario.setup({ http: server.http, sql, admin: server.admin, members: o.clients });
    result.rateLimit = await rateLimitAcrossNodes(server.url, o.nodes);
    const adminToken = (await server.http.json('POST', '/api/v1/admin/auth/login', server.admin)).token;
    const [probe] = await scenario.prepare({ sql, state, count: 1, phase: 'Q' });
    result.settings = await settingsPropagation(server.url, o.nodes, adminToken, state, probe.checkoutId);
    o.log(`settings: new rules on every worker after ${result.settings.slowestMs} ms (bound ${SETTINGS_POLL_MS} ms)`);

    const phase = (items) =>
      clientPhase({ scenarioPath, target: 'api', mode: 'closed', clients: o.clients, url: server.url, state, items });
    // Unmeasured warm-up: every member's first purchase opens accounts, and every worker's JIT warms up.
    const warm = await phase(await scenario.prepare({ sql, state, count: o.clients * 2 * o.nodes, phase: 'W' }));
    if (warm.failed) throw new Error(`warm-up failed: ${warm.failures.join('\n')}`);
    if (scenario.ready) state = await scenario.ready({ sql, state });
    const count = o.clients * o.perClient;
    const items = await scenario.prepare({ sql, state, count, phase: 'C' });
    const cpuBefore = server.procStats().cpuMs;
    const report = await phase(items);
    const stats = server.procStats();
    const sorted = report.latencies.filter((x) => x !== undefined).sort((a, b) => a - b);
    const at = (q) => Number(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))].toFixed(1));
    result.burst = {
      label: `closed ${o.clients}×${o.perClient} api over ${o.nodes} workers`,
      ops: count,
      failed: report.failed,
      failures: report.failures,
      perSecond: Number(((count - report.failed) / report.seconds).toFixed(1)),
      p50Ms: at(0.5),
      p99Ms: at(0.99),
      // Primary included (it accepts every connection and hands it on); /proc, 10 ms resolution.
      serverCpuMsPerOp: Number(((stats.cpuMs - cpuBefore) / count).toFixed(2)),
      rssMB: Number((stats.rssBytes / 1048576).toFixed(1)),
    };
    o.log(`${result.burst.label}: ${result.burst.perSecond}/s, p99 ${result.burst.p99Ms} ms`);

    result.outbox = await outboxSettled(sql);
    // The first worker claimed the day's runs at boot, before the others existed. Now the day turns over
    // with every worker up (simulated: the runs forgotten), and all of them race for the same run keys.
    await sql.query('DELETE FROM job_run');
    await sleep(4000);
    result.jobs = await jobRuns(sql);
    result.invariants = server.checkLedger();
    result.totalSeconds = Number(((Date.now() - started) / 1000).toFixed(1));
    return result;
  } finally {
    await sql.end();
    await server.stop();
  }
}

/** The run as a few readable lines. */
function clusterTable(r) {
  const b = r.burst;
  return [
    `load ${r.scenario} on ${r.nodes} nodes (node:cluster workers, one port, one database)`,
    `spread: ${r.spread.requests} fresh connections reached ${r.spread.workers} workers`,
    `rate limit: 5 failed logins over ${r.rateLimit.workersBeforeLock} workers, then ${r.rateLimit.allRefusedAfterLock ? 'refused' : 'NOT refused'} on ${r.rateLimit.workersAfterLock} workers`,
    `settings: rules published via worker ${r.settings.publishedBy}; every worker priced with them after ${r.settings.slowestMs ?? '—'} ms (bound ${r.settings.boundMs} ms; per worker ${JSON.stringify(r.settings.newRulesAfterMs)})`,
    `${b.label}: ${b.ops} ops, ${b.failed} failed, ${b.perSecond}/s, p50 ${b.p50Ms} ms, p99 ${b.p99Ms} ms, server CPU ${b.serverCpuMsPerOp} ms/op, RSS ${b.rssMB} MB`,
    `outbox: ${r.outbox.done}/${r.outbox.rows} delivered (${JSON.stringify(r.outbox.byKind)}), ${r.outbox.claimedMoreThanOnce} claimed more than once, by ${r.outbox.deliveringNodes} workers`,
    `jobs: ${r.jobs.runs.length} runs (${r.jobs.runs.map((j) => `${j.name} ${j.runKey}`).join(', ')}), ${r.jobs.runMoreThanOnce} run more than once, by ${r.jobs.runningNodes} workers`,
    `ledger invariants: ${r.invariants.ok ? 'OK' : 'VIOLATED'} — ${r.invariants.output.split('\n')[0]}`,
    `server start ${r.serverStartSeconds} s, total ${r.totalSeconds} s`,
    ...b.failures.map((f) => `  failure: ${f}`),
  ].join('\n');
}

module.exports = { runCluster, clusterTable };
