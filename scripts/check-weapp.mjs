#!/usr/bin/env node
// `npm run check:weapp`: compile the real WeChat target (miniprogram/dist/weapp) with WeChat's own
// compiler (miniprogram-ci, extracted from WeChat DevTools), offline, and check WeChat's package size
// limits on what it produces. Taro's build passing is not enough: DevTools and the upload run this
// compiler (wxss/wxml/json checks, ES6 → ES5, minify) and reject oversized packages.
// Builds nothing itself: run `npm run build:weapp -w @member/miniprogram` first.
// Exit 0 = compiled and within limits; 1 = compile error, missing page or a limit exceeded.
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ci from 'miniprogram-ci';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const projectPath = join(root, 'miniprogram/dist/weapp');

// WeChat's limits (MB = 1024 × 1024 bytes): main package, each subpackage, all packages together.
const MB = 1024 * 1024;
const LIMITS = { main: 2 * MB, subpackage: 2 * MB, total: 20 * MB };

// miniprogram-ci keeps worker handles open after compiling: always leave through process.exit.
function fail(message) {
  console.error(`[check:weapp] FAILED: ${message}`);
  process.exit(1);
}

if (!existsSync(join(projectPath, 'app.json'))) {
  fail(`${projectPath}/app.json not found; build first: npm run build:weapp -w @member/miniprogram`);
}
const app = JSON.parse(readFileSync(join(projectPath, 'app.json'), 'utf8'));
const subpackages = (app.subPackages ?? app.subpackages ?? []).map((p) => ({
  root: p.root.replace(/^\/+|\/+$/g, '') + '/',
  pages: p.pages ?? [],
}));

// miniprogram-ci's Project insists on an upload key even for a local compile. A throwaway key made here
// is enough: nothing is uploaded, and no key is ever committed. It lives in a private temp folder that is removed afterwards.
const tmp = mkdtempSync(join(tmpdir(), 'check-weapp-'));
const privateKeyPath = join(tmp, 'throwaway.key');
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
writeFileSync(privateKeyPath, privateKey.export({ type: 'pkcs1', format: 'pem' }), { mode: 0o600 });

const project = new ci.Project({
  // Not the real AppID: offline, the AppID only names the project.
  appid: 'touristappid',
  type: 'miniProgram',
  projectPath,
  privateKeyPath,
  // Project attributes normally come from WeChat's servers; give them here (with WeChat's size limits
  // in MB) so the compile stays offline.
  attr: async () => ({
    platform: false,
    appType: 0,
    isSandbox: false,
    released: false,
    gameApp: false,
    setting: {
      MaxCodeSize: LIMITS.main / MB,
      MaxSubpackageSubCodeSize: LIMITS.subpackage / MB,
      MaxSubpackageFullCodeSize: LIMITS.total / MB,
      MaxSubPackageLimit: 100,
      NavigateMiniprogramLimit: 10,
      MinTabbarCount: 2,
      MaxTabbarCount: 5,
      MaxTabbarIconSize: 40,
      MaxCustomTabbarCount: 5,
    },
  }),
});

console.log(`[check:weapp] compiling ${projectPath} with miniprogram-ci (es6 → es5, minify)`);
console.log("[check:weapp] (offline, its failed lookup of WeChat's extension list is expected and harmless)");
const started = Date.now();
let files;
try {
  files = await ci.getCompiledResult({ project, setting: { es6: true, minify: true } }, join(tmp, 'out.zip'));
} catch (err) {
  rmSync(tmp, { recursive: true, force: true });
  const code = err?.code ?? err?.errCode;
  // Its code frames quote whole minified lines (vendors.js is one 150 KB line): shorten long lines.
  const message = String(err?.message ?? err)
    .split('\n')
    .map((line) => (line.length > 300 ? `${line.slice(0, 300)} …` : line))
    .join('\n');
  fail(`WeChat's compiler rejected the build${code ? ` (code ${code})` : ''}:\n${message}`);
}
rmSync(tmp, { recursive: true, force: true });
const seconds = ((Date.now() - started) / 1000).toFixed(1);

// Sizes of the compiled files, each counted in the subpackage whose root contains it, else in main.
const sizes = { main: 0, total: 0, subs: new Map(subpackages.map((p) => [p.root, 0])) };
const names = new Set();
for (const [key, content] of Object.entries(files)) {
  const name = key.replace(/^(\.\/|\/)+/, '');
  const bytes = Buffer.byteLength(content);
  names.add(name);
  sizes.total += bytes;
  const sub = subpackages.find((p) => name.startsWith(p.root));
  if (sub) sizes.subs.set(sub.root, sizes.subs.get(sub.root) + bytes);
  else sizes.main += bytes;
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const problems = [];
const rows = [['main package', sizes.main, LIMITS.main]];
for (const [subRoot, bytes] of sizes.subs) rows.push([`subpackage ${subRoot}`, bytes, LIMITS.subpackage]);
rows.push(['all packages', sizes.total, LIMITS.total]);
console.log(`[check:weapp] compiled ${names.size} files in ${seconds} s`);
for (const [label, bytes, limit] of rows) {
  const over = bytes > limit;
  if (over) problems.push(`${label} is ${kb(bytes)}, over WeChat's limit of ${kb(limit)}`);
  console.log(`  ${label.padEnd(28)} ${kb(bytes).padStart(10)}  / ${kb(limit)}${over ? '  OVER LIMIT' : ''}`);
}

// Every page app.json declares must come out of the compiler (a page missing here fails on the device).
const pages = [...(app.pages ?? []), ...subpackages.flatMap((p) => p.pages.map((page) => p.root + page))];
for (const page of pages) if (!names.has(`${page}.js`)) problems.push(`page ${page} has no ${page}.js`);

if (problems.length) fail(problems.join('\n  '));
console.log(`[check:weapp] ok: compiled by WeChat's compiler, ${pages.length} pages, within size limits`);
process.exit(0);
