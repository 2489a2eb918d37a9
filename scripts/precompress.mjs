#!/usr/bin/env node
// Writes .br and .gz next to every compressible file of a static build (the console, the H5 pages), so
// the server sends compressed bytes without compressing per request. Run after each build:
//   node scripts/precompress.mjs <dist dir>
// Files that do not shrink by at least 10 % get no compressed copy.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt|map|ttf|woff)$/;
const dir = process.argv[2];
if (!dir) {
  console.error('usage: node scripts/precompress.mjs <dist dir>');
  process.exit(2);
}

function* files(d) {
  for (const name of readdirSync(d)) {
    const path = join(d, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (COMPRESSIBLE.test(name)) yield path;
  }
}

let before = 0;
let after = 0;
let count = 0;
for (const path of files(dir)) {
  const raw = readFileSync(path);
  if (raw.length < 1024) continue;
  const br = brotliCompressSync(raw, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
  });
  if (br.length > raw.length * 0.9) continue;
  writeFileSync(`${path}.br`, br);
  writeFileSync(`${path}.gz`, gzipSync(raw, { level: 9 }));
  before += raw.length;
  after += br.length;
  count++;
}
const kb = (n) => `${Math.round(n / 1024)} KB`;
console.log(`precompressed ${count} files in ${dir}: ${kb(before)} → ${kb(after)} (brotli)`);
