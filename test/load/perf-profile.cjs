// On-CPU profiles of the server with Linux perf (`npm run load -- --perf artifacts/perf`): where a hot path's
// CPU goes, by package, thread and top frame.
//
// Why not only V8's --cpu-prof (profile-summary.cjs): V8 samples the main thread on a wall-clock timer, so a
// thread descheduled inside a socket write is charged to writeBuffer (29–45 % of a purchase's samples) though
// it burns no CPU, and the optimising compiler's own threads are not sampled at all. perf samples on-CPU
// time of every thread of the process, kernel included; node's --perf-basic-prof names the JS frames.
// Each sample is charged to the first JS frame on its stack (builtins, ICs and syscalls to the JS that
// called them); samples without one are the event loop's wait, GC or native work; other threads apart.
const { spawn, execFileSync } = require('node:child_process');
const { existsSync, rmSync } = require('node:fs');

/** Whether perf can record here (installed, and allowed to attach to our own processes). */
function perfAvailable() {
  try {
    execFileSync('perf', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Starts `perf record` on a process; the returned stop() ends it and waits until the file is written. */
function startPerf(pid, file, hz = 999) {
  const child = spawn('perf', ['record', '-F', String(hz), '-g', '-p', String(pid), '-o', file], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let errors = '';
  child.stderr.setEncoding('utf8').on('data', (s) => (errors = (errors + s).slice(-2000)));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return async () => {
    child.kill('SIGINT');
    await exited;
    if (!existsSync(file)) throw new Error(`perf record wrote nothing: ${errors}`);
  };
}

/** Where a JS frame's code lives: an npm package, node's own code, or the app's folder. */
function packageOf(sym) {
  const pkg = sym.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (pkg) return pkg[1];
  const app = sym.match(/(?:server|shared)\/dist\/([^:]*)\//);
  if (app) {
    const parts = app[1].split('/');
    return `app:${parts[0] === 'modules' && parts[1] ? `modules/${parts[1]}` : parts[0]}`;
  }
  const node = sym.match(/node:([a-z_]+)/);
  return node ? `node:${node[1]}` : 'js:other';
}

function nativeCategory(frames, mainThread) {
  const all = frames.join(' ');
  if (!mainThread) {
    if (/compiler::|OptimizingCompileDispatcher|Maglev/.test(all)) return '(thread: optimising compiler)';
    if (/Scavenger|Heap::|MarkCompact|Sweeper|Concurrent/.test(all)) return '(thread: gc)';
    return '(thread: libuv/other)';
  }
  if (/Scavenger|Heap::|MarkCompact/.test(all)) return '(main: gc)';
  if (/epoll|uv__io_poll|schedule/.test(all)) return '(main: event loop wait)';
  if (/compiler::/.test(all)) return '(main: compiler)';
  return '(main: native)';
}

/**
 * Reads a perf.data file: the share of samples by package (JS frames) or category, and the top JS frames.
 * @returns {{ samples: number, byPackage: { name: string, pct: number }[], topFrames: { name: string, pct: number }[] }}
 */
function summarisePerf(file, pid, top = 20) {
  const text = execFileSync('perf', ['script', '-i', file, '-F', 'tid,ip,sym'], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const byPackage = new Map();
  const byFrame = new Map();
  const add = (m, k) => m.set(k, (m.get(k) ?? 0) + 1);
  let samples = 0;
  let tid = null;
  let frames = [];
  const flush = () => {
    if (!frames.length) return;
    samples++;
    const js = frames.find((f) => f.startsWith('JS:'));
    if (js && tid === String(pid)) {
      add(byPackage, packageOf(js));
      add(
        byFrame,
        js
          .replace(/^JS:[*^~]?/, '')
          .replace(/\/\S*node_modules\//, '')
          .replace(/\/\S*\/dist\//, ''),
      );
    } else add(byPackage, nativeCategory(frames, tid === String(pid)));
    frames = [];
  };
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    if (!/^\s/.test(line)) {
      flush();
      tid = line.trim().split(/\s+/)[0];
    } else {
      const sym = line.trim().split(/\s+/).slice(1).join(' ');
      frames.push(sym);
    }
  }
  flush();
  const rank = (m) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, n]) => ({ name, pct: Number(((100 * n) / samples).toFixed(2)) }));
  return { samples, byPackage: rank(byPackage), topFrames: rank(byFrame) };
}

/** The summary as text for the report. */
function perfTable(label, s) {
  const rows = (list) => list.map((r) => `    ${r.pct.toFixed(2).padStart(6)} %  ${r.name}`);
  return [
    `perf ${label}: ${s.samples} on-CPU samples, by package (JS frames) or category`,
    ...rows(s.byPackage),
    '  top JS frames (each sample charged to the first JS frame on its stack)',
    ...rows(s.topFrames.slice(0, 12)),
  ].join('\n');
}

/** node writes its JIT symbol map to /tmp/perf-<pid>.map under --perf-basic-prof; removed after the run. */
function removePerfMap(pid) {
  rmSync(`/tmp/perf-${pid}.map`, { force: true });
}

module.exports = { perfAvailable, startPerf, summarisePerf, perfTable, removePerfMap };
