import { zipSync } from 'fflate';

/** The bytes of a `.npy` file (format 1.0), built here so each test shows what it feeds the reader. */
export function npyBytes(descr: string, shape: readonly number[], data: Uint8Array, options: { fortran?: boolean; header?: string } = {}): Uint8Array {
  const dict = options.header ?? `{'descr': '${descr}', 'fortran_order': ${options.fortran ? 'True' : 'False'}, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  // NumPy pads the header with spaces and a newline so the data starts at a multiple of 64.
  const unpadded = 10 + dict.length + 1;
  const header = dict + ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + header.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, header.length & 0xff, header.length >> 8]);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  out.set(data, 10 + header.length);
  return out;
}

export const f64 = (values: readonly number[]) => new Uint8Array(Float64Array.from(values).buffer);
export const f32 = (values: readonly number[]) => new Uint8Array(Float32Array.from(values).buffer);
export const i64 = (values: readonly number[]) => new Uint8Array(BigInt64Array.from(values.map(BigInt)).buffer);

/** An `.npz` archive of these members (deflated, as np.savez_compressed writes). */
export function npzBytes(members: Readonly<Record<string, Uint8Array>>): Uint8Array {
  return zipSync(Object.fromEntries(Object.entries(members).map(([k, v]) => [`${k}.npy`, v])), { level: 6 });
}

export const utf8 = (text: string) => new TextEncoder().encode(text);
