// Draws the extension's 128×128 icon (extension/media/icon.png) without any image library: a small
// network (2 → 3 → 1 nodes) on a dark tile, with an orange arrow pointing back along it — stepping
// back through a network. Run: node tools/icon/makeIcon.mjs
import { writeFileSync, mkdirSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 128;
const SUPER = 4; // samples per pixel side, for smooth edges

const TILE = [30, 45, 70];
const EDGE = [120, 150, 190];
const NODE = [235, 240, 245];
const ARROW = [255, 150, 40];

const inputs = [[30, 38], [30, 80]];
const hidden = [[64, 24], [64, 59], [64, 94]];
const output = [[98, 59]];
const edges = [...inputs.flatMap((a) => hidden.map((b) => [a, b])), ...hidden.map((a) => [a, output[0]])];

function segmentDistance(px, py, [ax, ay], [bx, by]) {
  const dx = bx - ax, dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - ax - t * dx, py - ay - t * dy);
}

/** The colour at a point (in pixel units), or null outside the rounded tile. */
function colourAt(x, y) {
  const r = 22; // corner radius of the tile
  const cx = Math.min(Math.max(x, r), SIZE - r), cy = Math.min(Math.max(y, r), SIZE - r);
  if (Math.hypot(x - cx, y - cy) > r) return null;
  // The arrow: a shaft under the nodes' row and a head pointing left (back in time).
  if (y > 112 && y < 118 && x > 40 && x < 104) return ARROW;
  if (x >= 26 && x <= 42 && Math.abs(y - 115) <= (x - 26) * 0.6) return ARROW;
  for (const n of [...inputs, ...hidden, ...output]) if (Math.hypot(x - n[0], y - n[1]) <= 9) return NODE;
  for (const [a, b] of edges) if (segmentDistance(x, y, a, b) <= 1.6) return EDGE;
  return TILE;
}

function pixels() {
  const rgba = Buffer.alloc(SIZE * (SIZE * 4 + 1));
  for (let y = 0; y < SIZE; y++) {
    const row = y * (SIZE * 4 + 1);
    rgba[row] = 0; // PNG filter: none
    for (let x = 0; x < SIZE; x++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < SUPER; sy++) {
        for (let sx = 0; sx < SUPER; sx++) {
          const c = colourAt(x + (sx + 0.5) / SUPER, y + (sy + 0.5) / SUPER);
          if (!c) continue;
          for (let k = 0; k < 3; k++) sum[k] += c[k];
          sum[3] += 255;
        }
      }
      const covered = sum[3] / 255;
      const at = row + 1 + x * 4;
      for (let k = 0; k < 3; k++) rgba[at + k] = covered ? Math.round(sum[k] / covered) : 0;
      rgba[at + 3] = Math.round(sum[3] / (SUPER * SUPER));
    }
  }
  return rgba;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header.set([8, 6, 0, 0, 0], 8); // 8 bits per channel, RGBA, deflate, no filter choice, no interlace

const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(pixels(), { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
const out = new URL('../../extension/media/icon.png', import.meta.url);
mkdirSync(new URL('.', out), { recursive: true });
writeFileSync(out, png);
console.log(`wrote ${out.pathname} (${png.length} bytes)`);
