#!/usr/bin/env node
// Summarises a V8 .cpuprofile (from `npm run load -- --node-args "--cpu-prof --cpu-prof-dir=<dir>"`) as text:
// self time by function and by package, and a top-down "flame" of inclusive time, so the note can show where
// a hot path's CPU goes without a browser.
//   node test/load/profile-summary.cjs <file.cpuprofile|dir> [--skip-ms 10000] [--top 30] [--min-pct 1.5]
//     --skip-ms N   ignore the first N ms of samples (server start-up and the harness's setup)
//     --top N       rows in the self-time tables
//     --min-pct P   flame branches below P % of the busy time are folded
//     --focus NAME  flame rooted at every frame whose function name is NAME (merged)
const { readFileSync, readdirSync, statSync } = require('node:fs');
const { join, sep } = require('node:path');

function parseArgs(argv) {
  const o = { skipMs: 0, top: 30, minPct: 1.5, focus: null, file: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--skip-ms') o.skipMs = Number(argv[++i]);
    else if (a === '--top') o.top = Number(argv[++i]);
    else if (a === '--min-pct') o.minPct = Number(argv[++i]);
    else if (a === '--focus') o.focus = argv[++i];
    else o.file = a;
  }
  if (!o.file) throw new Error('usage: profile-summary.cjs <file.cpuprofile|dir> [--skip-ms N] [--top N]');
  if (statSync(o.file).isDirectory()) {
    const files = readdirSync(o.file).filter((f) => f.endsWith('.cpuprofile'));
    if (!files.length) throw new Error(`no .cpuprofile in ${o.file}`);
    o.file = join(o.file, files.sort().at(-1));
  }
  return o;
}

