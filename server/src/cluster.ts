import cluster, { type Worker } from 'node:cluster';
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism } from 'node:os';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AppConfig } from './config/app-config';

// `npm run start:cluster` (node server/dist/main.js --workers=N): N worker processes share one port through
// node:cluster (the primary accepts and hands connections round-robin). Everything that must hold across
// workers already lives in the database — job_run claims, outbox leases, rate-limit buckets, idempotency
// keys — and cached settings expire within SETTINGS_CACHE_TTL_MS, so workers need no shared memory except
// for the WeChat sandbox, which is a simulator kept in one process's memory:
//   - the first worker owns the sandbox; it also listens on a private loopback port, and every other worker
//     forwards /sandbox/wx/* there (and points its WeChat client at it), so codes minted through any worker
//     redeem on any worker;
//   - the sandbox clock cannot be moved: each process has its own Clock, so POST /sandbox/clock is refused.
// The first worker also runs the migrations and the bootstrap admin/demo seed alone: the others are forked
// only once it is listening, so no two processes ever migrate or seed at the same time.

const HELLO = 'member-cluster:hello';
const ROLE = 'member-cluster:role';
const READY = 'member-cluster:ready';
const SANDBOX = 'member-cluster:sandbox';
// The WeChat and WeChat Pay simulators keep their state in the owner worker's memory.
const SANDBOX_PATH = /^\/sandbox\/(wx|pay)\//;

interface RoleMessage {
  kind: typeof ROLE;
  owner: boolean;
  sandboxOrigin: string | null;
}

/** `--workers=N` (`auto`: one per core) among the arguments, or null when the server runs as one process. */
export function workersFromArgv(argv: string[]): number | null {
  const arg = argv.find((a) => a.startsWith('--workers='));
  if (!arg) return null;
  const value = arg.slice('--workers='.length);
  const n = value === 'auto' ? availableParallelism() : Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new Error(`--workers: expected 1–64 or auto, got ${value}`);
  return n;
}

function isMessage(m: unknown, kind: string): m is Record<string, unknown> {
  return typeof m === 'object' && m !== null && (m as { kind?: unknown }).kind === kind;
}

/**
 * The primary: refuses SQLite, forks the first worker (migrations, seed, sandbox), then the others, restarts
 * a worker that dies, and passes SIGINT/SIGTERM on so every worker shuts down gracefully.
 */
export function runClusterPrimary(config: AppConfig, count: number): void {
  if (config.usesSqlite) {
    console.error(
      '多进程模式需要 MySQL/MariaDB：SQLite 是单个文件，只能由一个进程写入。请设置 DATABASE_URL，或用 npm start 单进程运行。',
    );
    process.exit(78); // EX_CONFIG, as for any other bad configuration
  }
  let sandboxOrigin: string | null = null;
  let url: string | null = null;
  let allReady = false;
  let stopping = false;
  let exitCode = 0;
  const ready = new Set<Worker>();
  const restarts: number[] = [];

  const stopAll = (signal: NodeJS.Signals, code: number) => {
    if (stopping) return;
    stopping = true;
    exitCode = code;
    const live = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w && !w.isDead());
    if (live.length === 0) process.exit(exitCode);
    for (const w of live) w.process.kill(signal);
    setTimeout(() => {
      for (const w of Object.values(cluster.workers ?? {})) if (w && !w.isDead()) w.process.kill('SIGKILL');
    }, 15_000).unref();
  };

  const fork = (owner: boolean): void => {
    const worker = cluster.fork();
    worker.on('message', (m: unknown) => {
      if (isMessage(m, HELLO)) {
        worker.send({ kind: ROLE, owner, sandboxOrigin } satisfies RoleMessage);
      } else if (isMessage(m, READY)) {
        ready.add(worker);
        url = String(m.url);
        if (owner) {
          sandboxOrigin = (m.sandboxOrigin as string | null) ?? null;
          // A restarted owner has a new private port (and an empty simulator): tell the others.
          for (const w of ready) if (w !== worker) w.send({ kind: SANDBOX, origin: sandboxOrigin });
          if (!allReady) for (let i = 1; i < count; i++) fork(false);
        }
        if (!allReady && ready.size === count) {
          allReady = true;
          const pids = [...ready].map((w) => w.process.pid).join(', ');
          console.log(`集群就绪：${count} 个工作进程 (pid ${pids}) 共用 ${url}，主进程 pid ${process.pid}`);
        }
      }
    });
    worker.on('exit', (code, signal) => {
      ready.delete(worker);
      if (stopping) {
        if (Object.values(cluster.workers ?? {}).every((w) => !w || w.isDead())) process.exit(exitCode);
        return;
      }
      if (!allReady) {
        console.error(`工作进程启动失败 (exit ${code ?? signal})，集群停止`);
        stopAll('SIGTERM', 1);
        return;
      }
      const now = Date.now();
      restarts.push(now);
      while (restarts.length && now - restarts[0] > 60_000) restarts.shift();
      if (restarts.length > count * 3) {
        console.error('工作进程一分钟内反复退出，集群停止');
        stopAll('SIGTERM', 1);
        return;
      }
      console.error(`工作进程 pid ${worker.process.pid} 退出 (${code ?? signal})，重新启动`);
      fork(owner);
    });
  };

  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => stopAll(signal, 0));
  fork(true);
}

