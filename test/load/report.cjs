// The load harness's output: a table on stdout, JSON under artifacts/ (one file per run plus
// load-latest.json), and the deltas against an earlier JSON (`npm run load -- --compare <file>`).
const { mkdirSync, readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..', '..');
const artifactsDir = () => process.env.ARTIFACTS_DIR || join(ROOT, 'artifacts');

const fmt = (v, digits = 1) => (v === null || v === undefined ? '—' : Number(v).toFixed(digits));

/** The run as a readable table. */
function table(r, showTrace = false) {
  const cols = [
    ['phase', 22, (p) => p.label],
    ['ops', 6, (p) => String(p.ops)],
    ['failed', 6, (p) => String(p.failed)],
    ['ops/s', 8, (p) => fmt(p.perSecond, 0)],
    ['p50 ms', 8, (p) => fmt(p.p50Ms)],
    ['p90 ms', 8, (p) => fmt(p.p90Ms)],
    ['p99 ms', 8, (p) => fmt(p.p99Ms)],
    ['max ms', 8, (p) => fmt(p.maxMs)],
    ['SQL/op', 7, (p) => fmt(p.roundTripsPerOp, 2)],
    ['CPU ms/op', 9, (p) => fmt(p.serverCpuMsPerOp, 2)],
    [
      'usr+sys',
      11,
      (p) => (p.serverUserMsPerOp == null ? '—' : `${fmt(p.serverUserMsPerOp, 2)}+${fmt(p.serverSysMsPerOp, 2)}`),
    ],
  ];
  const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(cols[i][1]) : c.padStart(cols[i][1]))).join('  ');
  const out = [
    `load ${r.scenario}: ${r.operation}   commit ${r.commit?.slice(0, 10) ?? '?'}${r.dirty ? ' (+uncommitted changes)' : ''}`,
    `machine ${r.machine.cpus} CPUs, load average ${r.machine.loadavg.join(' ')} at start (shared machines are noisy: compare SQL/op and CPU ms/op first)`,
    line(cols.map((c) => c[0])),
    ...r.phases.map((p) => line(cols.map((c) => c[2](p)))),
  ];
  for (const mode of ['closed', 'open']) {
    const api = r.phases.find((p) => p.mode === mode && p.target === 'api');
    const raw = r.phases.find((p) => p.mode === mode && p.target === 'raw');
    if (api && raw) {
      out.push(
        `${mode} loop API/floor: throughput ${fmt(api.perSecond / raw.perSecond, 2)}×, p50 ${fmt(api.p50Ms / raw.p50Ms, 2)}×, p99 ${fmt(api.p99Ms / raw.p99Ms, 2)}×`,
      );
    }
  }
  out.push(
    `SQL round trips per operation, alone: ${r.roundTripsPerOp} (samples ${r.roundTripSamples.join(', ')}; SQL/op above is the mean under load: tier promotions and cache reloads included)`,
    `server (built, own process): peak RSS ${fmt(r.server.maxRssMB)} MB; outbox left behind: ${r.server.outboxDrain.done} items delivered in ${r.server.outboxDrain.statements} statements after the run`,
    `ledger invariants: ${r.invariants.ok ? 'OK' : 'VIOLATED'} — ${r.invariants.output.split('\n')[0]}`,
    ...(r.couponInvariants
      ? [
          `coupon invariants: ${r.couponInvariants.ok ? 'OK' : 'VIOLATED'} — ${r.couponInvariants.coupons} coupons of ${r.couponInvariants.templates} templates${r.couponInvariants.ok ? '' : `: ${r.couponInvariants.violations.map((v) => `${v.rule} (${v.detail})`).join('; ')}`}`,
        ]
      : []),
    `server start ${r.timings.serverStartSeconds} s, setup + warm-up (${r.options.warmUp ?? '?'} operations) ${r.timings.setupSeconds} s, total ${r.timings.totalSeconds} s`,
  );
  for (const p of r.phases.filter((x) => x.maxSendLagMs > 10)) {
    out.push(`  ${p.label}: the client process sent up to ${fmt(p.maxSendLagMs)} ms late (included in its latencies)`);
  }
  for (const p of r.phases) for (const f of p.failures) out.push(`  ${p.label} failure: ${f}`);
  if (showTrace)
    out.push(
      `the ${r.trace.length} round trips of one operation (statements sent together indented under the first):`,
      ...r.trace.flatMap((trip) => trip.split(' ⏎ ').map((s, i) => `${i ? '      ' : '  '}${s.slice(0, 150)}`)),
    );
  return out.join('\n');
}