/** Where a frame's code lives: an npm package (scoped names kept), node's own code, the app, or V8. */
function packageOf(url) {
  if (!url) return '(v8/native)';
  if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/')[0];
  const i =
    url.lastIndexOf(`node_modules${sep}`) >= 0
      ? url.lastIndexOf(`node_modules${sep}`)
      : url.lastIndexOf('node_modules/');
  if (i >= 0) {
    const rest = url.slice(i + 'node_modules/'.length).split(/[\\/]/);
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const m = url.match(/(server|shared)\/dist\/(.*)$/);
  if (m) return `app:${m[1]}/${m[2].split('/').slice(0, -1).join('/') || '.'}`;
  return url.replace(/^file:\/\//, '');
}

function label(node) {
  const f = node.callFrame;
  const name = f.functionName || '(anonymous)';
  if (!f.url) return name;
  const file = f.url
    .replace(/^file:\/\//, '')
    .split(/node_modules[\\/]/)
    .at(-1)
    .replace(/^.*\/(server|shared)\/dist\//, '$1/');
  return `${name} ${file}:${f.lineNumber + 1}`;
}

function summarise(profile, o) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // Sample i lasts timeDeltas[i + 1] (V8 records the delta before each sample).
  const self = new Map();
  let t = profile.startTime;
  const skipUntil = profile.startTime + o.skipMs * 1000;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i];
    if (t < skipUntil) continue;
    const dt = profile.timeDeltas[i + 1] ?? 0;
    self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + dt);
  }
  const special = new Set(['(idle)', '(program)', '(garbage collector)', '(root)']);
  let total = 0;
  let busy = 0;
  const specials = {};
  for (const [id, us] of self) {
    const name = byId.get(id).callFrame.functionName;
    total += us;
    if (name === '(idle)') specials.idle = (specials.idle ?? 0) + us;
    else busy += us;
    if (special.has(name)) specials[name] = (specials[name] ?? 0) + us;
  }

  const add = (map, key, us) => map.set(key, (map.get(key) ?? 0) + us);
  const byFn = new Map();
  const byPkg = new Map();
  for (const [id, us] of self) {
    const n = byId.get(id);
    if (n.callFrame.functionName === '(idle)') continue;
    add(byFn, label(n), us);
    add(byPkg, special.has(n.callFrame.functionName) ? n.callFrame.functionName : packageOf(n.callFrame.url), us);
  }

  // Inclusive time per node (self + children), then a merged tree keyed by label along the path.
  const incl = new Map();
  const inclOf = (id) => {
    if (incl.has(id)) return incl.get(id);
    const n = byId.get(id);
    let us = self.get(id) ?? 0;
    for (const c of n.children ?? []) us += inclOf(c);
    incl.set(id, us);
    return us;
  };
  for (const n of profile.nodes) inclOf(n.id);

  const merged = { label: 'all', us: 0, children: new Map() };
  const walk = (id, into) => {
    const n = byId.get(id);
    const us = incl.get(id);
    if (!us || n.callFrame.functionName === '(idle)') return;
    const key = label(n);
    let m = into.children.get(key);
    if (!m) into.children.set(key, (m = { label: key, us: 0, children: new Map() }));
    m.us += us;
    for (const c of n.children ?? []) walk(c, m);
  };
  const roots = [];
  if (o.focus) {
    for (const n of profile.nodes) {
      if (n.callFrame.functionName !== o.focus) continue;
      // Outermost occurrences only (a recursive focus would count twice).
      let p = parent.get(n.id);
      let nested = false;
      while (p !== undefined) {
        if (byId.get(p).callFrame.functionName === o.focus) nested = true;
        p = parent.get(p);
      }
      if (!nested) roots.push(n.id);
    }
  } else roots.push(profile.nodes[0].id);
  for (const r of roots) {
    if (o.focus) walk(r, merged);
    else for (const c of byId.get(r).children ?? []) walk(c, merged);
  }
  merged.us = [...merged.children.values()].reduce((s, c) => s + c.us, 0);

  const ms = (us) => (us / 1000).toFixed(0).padStart(7);
  const pct = (us, of) => ((100 * us) / of).toFixed(1).padStart(5) + '%';
  const tableOf = (map, title) => {
    const rows = [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, o.top);
    return [`${title} (ms, % of busy)`, ...rows.map(([k, us]) => `${ms(us)} ${pct(us, busy)}  ${k}`)].join('\n');
  };
  const flame = [];
  const minUs = (o.minPct / 100) * (o.focus ? merged.us : busy);
  const draw = (node, depth) => {
    const kids = [...node.children.values()].filter((c) => c.us >= minUs).sort((a, b) => b.us - a.us);
    for (const c of kids) {
      flame.push(`${ms(c.us)} ${pct(c.us, o.focus ? merged.us : busy)} ${'  '.repeat(depth)}${c.label}`);
      // Single-child chains (wrappers) are drawn on, not folded, so the path stays readable.
      draw(c, depth + 1);
    }
  };
  draw(merged, 0);

  return [
    `profile ${o.file}`,
    `window: ${(total / 1e6).toFixed(1)} s sampled after skipping ${o.skipMs} ms; busy ${(busy / 1e6).toFixed(2)} s ` +
      `(idle ${((specials.idle ?? 0) / 1e6).toFixed(2)} s, GC ${((specials['(garbage collector)'] ?? 0) / 1e3).toFixed(0)} ms, ` +
      `program ${((specials['(program)'] ?? 0) / 1e3).toFixed(0)} ms)`,
    '',
    tableOf(byPkg, 'self time by package'),
    '',
    tableOf(byFn, 'self time by function'),
    '',
    `flame (inclusive ms, % of ${o.focus ? `${o.focus}` : 'busy'}; branches under ${o.minPct}% folded)`,
    ...flame,
  ].join('\n');
}

if (require.main === module) {
  const o = parseArgs(process.argv.slice(2));
  console.log(summarise(JSON.parse(readFileSync(o.file, 'utf8')), o));
}

module.exports = { summarise, packageOf };