/** Answers like AllExceptionsFilter does, for the few requests refused before Nest sees them. */
function refuse(res: ServerResponse, status: number, body: { code: string; message: string }): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/** Sends the request, body untouched, to the sandbox owner and its answer back. */
function forward(req: IncomingMessage, res: ServerResponse, origin: string): void {
  const target = new URL(req.url ?? '/', origin);
  const upstream = request(target, { method: req.method, headers: { ...req.headers, host: target.host } }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  upstream.on('error', () => {
    if (res.headersSent) res.destroy();
    else refuse(res, 502, { code: 'WECHAT_UNAVAILABLE', message: '微信沙箱所在的工作进程暂不可用，请稍后再试' });
  });
  req.pipe(upstream);
}

export interface ClusterWorker {
  owner: boolean;
  /** startApp's `first` hook: worker header, the clock refusal, sandbox forwarding. */
  first: (app: NestExpressApplication) => void;
  /** After listen: the owner opens its private sandbox port; everyone reports ready to the primary. */
  started: (app: INestApplication, url: string) => Promise<void>;
}

/** This process's part in the cluster, once the primary has told it its role. */
export async function clusterWorker(config: AppConfig): Promise<ClusterWorker> {
  const role = await new Promise<RoleMessage>((resolve) => {
    const onMessage = (m: unknown) => {
      if (!isMessage(m, ROLE)) return;
      process.off('message', onMessage);
      resolve(m as unknown as RoleMessage);
    };
    process.on('message', onMessage);
    process.send?.({ kind: HELLO });
  });
  let sandboxOrigin = role.sandboxOrigin;
  process.on('message', (m: unknown) => {
    if (!isMessage(m, SANDBOX) || typeof m.origin !== 'string') return;
    sandboxOrigin = m.origin;
    config.bindSandboxOrigin(sandboxOrigin);
  });
  const id = String(cluster.worker?.id ?? 0);

  return {
    owner: role.owner,
    first: (app) => {
      app.use((req: IncomingMessage, res: ServerResponse, next: () => void) => {
        // Which worker answered: lets tests and operators see requests spread (an ordinal, not a pid).
        res.setHeader('X-Cluster-Worker', id);
        const path = req.url ?? '';
        if (req.method === 'POST' && /^\/sandbox\/clock\/?(\?|$)/.test(path)) {
          refuse(res, 403, {
            code: 'FORBIDDEN',
            message: '多进程模式下不能调整沙箱时钟：每个工作进程有自己的时钟。请用 npm start 单进程演示时间相关功能',
          });
        } else if (!role.owner && config.isSandbox && SANDBOX_PATH.test(path) && sandboxOrigin) {
          forward(req, res, sandboxOrigin);
        } else next();
      });
    },
    started: async (app, url) => {
      let origin: string | null = null;
      if (config.isSandbox && role.owner) {
        // The same Express app on a loopback port of its own: the other workers reach this simulator there.
        const server = createServer(app.getHttpAdapter().getInstance());
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        server.unref();
        origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        app.getHttpServer().once('close', () => server.close());
      } else origin = sandboxOrigin;
      if (origin) config.bindSandboxOrigin(origin);
      process.send?.({ kind: READY, url, sandboxOrigin: role.owner ? origin : null });
    },
  };
}
