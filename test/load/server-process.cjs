// The server under load: the BUILT server (server/dist) in its own process on a fresh MariaDB database,
// so that its CPU, memory and SQL statements are measured alone (the harness and the clients run elsewhere).
const { spawn, spawnSync } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { createConnection } = require('mysql2/promise');
const { httpClient } = require('./http.cjs');

const ROOT = join(__dirname, '..', '..');
const MAIN = join(ROOT, 'server', 'dist', 'main.js');
const ADMIN = { username: 'admin', password: 'load-Passw0rd!' };

/** Newest modification time under a directory (to warn when server/dist is older than its sources). */
function newest(dir) {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** Throws unless server/dist exists; warns when a source file is newer than the build. */
function checkBuild() {
  if (!existsSync(MAIN)) {
    throw new Error(
      'server/dist/main.js not found: build first (npm run build -w @member/shared && npm run build -w @member/server)',
    );
  }
  const src = Math.max(newest(join(ROOT, 'server', 'src')), newest(join(ROOT, 'shared', 'src')));
  if (src > statSync(MAIN).mtimeMs) {
    console.warn('[load] warning: server/src or shared/src is newer than server/dist — measuring an older build');
  }
}

/** Sums CPU ms and RSS over processes (Linux /proc; CPU at USER_HZ = 100, i.e. 10 ms resolution). */
function procStats(pids) {
  const out = { cpuMs: 0, rssBytes: 0, maxRssBytes: 0 };
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.cpuMs += (Number(f[11]) + Number(f[12])) * 10;
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      out.rssBytes += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
      out.maxRssBytes += Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
    } catch {
      // gone (a restarted worker) or not Linux
    }
  }
  return out;
}

/** A fresh, empty database on the server named by DATABASE_URL (as test/fixtures/test-database.ts does). */
async function createDatabase(base) {
  const name = `load_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = await createConnection(base);
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const conn = await createConnection(base);
      await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await conn.end();
    },
  };
}

/**
 * Starts the built server on a fresh database with the outbox worker and the scheduler off (their polling
 * would add statements and CPU that depend on the run's length, not on the operations); the harness drains
 * the outbox itself at the end. `nodeArgs` go to node (e.g. --cpu-prof --cpu-prof-dir=artifacts/profiles).
 * `nodes`: that many worker processes on one port (main.js --workers=N, as npm run start:cluster); then
 * `pid` is the cluster's primary and `workerPids` its workers, and the sandbox metrics routes answer for
 * whichever worker the request lands on (use procStats() for the whole cluster).
 * @param {{ databaseUrl: string, nodeArgs?: string[], env?: Record<string, string>, nodes?: number }} opts
 */
async function startServer(opts) {
  checkBuild();
  const db = await createDatabase(opts.databaseUrl);
  const dataDir = mkdtempSync(join(tmpdir(), 'member-load-'));
  const env = {
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    DEMO_SEED: 'false',
    OUTBOX_ENABLED: 'false',
    JOBS_ENABLED: 'false',
    OPERATOR_BOOTSTRAP_USERNAME: ADMIN.username,
    OPERATOR_BOOTSTRAP_PASSWORD: ADMIN.password,
    ...opts.env,
  };
  const cluster = opts.nodes ? [`--workers=${opts.nodes}`] : [];
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), MAIN, ...cluster], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Never leave a server running on a shared machine when the harness dies (jest timeout, Ctrl-C).
  const orphanGuard = () => child.kill('SIGKILL');
  process.once('exit', orphanGuard);
  child.once('exit', () => process.off('exit', orphanGuard));
  let output = '';
  const keep = (chunk) => (output = (output + chunk).slice(-20_000));
  child.stdout.setEncoding('utf8').on('data', keep);
  child.stderr.setEncoding('utf8').on('data', keep);
  const cleanup = async () => {
    await db.drop().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  };
  let url;
  let workerPids = [];
  // One process prints its banner; a cluster's primary says when every worker listens.
  const ready = opts.nodes
    ? /集群就绪：\d+ 个工作进程 \(pid ([\d, ]+)\) 共用 (http:\/\/[^\s，]+)/
    : /listening on (http:\/\/[^\s)]+)/;
  try {
    url = await new Promise((resolve, reject) => {
      // LOAD_SERVER_START_SECONDS: a busy shared machine may need longer than a minute to boot the server.
      const startSeconds = Number(process.env.LOAD_SERVER_START_SECONDS) || 60;
      const timer = setTimeout(
        () => reject(new Error(`server did not start within ${startSeconds} s:\n${output}`)),
        startSeconds * 1000,
      );
      const onData = () => {
        const m = ready.exec(output);
        if (!m) return;
        clearTimeout(timer);
        child.stdout.off('data', onData);
        if (opts.nodes) workerPids = m[1].split(', ').map(Number);
        resolve(m[m.length - 1]);
      };
      child.stdout.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`server exited with ${code} before listening:\n${output}`));
      });
    });
  } catch (error) {
    child.kill('SIGKILL');
    await cleanup();
    throw error;
  }
  const http = httpClient(url, 16);
  return {
    url,
    pid: child.pid,
    databaseUrl: db.url,
    dataDir,
    http,
    admin: ADMIN,
    output: () => output,
    workerPids: () => workerPids,
    /** CPU (ms, user + system) and resident memory of the server's processes (primary and workers), from /proc. */
    procStats: () => procStats([child.pid, ...workerPids]),
    /** Starts a measurement window on the server (sandbox-only route); `trace` keeps the first N statements. */
    startMetrics: (trace = 0) => http.json('POST', `/sandbox/metrics/start?trace=${trace}`),
    stopMetrics: () => http.json('POST', '/sandbox/metrics/stop'),
    /** The ledger invariant checker (npm run check:ledger, built) on this server's database. */
    checkLedger: () => {
      const r = spawnSync(process.execPath, [join(ROOT, 'server', 'dist', 'ledger', 'check-ledger.cli.js')], {
        cwd: ROOT,
        env,
        encoding: 'utf8',
      });
      const text = `${r.stdout}${r.stderr}`.trim();
      const m = /(\d+) violations? in (\d+) accounts|OK: (\d+) accounts/.exec(text);
      return {
        ok: r.status === 0,
        accounts: m ? Number(m[2] ?? m[3]) : null,
        violations: r.status === 0 ? 0 : Number(m?.[1] ?? -1),
        output: text.split('\n').slice(0, 20).join('\n'),
      };
    },
    stop: async () => {
      http.close();
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        // SIGINT: Nest's shutdown hooks run, and a --cpu-prof profile is written on a clean exit.
        child.kill('SIGINT');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      await cleanup();
    },
  };
}

module.exports = { startServer };
