// Draws the tab-bar icons (81×81 PNG, WeChat's recommended size) from simple vector shapes,
// so the repo needs no downloaded artwork. Run: node miniprogram/scripts/gen-tab-icons.mjs
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SIZE = 81;
const STROKE = 0.075;
const OUT = join(dirname(fileURLToPath(import.meta.url)), '../src/assets/tab');
const COLORS = { normal: [0x7f, 0x7f, 0x7f], active: [0x07, 0xc1, 0x60] };

const len = (x, y) => Math.hypot(x, y);
function segment(px, py, ax, ay, bx, by) {
  const dx = bx - ax,
    dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return len(px - ax - t * dx, py - ay - t * dy);
}
// Signed distance to a rounded box given by corners and radius.
function box(px, py, x0, y0, x1, y1, r = 0) {
  const cx = (x0 + x1) / 2,
    cy = (y0 + y1) / 2;
  const qx = Math.abs(px - cx) - (x1 - x0) / 2 + r,
    qy = Math.abs(py - cy) - (y1 - y0) / 2 + r;
  return len(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}
const stroke = (d) => Math.abs(d) - STROKE / 2;

// Each icon returns a distance (≤ 0 inside the ink) for a point in the unit square.
const ICONS = {
  home: (x, y) =>
    Math.min(
      segment(x, y, 0.12, 0.48, 0.5, 0.16) - STROKE / 2,
      segment(x, y, 0.5, 0.16, 0.88, 0.48) - STROKE / 2,
      stroke(box(x, y, 0.24, 0.42, 0.76, 0.86, 0.04)),
      box(x, y, 0.42, 0.62, 0.58, 0.86),
    ),
  card: (x, y) =>
    Math.min(
      stroke(box(x, y, 0.1, 0.24, 0.9, 0.76, 0.08)),
      box(x, y, 0.1, 0.37, 0.9, 0.45),
      box(x, y, 0.2, 0.57, 0.46, 0.64),
    ),
  // A shopping bag: body, and a handle whose two legs reach into it.
  mall: (x, y) => {
    const body = stroke(box(x, y, 0.16, 0.34, 0.84, 0.88, 0.06));
    const arc = y < 0.3 ? stroke(len(x - 0.5, y - 0.3) - 0.15) : Infinity;
    const legs = Math.min(segment(x, y, 0.35, 0.3, 0.35, 0.48), segment(x, y, 0.65, 0.3, 0.65, 0.48)) - STROKE / 2;
    return Math.min(body, arc, legs);
  },
  mine: (x, y) => {
    const head = stroke(len(x - 0.5, y - 0.34) - 0.16);
    const shoulders =
      y < 0.86 ? stroke(len((x - 0.5) / 1.1, y - 0.9) - 0.3) : segment(x, y, 0.17, 0.86, 0.83, 0.86) - STROKE / 2;
    return Math.min(head, shoulders);
  },
};

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

function png(draw, [r, g, b]) {
  const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
  for (let py = 0; py < SIZE; py++) {
    raw[py * (SIZE * 4 + 1)] = 0; // filter: none
    for (let px = 0; px < SIZE; px++) {
      const d = draw((px + 0.5) / SIZE, (py + 0.5) / SIZE);
      const alpha = Math.max(0, Math.min(1, 0.5 - d * SIZE)); // one-pixel anti-aliased edge
      const o = py * (SIZE * 4 + 1) + 1 + px * 4;
      raw.set([r, g, b, Math.round(alpha * 255)], o);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(SIZE, 0);
  ihdr.writeUInt32BE(SIZE, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([sig, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

for (const [name, draw] of Object.entries(ICONS)) {
  writeFileSync(join(OUT, `${name}.png`), png(draw, COLORS.normal));
  writeFileSync(join(OUT, `${name}-active.png`), png(draw, COLORS.active));
}
console.log(`wrote ${Object.keys(ICONS).length * 2} icons to ${OUT}`);
