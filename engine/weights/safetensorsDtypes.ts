/**
 * The safetensors element types Backstep reads, one row each: bytes per element and how one
 * little-endian element becomes a number. The format also names F8_E4M3, F8_E5M2 and complex types;
 * those are refused by name (`KNOWN_UNREAD`) rather than reported as unknown.
 */
export interface SafetensorsDtype {
  readonly bytes: number;
  /** The element at byte `at` (little-endian); integers past 2⁵³ return NaN (the caller refuses them). */
  read(view: DataView, at: number): number;
}

/** IEEE half: 1 sign, 5 exponent, 10 fraction bits. */
function half(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >> 10) & 0x1f;
  const frac = bits & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/** bfloat16 is the top half of a float32. */
function bfloat(view: DataView, at: number): number {
  const f = new DataView(new ArrayBuffer(4));
  f.setUint16(0, view.getUint16(at, true), false);
  return f.getFloat32(0, false);
}

function safe(v: bigint): number {
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : NaN;
}

export const SAFETENSORS_DTYPES: ReadonlyMap<string, SafetensorsDtype> = new Map<string, SafetensorsDtype>([
  ['F64', { bytes: 8, read: (v, at) => v.getFloat64(at, true) }],
  ['F32', { bytes: 4, read: (v, at) => v.getFloat32(at, true) }],
  ['F16', { bytes: 2, read: (v, at) => half(v.getUint16(at, true)) }],
  ['BF16', { bytes: 2, read: bfloat }],
  ['I64', { bytes: 8, read: (v, at) => safe(v.getBigInt64(at, true)) }],
  ['U64', { bytes: 8, read: (v, at) => safe(v.getBigUint64(at, true)) }],
  ['I32', { bytes: 4, read: (v, at) => v.getInt32(at, true) }],
  ['U32', { bytes: 4, read: (v, at) => v.getUint32(at, true) }],
  ['I16', { bytes: 2, read: (v, at) => v.getInt16(at, true) }],
  ['U16', { bytes: 2, read: (v, at) => v.getUint16(at, true) }],
  ['I8', { bytes: 1, read: (v, at) => v.getInt8(at) }],
  ['U8', { bytes: 1, read: (v, at) => v.getUint8(at) }],
  ['BOOL', { bytes: 1, read: (v, at) => (v.getUint8(at) ? 1 : 0) }],
]);

/** Named by the format but not read by Backstep. */
export const KNOWN_UNREAD: readonly string[] = ['F8_E4M3', 'F8_E5M2', 'F8_E8M0', 'F6_E2M3', 'F6_E3M2', 'F4', 'C64'];
