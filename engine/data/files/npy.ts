import { parse } from 'npyjs';
import { count } from '../../model/budget';
import { DataFileError } from './problem';

/**
 * One `.npy` array → its numbers as float64, row-major, with its shape. NumPy's format: the magic
 * `\x93NUMPY`, a version, a header length, a Python-literal header `{'descr': '<f8', 'fortran_order':
 * False, 'shape': (150, 4)}`, then the data. The header is checked here before npyjs reads the
 * data: the element count it claims must fit the bytes that follow (a header claiming 10¹² elements
 * is one error, not an allocation); little-endian float16/32/64 and integers only; C order only.
 */
export interface NpyArray {
  readonly values: Float64Array;
  readonly shape: readonly number[];
  readonly dtype: string;
  /** An integer dtype: the values may be class ids. */
  readonly integer: boolean;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
/** Little-endian ('<', or '|' for one byte) codes npyjs reads, and their widths. */
const ITEM_BYTES: Readonly<Record<string, number>> = { f2: 2, f4: 4, f8: 8, i1: 1, u1: 1, i2: 2, u2: 2, i4: 4, u4: 4, i8: 8, u8: 8 };

interface Header {
  readonly code: string;
  readonly shape: readonly number[];
  readonly dataOffset: number;
}

/** `maxValues`: the data budget left; an array over it is refused from its header, before its data is read. */
export function readNpy(bytes: Uint8Array, maxValues = Infinity): NpyArray {
  const header = readHeader(bytes);
  const elements = header.shape.reduce((a, b) => a * b, 1);
  if (elements > maxValues) throw new DataFileError(`the array holds ${count(elements)} values (shape (${header.shape.join(', ')})); the data budget has room for ${count(maxValues)}`, {}, true);
  const have = bytes.length - header.dataOffset;
  const need = elements * ITEM_BYTES[header.code];
  if (need !== have) {
    const claim = `the header says shape (${header.shape.join(', ')}) of ${header.code}: ${count(elements)} values, ${count(need)} bytes`;
    throw new DataFileError(`${claim}, but ${count(have)} bytes of data follow (${need > have ? 'the file is cut short' : 'the file is longer'})`);
  }
  const parsed = parseData(bytes);
  return { values: toFloat64(parsed.data, elements), shape: header.shape, dtype: header.code, integer: header.code[0] !== 'f' };
}

function readHeader(bytes: Uint8Array): Header {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) throw new DataFileError('this is not a .npy file (it does not start with \\x93NUMPY)');
  const major = bytes[6];
  if (major < 1 || major > 3) throw new DataFileError(`unknown .npy format version ${major}.${bytes[7]}`);
  const wide = major >= 2;
  const start = wide ? 12 : 10;
  if (bytes.length < start) throw new DataFileError('the .npy header is cut short');
  const length = wide ? (bytes[8] | (bytes[9] << 8) | (bytes[10] << 16)) + bytes[11] * 2 ** 24 : bytes[8] | (bytes[9] << 8);
  if (start + length > bytes.length) throw new DataFileError(`the .npy header says it is ${count(length)} bytes long, but the file ends after ${count(bytes.length - start)}`);
  let text = '';
  for (let i = start; i < start + length; i++) text += String.fromCharCode(bytes[i]);
  return { ...readDict(text), dataOffset: start + length };
}

function readDict(text: string): Omit<Header, 'dataOffset'> {
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(text)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(text)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) throw new DataFileError("the .npy header lacks 'descr', 'fortran_order' or 'shape'");
  if (fortran === 'True') throw new DataFileError('the array is in Fortran (column-major) order; save it in C order (np.ascontiguousarray) — Backstep reads rows first');
  const order = descr[0];
  const code = descr.slice(1);
  if (order === '>' && ITEM_BYTES[code] > 1) throw new DataFileError(`the array is big-endian (${descr}); save it little-endian, e.g. with .astype('<f8')`);
  if (!ITEM_BYTES[code] || !'<|>'.includes(order)) throw new DataFileError(`the array's dtype ${descr} is not numbers Backstep reads: float16/32/64 or integers`);
  const dims = shapeText.split(',').map((d) => d.trim()).filter(Boolean);
  const shape = dims.map((d) => (/^\d{1,15}$/.test(d) ? Number(d) : NaN));
  if (shape.some((d) => !Number.isSafeInteger(d))) throw new DataFileError(`the .npy shape (${shapeText}) is not a list of whole numbers`);
  if (shape.length === 0) throw new DataFileError('the array is a single number (shape ()); data needs a first axis over examples');
  return { code, shape };
}

/** npyjs on an ArrayBuffer of exactly these bytes (it reads from offset 0 of the buffer it is given). */
function parseData(bytes: Uint8Array): { data: ArrayLike<number | bigint> } {
  const exact = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? (bytes.buffer as ArrayBuffer) : bytes.slice().buffer;
  try {
    return parse(exact) as unknown as { data: ArrayLike<number | bigint> };
  } catch (e) {
    throw new DataFileError(`the array's data cannot be read: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function toFloat64(data: ArrayLike<number | bigint>, elements: number): Float64Array {
  if (data instanceof Float64Array && data.length === elements) return data;
  const out = new Float64Array(elements);
  for (let i = 0; i < elements; i++) {
    const v = data[i];
    if (typeof v === 'bigint') {
      if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < -BigInt(Number.MAX_SAFE_INTEGER)) throw new DataFileError(`value ${v} at position ${i} is beyond 2⁵³ and cannot be a float64 exactly`);
      out[i] = Number(v);
    } else out[i] = v;
  }
  return out;
}
