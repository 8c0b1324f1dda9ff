import { LIMITS, overLimit } from '../limits';
import { KNOWN_UNREAD, SAFETENSORS_DTYPES } from './safetensorsDtypes';
import { decodeUtf8 } from './utf8';

/**
 * A safetensors file (github.com/huggingface/safetensors, "Format"):
 *   8 bytes   N, the header's length (unsigned 64-bit little-endian)
 *   N bytes   a UTF-8 JSON object {name: {dtype, shape, data_offsets: [begin, end]}, __metadata__?: {string: string}}
 *             (may end in spaces, which pad the data to 8 bytes)
 *   the rest  the data: tensor `name` is bytes [begin, end) of it, row-major, little-endian.
 * Every byte of the data belongs to exactly one tensor (no gaps, no overlaps), and
 * end − begin = (product of shape) × (bytes per element).
 *
 * `parseSafetensors` checks all of that — the header against the file's size and the limits of
 * ../limits.ts before it is decoded — and decodes no data; each entry's `values()` decodes one tensor
 * on demand, so a caller that wants a few keys pays for those. `readSafetensors` decodes them all.
 * A file that breaks a rule is a SafetensorsError naming the file and, where there is one, the tensor.
 */
export interface SafetensorsEntry {
  readonly name: string;
  /** As the file names it: `F64`, `F32`, `F16`, `BF16`, `I64`, `I32`, … (./safetensorsDtypes.ts). */
  readonly dtype: string;
  readonly shape: readonly number[];
  /** The elements in row-major order, as numbers (float32 and smaller types convert exactly). */
  values(): Float64Array;
}

export interface SafetensorsFile {
  /** In the order of their data (`data_offsets`). */
  readonly tensors: ReadonlyMap<string, SafetensorsEntry>;
  readonly metadata: ReadonlyMap<string, string>;
}

export interface SafetensorsTensor {
  readonly dtype: string;
  readonly shape: readonly number[];
  readonly data: Float64Array;
}

export class SafetensorsError extends Error {
  constructor(
    readonly file: string,
    readonly tensor: string | null,
    readonly problem: string,
  ) {
    super(`${file}: ${tensor === null ? '' : `tensor "${tensor}": `}${problem}`);
    this.name = 'SafetensorsError';
  }
}

/** Every tensor, decoded: name → dtype, shape, values. */
export function readSafetensors(bytes: Uint8Array, file: string): Map<string, SafetensorsTensor> {
  const parsed = parseSafetensors(bytes, file);
  return new Map([...parsed.tensors].map(([name, e]) => [name, { dtype: e.dtype, shape: e.shape, data: e.values() }]));
}

export function parseSafetensors(bytes: Uint8Array, file: string): SafetensorsFile {
  const n = safetensorsHeaderLength(bytes, bytes.length, file);
  const { dataStart, spans, metadata } = parseSafetensorsHeader(bytes.subarray(8, 8 + n), bytes.length, file);
  const tensors = new Map(spans.map((e) => [e.name, entryOf(e, bytes, dataStart, file)]));
  return { tensors, metadata };
}

/**
 * N, the header's length, from the file's first 8 bytes, checked against the limit and the file's
 * size before anything else is read (a reader of byte ranges reads the header next).
 */
export function safetensorsHeaderLength(first8: Uint8Array, fileSize: number, file: string): number {
  const bad = (problem: string): never => {
    throw new SafetensorsError(file, null, problem);
  };
  if (fileSize < 8 || first8.length < 8) bad(`is ${fileSize} bytes, shorter than the 8-byte header length of a safetensors file`);
  const view = new DataView(first8.buffer, first8.byteOffset, 8);
  const n = view.getUint32(4, true) * 2 ** 32 + view.getUint32(0, true);
  if (n > LIMITS.safetensorsHeader.max) bad(overLimit(LIMITS.safetensorsHeader, `the header is ${n} bytes`));
  if (8 + n > fileSize) bad(`the header length ${n} runs past the end of the file (${fileSize} bytes): not a safetensors file, or a truncated one`);
  return n;
}

/** Where a tensor's bytes are: [begin, end) of the data, which starts at byte `dataStart` of the file. */
export interface SafetensorsSpan {
  readonly name: string;
  readonly dtype: string;
  readonly shape: readonly number[];
  readonly begin: number;
  readonly end: number;
}

export interface SafetensorsHeader {
  readonly dataStart: number;
  /** In the order of their data. */
  readonly spans: readonly SafetensorsSpan[];
  readonly metadata: ReadonlyMap<string, string>;
}

/** The header's N bytes (after the 8-byte length), checked against a file of `fileSize` bytes; no data is read. */
export function parseSafetensorsHeader(headerBytes: Uint8Array, fileSize: number, file: string): SafetensorsHeader {
  const bad = (problem: string, tensor: string | null = null): never => {
    throw new SafetensorsError(file, tensor, problem);
  };
  const text = decodeUtf8(headerBytes);
  if (text === null) return bad('the header is not UTF-8 text');
  if (!text.startsWith('{')) bad('the header does not start with `{`: not a safetensors file');
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (e) {
    return bad(`the header is not JSON: ${(e as Error).message}`);
  }
  if (!isRecord(header)) return bad('the header is not a JSON object');
  const dataStart = 8 + headerBytes.length;
  const dataLength = fileSize - dataStart;
  const names = Object.keys(header).filter((k) => k !== '__metadata__');
  if (names.length > LIMITS.safetensorsTensors.max) bad(overLimit(LIMITS.safetensorsTensors, `the header lists ${names.length} tensors`));
  const spans = names.map((name) => readEntry(name, header[name], dataLength, bad));
  checkCoverage(spans, dataLength, bad);
  return { dataStart, spans, metadata: readMetadata(header.__metadata__, bad) };
}

