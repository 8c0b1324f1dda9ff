import { Tensor } from '../../engine/tensor/tensor';
import type { TensorJson } from './adapter';

/** The reference README's check: |actual − expected| ≤ atol + rtol·|expected|, per element. */
export const RTOL = 1e-8;
export const ATOL = 1e-10;

export interface Mismatch {
  /** Where in the case, e.g. `grads.W` or `expected_seq[2].b`. */
  key: string;
  maxAbs: number;
  maxRel: number;
  message: string;
}

/** Compares any produced value with the expected one of the same place in a case. */
export function compareValue(key: string, actual: unknown, expected: unknown): Mismatch[] {
  if (isTensorJson(expected)) return compareNumbers(key, actual, expected.shape, expected.data);
  if (typeof expected === 'number') return compareNumbers(key, actual, [], [expected]);
  if (typeof expected === 'string') return actual === expected ? [] : [exact(key, `expected "${expected}", got ${show(actual)}`)];
  if (Array.isArray(expected)) return compareArray(key, actual, expected);
  if (expected !== null && typeof expected === 'object') return compareObject(key, actual, expected as Record<string, unknown>);
  return actual === expected ? [] : [exact(key, `expected ${show(expected)}, got ${show(actual)}`)];
}

function compareArray(key: string, actual: unknown, expected: unknown[]): Mismatch[] {
  if (expected.every((v) => typeof v === 'number')) {
    return compareNumbers(key, actual, [expected.length], expected as number[]);
  }
  if (!Array.isArray(actual) || actual.length !== expected.length) {
    return [exact(key, `expected a list of ${expected.length}, got ${show(actual)}`)];
  }
  return expected.flatMap((e, i) => compareValue(`${key}[${i}]`, actual[i], e));
}

function compareObject(key: string, actual: unknown, expected: Record<string, unknown>): Mismatch[] {
  if (actual === null || typeof actual !== 'object') return [exact(key, `expected an object with ${Object.keys(expected).join(', ')}, got ${show(actual)}`)];
  const a = actual as Record<string, unknown>;
  return Object.keys(expected).flatMap((k) =>
    k in a ? compareValue(key ? `${key}.${k}` : k, a[k], expected[k]) : [exact(key ? `${key}.${k}` : k, 'missing from the engine result')],
  );
}

function compareNumbers(key: string, actual: unknown, shape: number[], expected: ArrayLike<number>): Mismatch[] {
  const got = numbersOf(actual);
  if (!got) return [exact(key, `expected numbers of shape [${shape}], got ${show(actual)}`)];
  if (got.shape && !sameDims(got.shape, shape)) return [exact(key, `shape [${got.shape}] differs from the expected [${shape}]`)];
  if (got.data.length !== expected.length) return [exact(key, `${got.data.length} values, expected ${expected.length}`)];
  let maxAbs = 0;
  let maxRel = 0;
  let bad = false;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i];
    const d = Math.abs(got.data[i] - e);
    const err = Number.isNaN(d) ? Infinity : d;
    maxAbs = Math.max(maxAbs, err);
    maxRel = Math.max(maxRel, e === 0 ? (err === 0 ? 0 : Infinity) : err / Math.abs(e));
    if (!(err <= ATOL + RTOL * Math.abs(e))) bad = true;
  }
  return bad ? [{ key, maxAbs, maxRel, message: `max abs error ${fmt(maxAbs)}, max rel error ${fmt(maxRel)}` }] : [];
}

function numbersOf(v: unknown): { shape?: readonly number[]; data: ArrayLike<number> } | null {
  if (v instanceof Tensor) return { shape: v.shape, data: v.data };
  if (typeof v === 'number') return { data: [v] };
  if (isTensorJson(v)) return v;
  if (Array.isArray(v) && v.every((x) => typeof x === 'number')) return { data: v };
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return { data: v as unknown as ArrayLike<number> };
  return null;
}

/** A scalar may be written as shape [] or [1]; both hold one value. */
function sameDims(a: readonly number[], b: readonly number[]): boolean {
  if (a.length === b.length) return a.every((d, i) => d === b[i]);
  const size = (s: readonly number[]) => s.reduce((x, y) => x * y, 1);
  return size(a) === 1 && size(b) === 1;
}

function isTensorJson(v: unknown): v is TensorJson {
  return v !== null && typeof v === 'object' && Array.isArray((v as TensorJson).shape) && Array.isArray((v as TensorJson).data);
}

function exact(key: string, message: string): Mismatch {
  return { key, maxAbs: Infinity, maxRel: Infinity, message };
}

function fmt(x: number): string {
  return Number.isFinite(x) ? x.toExponential(2) : String(x);
}

function show(v: unknown): string {
  const s = v instanceof Tensor ? v.toString() : JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
