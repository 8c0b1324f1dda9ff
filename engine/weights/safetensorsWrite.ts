import { encodeUtf8 } from './utf8';

/**
 * Writes the safetensors format read by ./safetensorsRead.ts: the header lists the tensors in the
 * order given, their data follows in the same order with no gaps, and the header is padded with
 * spaces to a multiple of 8 bytes so every tensor's data starts 8-aligned (as the reference writer does).
 */
export interface TensorToWrite {
  readonly name: string;
  readonly dtype: 'F64' | 'F32';
  readonly shape: readonly number[];
  /** Row-major; its length must be the product of the shape. */
  readonly data: ArrayLike<number>;
}

export function writeSafetensors(tensors: readonly TensorToWrite[], metadata: Readonly<Record<string, string>> = {}): Uint8Array {
  const header: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  if (Object.keys(metadata).length) header.__metadata__ = { ...metadata };
  let offset = 0;
  for (const t of tensors) {
    if (t.name === '__metadata__' || Object.hasOwn(header, t.name)) throw new Error(`safetensors: tensor name "${t.name}" is ${t.name === '__metadata__' ? 'reserved' : 'repeated'}`);
    const size = t.shape.reduce((a, d) => a * d, 1);
    if (size !== t.data.length) throw new Error(`safetensors: tensor "${t.name}" has shape [${t.shape.join(', ')}] but ${t.data.length} values`);
    const bytes = size * (t.dtype === 'F64' ? 8 : 4);
    header[t.name] = { dtype: t.dtype, shape: [...t.shape], data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  const json = encodeUtf8(JSON.stringify(header));
  const n = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + n + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, n % 2 ** 32, true);
  view.setUint32(4, Math.floor(n / 2 ** 32), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + n);
  let at = 8 + n;
  for (const t of tensors) {
    const width = t.dtype === 'F64' ? 8 : 4;
    for (let i = 0; i < t.data.length; i++, at += width) {
      if (width === 8) view.setFloat64(at, t.data[i], true);
      else view.setFloat32(at, t.data[i], true);
    }
  }
  return out;
}
