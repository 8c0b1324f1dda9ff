import { dict } from '../dict';
import { LIMITS, overLimit } from '../limits';
import type { TraceDType } from './format';
import { TraceError } from './traceError';

export type Json = Record<string, unknown>;

/** Bytes per element of each dtype a recording stores. */
export const TRACE_DTYPE_BYTES: Readonly<Record<TraceDType, number>> = { F64: 8, F32: 4, F16: 2, BF16: 2, I64: 8, I32: 4, I16: 2, I8: 1, U8: 1, BOOL: 1 };

/**
 * The checks of one JSON value of a recording, each failing with a TraceError naming the file and
 * the entry (`where`): the header's and a step's checkers (./checkIndex.ts, ./checkStep.ts) share them.
 */
export class JsonChecker {
  constructor(readonly file: string) {}

  bad(where: string, problem: string): never {
    throw new TraceError(this.file, where, problem);
  }

  obj(v: unknown, where: string): Json {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return this.bad(where, `is ${describe(v)}, not an object`);
    return v as Json;
  }

  arr(v: unknown, where: string): unknown[] {
    if (!Array.isArray(v)) return this.bad(where, `is ${describe(v)}, not a list`);
    return v;
  }

  str(v: unknown, where: string): string {
    if (typeof v !== 'string') return this.bad(where, `is ${describe(v)}, not a string`);
    if (v.length > LIMITS.traceNameChars.max) this.bad(where, overLimit(LIMITS.traceNameChars, `it has ${v.length} characters`));
    return v;
  }

  num(v: unknown, where: string): number {
    if (!isNumber(v)) return this.bad(where, `is ${describe(v)}, not a number`);
    return v;
  }

  count(v: unknown, where: string): number {
    if (!isCount(v)) return this.bad(where, `is ${describe(v)}, not a whole number ≥ 0`);
    return v;
  }

  whole(v: unknown, where: string): number {
    if (typeof v !== 'number' || !Number.isSafeInteger(v)) return this.bad(where, `is ${describe(v)}, not a whole number`);
    return v;
  }

  record<V>(v: unknown, where: string, item: (value: unknown, key: string, where: string) => V): Record<string, V> {
    return dict(Object.entries(this.obj(v, where)).map(([k, x]) => [this.str(k, where), item(x, k, `${where}.${k}`)] as const));
  }

  dtype(v: unknown, where: string): TraceDType {
    if (typeof v !== 'string' || !Object.hasOwn(TRACE_DTYPE_BYTES, v)) return this.bad(where, `is ${describe(v)}, not one of ${Object.keys(TRACE_DTYPE_BYTES).join(', ')}`);
    return v as TraceDType;
  }

  /** The dims and their product, which stays a safe integer (a huge product is refused, never computed past 2⁵³). */
  shape(v: unknown, where: string): { shape: number[]; elements: number } {
    const dims = this.arr(v, where);
    if (dims.length > LIMITS.traceRank.max) this.bad(where, overLimit(LIMITS.traceRank, `it has ${dims.length} dimensions`));
    let elements = 1;
    const shape = dims.map((d, i) => {
      const n = isCount(d) ? d : this.count(d, `${where}[${i}]`);
      elements *= n;
      if (elements > Number.MAX_SAFE_INTEGER) this.bad(where, `declares more than 2⁵³ elements`);
      return n;
    });
    return { shape, elements };
  }

  /** A file inside `<index>.chunks/` (a chunk, a step's file). */
  chunk(v: unknown, where: string): string {
    const name = this.str(v, where);
    if (!CHUNK_NAME.test(name)) this.bad(where, `is "${name}", not a file name inside the chunks folder`);
    return name;
  }
}

/**
 * The checks' fast paths: a step holds thousands of numbers, and the entry named in a message is
 * built only when one is wrong.
 */
export function isNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

export function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

/** A chunk is a plain file name inside `<index>.chunks/`: no separators, no leading dot (so never `..`). */
const CHUNK_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,254}$/;

export function describe(v: unknown): string {
  if (v === undefined) return 'missing';
  if (Array.isArray(v)) return 'a list';
  // Never serialised whole: a hostile value may nest deeper than JSON.stringify recurses.
  if (typeof v === 'object' && v !== null) return 'an object';
  const text = JSON.stringify(v);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
