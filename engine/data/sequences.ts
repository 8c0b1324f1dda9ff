import type { Rng } from '../random';
import type { DType } from '../tensor/dtype';
import { Tensor } from '../tensor/tensor';
import type { DataSet, FieldInfo } from './dataset';

/**
 * Sequence tasks that test memory. Copy and reverse are token tasks for encoder–decoders: `source`
 * (N,T) ids, `target` (N,T) the answer, `target_in` (N,T) the answer shifted right behind `<bos>`
 * (teacher forcing). First-bit and adding are the classic long-memory regression tasks for RNNs.
 */
export interface TokenTaskOptions {
  examples: number;
  length: number;
  /** How many distinct symbols (a, b, c, …) the sequences use. */
  symbols: number;
}

export interface MemoryTaskOptions {
  examples: number;
  length: number;
}

/** Id 0 is `<bos>`; the symbols are 1..symbols. */
export function tokenVocab(symbols: number): string[] {
  return ['<bos>', ...Array.from({ length: symbols }, (_, i) => symbolName(i))];
}

function symbolName(i: number): string {
  return i < 26 ? String.fromCharCode(97 + i) : `s${i}`;
}

export function tokenTaskFields(o: TokenTaskOptions): Record<string, FieldInfo> {
  const shape = [o.examples, o.length];
  const classes = o.symbols + 1;
  return { source: { kind: 'index', shape, classes }, target: { kind: 'index', shape, classes }, target_in: { kind: 'index', shape, classes } };
}

export function copyTask(o: TokenTaskOptions, rng: Rng, dtype: DType = 'float64'): DataSet {
  return tokenTask(o, rng, dtype, (s) => s);
}

export function reverseTask(o: TokenTaskOptions, rng: Rng, dtype: DType = 'float64'): DataSet {
  return tokenTask(o, rng, dtype, (s) => [...s].reverse());
}

function tokenTask(o: TokenTaskOptions, rng: Rng, dtype: DType, answer: (s: number[]) => number[]): DataSet {
  const source: number[] = [];
  const target: number[] = [];
  const targetIn: number[] = [];
  for (let n = 0; n < o.examples; n++) {
    const s = Array.from({ length: o.length }, () => 1 + rng.int(o.symbols));
    const t = answer(s);
    source.push(...s);
    target.push(...t);
    targetIn.push(0, ...t.slice(0, -1));
  }
  const shape = [o.examples, o.length];
  const vocab = tokenVocab(o.symbols);
  const field = (values: number[], name: string) => ({ kind: 'index' as const, tensor: Tensor.of(values, shape, dtype, `data.${name}`), classes: o.symbols + 1, vocab });
  return { fields: { source: field(source, 'source'), target: field(target, 'target'), target_in: field(targetIn, 'target_in') }, input: 'source', target: 'target' };
}

export function memoryTaskFields(o: MemoryTaskOptions, channels: number): Record<string, FieldInfo> {
  return { x: { kind: 'float', shape: [o.examples, o.length, channels] }, y: { kind: 'float', shape: [o.examples, 1] } };
}

/** x (N,T,1) random bits; y (N,1) the first of them — the answer lies T steps back. */
export function firstBit(o: MemoryTaskOptions, rng: Rng, dtype: DType = 'float64'): DataSet {
  const x = Tensor.zeros([o.examples, o.length, 1], dtype, 'data.x');
  const y = Tensor.zeros([o.examples, 1], dtype, 'data.y');
  for (let n = 0; n < o.examples; n++) {
    for (let t = 0; t < o.length; t++) x.data[n * o.length + t] = rng.int(2);
    y.data[n] = x.data[n * o.length];
  }
  return { fields: { x: { kind: 'float', tensor: x }, y: { kind: 'float', tensor: y } }, input: 'x', target: 'y' };
}

/**
 * The adding problem (Hochreiter & Schmidhuber, 1997): x (N,T,2), channel 0 uniform values in [0,1),
 * channel 1 marks one step in each half with 1; y (N,1) is the sum of the two marked values.
 */
export function adding(o: MemoryTaskOptions, rng: Rng, dtype: DType = 'float64'): DataSet {
  const x = Tensor.zeros([o.examples, o.length, 2], dtype, 'data.x');
  const y = Tensor.zeros([o.examples, 1], dtype, 'data.y');
  const half = Math.max(1, Math.floor(o.length / 2));
  for (let n = 0; n < o.examples; n++) {
    const base = n * o.length * 2;
    for (let t = 0; t < o.length; t++) x.data[base + 2 * t] = rng.uniform();
    const marks = [rng.int(half), half + rng.int(Math.max(1, o.length - half))].map((t) => Math.min(t, o.length - 1));
    for (const t of new Set(marks)) {
      x.data[base + 2 * t + 1] = 1;
      y.data[n] += x.data[base + 2 * t];
    }
  }
  return { fields: { x: { kind: 'float', tensor: x }, y: { kind: 'float', tensor: y } }, input: 'x', target: 'y' };
}