type Bad = (problem: string, tensor?: string | null) => never;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

function readEntry(name: string, raw: unknown, dataLength: number, bad: Bad): SafetensorsSpan {
  if (!isRecord(raw)) return bad('is not an object {dtype, shape, data_offsets}', name);
  const extra = Object.keys(raw).filter((k) => k !== 'dtype' && k !== 'shape' && k !== 'data_offsets');
  if (extra.length) bad(`has unknown field${extra.length > 1 ? 's' : ''} ${extra.join(', ')} (a tensor has dtype, shape, data_offsets)`, name);
  const { dtype, shape, data_offsets: offsets } = raw;
  if (typeof dtype !== 'string') return bad('has no dtype string', name);
  const type = SAFETENSORS_DTYPES.get(dtype);
  if (!type) {
    const known = [...SAFETENSORS_DTYPES.keys()].join(', ');
    bad(KNOWN_UNREAD.includes(dtype) ? `has dtype ${dtype}, which Backstep does not read (it reads ${known})` : `has unknown dtype "${dtype}" (known: ${known})`, name);
  }
  if (!Array.isArray(shape) || !shape.every(isCount)) return bad(`has shape ${JSON.stringify(shape)}, not a list of whole numbers ≥ 0`, name);
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount)) return bad(`has data_offsets ${JSON.stringify(offsets)}, not [begin, end]`, name);
  const [begin, end] = offsets as number[];
  if (begin > end) bad(`has data_offsets [${begin}, ${end}]: begin after end`, name);
  if (end > dataLength) bad(`has data_offsets [${begin}, ${end}] past the end of the data (${dataLength} bytes)`, name);
  // The product is bounded by the span before it can lose precision: each factor is checked as it grows.
  let elements = 1;
  for (const d of shape as number[]) elements = d === 0 || elements === 0 ? 0 : elements * d > dataLength ? Infinity : elements * d;
  const expected = elements * type!.bytes;
  if (expected !== end - begin) {
    bad(`has shape [${(shape as number[]).join(', ')}] of ${dtype} (${Number.isFinite(expected) ? `${expected} bytes` : 'more bytes than the file holds'}) but data_offsets [${begin}, ${end}] span ${end - begin} bytes`, name);
  }
  return { name, dtype, shape: shape as number[], begin, end };
}

/** The spans, sorted, must tile [0, dataLength) exactly. */
function checkCoverage(entries: SafetensorsSpan[], dataLength: number, bad: Bad): void {
  entries.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let at = 0;
  let previous: SafetensorsSpan | null = null;
  for (const e of entries) {
    if (e.begin < at) bad(`its data [${e.begin}, ${e.end}) overlaps tensor "${previous!.name}" [${previous!.begin}, ${previous!.end})`, e.name);
    if (e.begin > at) bad(`bytes [${at}, ${e.begin}) of the data belong to no tensor`, e.name);
    at = e.end;
    previous = e;
  }
  if (at !== dataLength) bad(`bytes [${at}, ${dataLength}) at the end of the data belong to no tensor`);
}

/** Whether this machine stores numbers little-endian, as the format does (then floats are copied, not read one by one). */
const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

function entryOf(e: SafetensorsSpan, bytes: Uint8Array, dataStart: number, file: string): SafetensorsEntry {
  return {
    name: e.name,
    dtype: e.dtype,
    shape: e.shape,
    values: () => decodeSafetensors(bytes.subarray(dataStart + e.begin, dataStart + e.end), e.dtype, file, e.name),
  };
}

/** One tensor's bytes (little-endian, `dtype` as the file names it) as numbers; integers past ±2⁵³ are refused. */
export function decodeSafetensors(bytes: Uint8Array, dtype: string, file: string, name: string): Float64Array {
  const type = SAFETENSORS_DTYPES.get(dtype);
  if (!type) throw new SafetensorsError(file, name, `has unknown dtype "${dtype}"`);
  // A copy starts a fresh buffer, so it is aligned for a typed-array view whatever the offset was.
  // (Uint8Array's own slice: a Node Buffer's slice is a view into a shared pool.)
  const copy = () => Uint8Array.prototype.slice.call(bytes).buffer;
  if (LITTLE_ENDIAN && dtype === 'F64') return new Float64Array(copy());
  if (LITTLE_ENDIAN && dtype === 'F32') {
    const f32 = new Float32Array(copy());
    const out = new Float64Array(f32.length);
    out.set(f32);
    return out;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float64Array(Math.floor(bytes.length / type.bytes));
  for (let i = 0, at = 0; i < out.length; i++, at += type.bytes) out[i] = type.read(view, at);
  if (dtype === 'I64' || dtype === 'U64') {
    const lost = out.findIndex(Number.isNaN);
    if (lost >= 0) throw new SafetensorsError(file, name, `element ${lost} is past ±2⁵³ and cannot be held exactly`);
  }
  return out;
}

function readMetadata(raw: unknown, bad: Bad): Map<string, string> {
  if (raw === undefined) return new Map();
  if (!isRecord(raw)) return bad('__metadata__ is not an object of strings');
  const wrong = Object.entries(raw).find(([, v]) => typeof v !== 'string');
  if (wrong) bad(`__metadata__ "${wrong[0]}" is ${JSON.stringify(wrong[1])}, not a string`);
  return new Map(Object.entries(raw as Record<string, string>));
}