/** Writes artifacts/load-<scenario>-<timestamp>.json and artifacts/load-latest.json; returns the first path. */
function writeArtifacts(r) {
  const dir = artifactsDir();
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `load-${r.scenario}-${r.startedAt.replace(/[:.]/g, '-')}.json`);
  const text = JSON.stringify(r, null, 2) + '\n';
  writeFileSync(file, text);
  writeFileSync(join(dir, 'load-latest.json'), text);
  return file;
}

/** Deltas of the headline figures per phase, this run against an earlier one. */
function compare(before, after) {
  const metrics = [
    ['ops/s', 'perSecond', 0],
    ['p50 ms', 'p50Ms', 1],
    ['p99 ms', 'p99Ms', 1],
    ['SQL/op', 'roundTripsPerOp', 2],
    ['CPU ms/op', 'serverCpuMsPerOp', 2],
  ];
  const out = [
    `compared with ${before.commit?.slice(0, 10) ?? '?'}${before.dirty ? '+' : ''} (${before.startedAt}) → ${after.commit?.slice(0, 10) ?? '?'}${after.dirty ? '+' : ''} (${after.startedAt})`,
  ];
  for (const p of after.phases) {
    const q = before.phases.find((x) => x.mode === p.mode && x.target === p.target);
    if (!q) {
      out.push(`  ${p.label.padEnd(22)} (not in the earlier run)`);
      continue;
    }
    const cells = metrics.map(([name, key, d]) => {
      const a = q[key];
      const b = p[key];
      if (a === null || b === null || a === undefined || b === undefined) return `${name} —`;
      const pct = a === 0 ? '' : ` (${b >= a ? '+' : ''}${(((b - a) / a) * 100).toFixed(0)}%)`;
      return `${name} ${fmt(a, d)}→${fmt(b, d)}${pct}`;
    });
    out.push(`  ${p.label.padEnd(22)} ${cells.join('   ')}`);
  }
  out.push(`  SQL round trips per operation, alone: ${before.roundTripsPerOp ?? '—'}→${after.roundTripsPerOp}`);
  // Which statements a lone operation gained or lost (by their first 100 characters).
  const bag = (trace) => {
    const m = new Map();
    for (const q of trace ?? []) m.set(q.slice(0, 100), (m.get(q.slice(0, 100)) ?? 0) + 1);
    return m;
  };
  const [was, now] = [bag(before.trace), bag(after.trace)];
  for (const q of new Set([...was.keys(), ...now.keys()])) {
    const d = (now.get(q) ?? 0) - (was.get(q) ?? 0);
    if (d !== 0) out.push(`    ${d > 0 ? '+' : '−'}${Math.abs(d)} ${q}`);
  }
  if (before.server?.maxRssMB && after.server?.maxRssMB) {
    out.push(`  peak RSS ${fmt(before.server.maxRssMB)}→${fmt(after.server.maxRssMB)} MB`);
  }
  const differs = Object.keys(after.options).filter(
    (k) => k in before.options && before.options[k] !== after.options[k],
  );
  if (differs.length) {
    out.push(
      `  note: different options: ${differs.map((k) => `${k} ${before.options[k]}→${after.options[k]}`).join(', ')}`,
    );
  }
  return out.join('\n');
}

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

module.exports = { table, writeArtifacts, compare, readJson, artifactsDir };
