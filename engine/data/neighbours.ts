import type { Rng } from '../random';
import type { DType } from '../tensor/dtype';
import { Tensor } from '../tensor/tensor';
import type { DataSet, FieldInfo } from './dataset';

/**
 * The neighbours task, made for multi-head attention: every position must name both of its
 * neighbours, the token before it and the token after it (the sequence wraps round: the first
 * token's left neighbour is the last). That is two different look-ups per position — one head can
 * look left while another looks right. source (N,T) ids 0 … K−1 (a, b, …); target (N,T) the pair
 * as one class, left·K + right, labelled "a_c" (K² classes).
 */
export interface NeighboursOptions {
  examples: number;
  length: number;
  symbols: number;
}

const letter = (i: number): string => (i < 26 ? String.fromCharCode(97 + i) : `s${i}`);

export function neighboursFields(o: NeighboursOptions): Record<string, FieldInfo> {
  const shape = [o.examples, o.length];
  return { source: { kind: 'index', shape, classes: o.symbols }, target: { kind: 'index', shape, classes: o.symbols * o.symbols } };
}

export function neighbours(o: NeighboursOptions, rng: Rng, dtype: DType = 'float64'): DataSet {
  const { examples: n, length: T, symbols: K } = o;
  const source = Tensor.zeros([n, T], dtype, 'data.source');
  const target = Tensor.zeros([n, T], dtype, 'data.target');
  for (let e = 0; e < n; e++) {
    const s = Array.from({ length: T }, () => rng.int(K));
    s.forEach((tok, t) => (source.data[e * T + t] = tok));
    for (let t = 0; t < T; t++) target.data[e * T + t] = s[(t + T - 1) % T] * K + s[(t + 1) % T];
  }
  const symbols = Array.from({ length: K }, (_, i) => letter(i));
  const pairs = symbols.flatMap((l) => symbols.map((r) => `${l}_${r}`));
  return {
    fields: { source: { kind: 'index', tensor: source, classes: K, vocab: symbols }, target: { kind: 'index', tensor: target, classes: K * K, vocab: pairs } },
    input: 'source',
    target: 'target',
  };
}
