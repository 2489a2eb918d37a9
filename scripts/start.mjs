#!/usr/bin/env node
// `npm start`: build whatever is missing or older than its sources, then run the server.
//   --no-build   start without checking builds      --force-build   rebuild everything
//   --workers=N  N worker processes on one port (npm run start:cluster: one per core; MySQL only)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

// Each step: the sources it is built from, the file whose mtime marks its last build, the command.
const steps = [
  {
    name: 'shared',
    inputs: [
      'shared/src',
      'shared/package.json',
      'shared/tsconfig.json',
      'shared/tsconfig.build.json',
      'tsconfig.json',
    ],
    output: 'shared/dist/index.js',
    cmd: ['run', 'build', '-w', '@member/shared'],
  },
  {
    name: 'server',
    inputs: [
      'server/src',
      'server/package.json',
      'server/tsconfig.json',
      'server/tsconfig.build.json',
      'tsconfig.json',
    ],
    output: 'server/dist/main.js',
    cmd: ['run', 'build', '-w', '@member/server'],
  },
  {
    name: 'console',
    inputs: [
      'server/console/src',
      'server/console/public',
      'server/console/index.html',
      'server/console/vite.config.ts',
      'server/console/tsconfig.json',
      'server/console/package.json',
      'shared/src',
    ],
    output: 'server/console/dist/index.html',
    cmd: ['run', 'build', '-w', '@member/console'],
  },
  {
    name: 'h5',
    inputs: [
      'miniprogram/src',
      'miniprogram/config',
      'miniprogram/babel.config.js',
      'miniprogram/project.config.json',
      'miniprogram/tsconfig.json',
      'miniprogram/package.json',
      'shared/src',
    ],
    output: 'miniprogram/dist/h5/index.html',
    cmd: ['run', 'build:h5', '-w', '@member/miniprogram'],
  },
];

/** Newest mtime (ms) of a file or anything below a directory; 0 if it does not exist. */
function newest(path) {
  let st;
  try {
    st = statSync(path);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs; // a deleted file bumps its folder's mtime
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry === 'dist') continue;
    max = Math.max(max, newest(join(path, entry)));
  }
  return max;
}

function seconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}

if (!args.has('--no-build')) {
  const total = Date.now();
  for (const step of steps) {
    const out = join(root, step.output);
    const srcTime = Math.max(...step.inputs.map((p) => newest(join(root, p))));
    const reason = args.has('--force-build')
      ? 'forced'
      : !existsSync(out)
        ? `${step.output} missing`
        : srcTime > statSync(out).mtimeMs
          ? 'sources changed'
          : null;
    if (!reason) {
      console.log(`[start] ${step.name}: up to date`);
      continue;
    }
    console.log(`[start] ${step.name}: building (${reason}) — npm ${step.cmd.join(' ')}`);
    const t = Date.now();
    const r = spawnSync(npm, step.cmd, { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) {
      console.error(
        `[start] ${step.name}: build failed after ${seconds(Date.now() - t)} (exit ${r.status ?? r.signal})`,
      );
      process.exit(r.status || 1);
    }
    console.log(`[start] ${step.name}: built in ${seconds(Date.now() - t)}`);
  }
  console.log(`[start] builds checked in ${seconds(Date.now() - total)}`);
}

const env = { ...process.env, NODE_ENV: process.env.NODE_ENV || 'development' };
// The last --workers= wins, so `npm run start:cluster -- --workers=3` overrides the script's default.
const serverArgs = [...args].filter((a) => a.startsWith('--workers=')).slice(-1);
console.log(`[start] node server/dist/main.js ${serverArgs.map((a) => `${a} `).join('')}(NODE_ENV=${env.NODE_ENV})`);
// Own process group: a terminal Ctrl-C reaches only us, and we forward it exactly once, so the server's
// graceful shutdown is not cut short by a second signal.
const child = spawn(process.execPath, [join(root, 'server/dist/main.js'), ...serverArgs], {
  cwd: root,
  env,
  stdio: 'inherit',
  detached: process.platform !== 'win32',
});

let lastForward = 0;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    // npm and the terminal may both deliver the same Ctrl-C: forward repeats only after 2 s.
    if (Date.now() - lastForward < 2000) return;
    lastForward = Date.now();
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  });
}
process.on('exit', () => {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});
child.on('error', (err) => {
  console.error(`[start] could not start the server: ${err.message}`);
  process.exit(1);
});
child.on('exit', (code, signal) => {
  const signals = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };
  process.exit(code ?? 128 + (signals[signal] ?? 1));
});
