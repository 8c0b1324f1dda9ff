// Decodes the PNGs that Chromium's screenshots are (8-bit RGB or RGBA, not interlaced) into
// 0xrrggbb numbers, so that a test can read what was on screen without a browser round trip.
import { inflateSync } from 'node:zlib';

export interface Pixels {
  width: number;
  height: number;
  /** Row by row, 0xrrggbb. */
  rgb: number[];
}

const SIGNATURE = '89504e470d0a1a0a';

export function decodePng(png: Buffer): Pixels {
  if (png.subarray(0, 8).toString('hex') !== SIGNATURE) throw new Error('not a PNG');
  let width = 0;
  let height = 0;
  let channels = 0;
  const data: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const body = png.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      [width, height] = [body.readUInt32BE(0), body.readUInt32BE(4)];
      const [depth, colour, , , interlace] = body.subarray(8, 13);
      channels = colour === 6 ? 4 : colour === 2 ? 3 : 0;
      if (depth !== 8 || !channels || interlace !== 0) throw new Error(`PNG kind not read here: depth ${depth}, colour type ${colour}, interlace ${interlace}`);
    } else if (type === 'IDAT') data.push(body);
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(data));
  const stride = width * channels;
  const rows: Uint8Array[] = [];
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = Uint8Array.from(raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)));
    unfilter(filter, line, rows[y - 1] ?? new Uint8Array(stride), channels);
    rows.push(line);
  }
  const rgb: number[] = [];
  for (const line of rows) for (let x = 0; x < stride; x += channels) rgb.push((line[x]! << 16) | (line[x + 1]! << 8) | line[x + 2]!);
  return { width, height, rgb };
}

/** PNG's five line filters, undone in place (`prior` is the line above, already undone). */
function unfilter(filter: number, line: Uint8Array, prior: Uint8Array, bpp: number): void {
  for (let i = 0; i < line.length; i++) {
    const a = i >= bpp ? line[i - bpp]! : 0;
    const b = prior[i]!;
    const c = i >= bpp ? prior[i - bpp]! : 0;
    const add = filter === 0 ? 0 : filter === 1 ? a : filter === 2 ? b : filter === 3 ? (a + b) >> 1 : filter === 4 ? paeth(a, b, c) : Number.NaN;
    if (Number.isNaN(add)) throw new Error(`unknown PNG filter ${filter}`);
    line[i] = (line[i]! + add) & 0xff;
  }
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}
