import { dict } from '../dict';
import type { Rng } from '../random';
import { Tensor } from '../tensor/tensor';
import type { DataField, DataSet } from './dataset';

/** How many of `n` examples `validation: fraction` holds out: round(n · fraction). */
export function heldOut(n: number, fraction: number): number {
  return Math.round(n * fraction);
}

/**
 * The examples held out: the first `held` of a permutation drawn from `rng` (a stream of its own, so
 * the split is the same every run and the data itself does not change), each side in data order.
 */
export function splitRows(n: number, held: number, rng: Rng): { readonly train: number[]; readonly validation: number[] } {
  const order = rng.shuffled(Array.from({ length: n }, (_, i) => i));
  const out = new Uint8Array(n);
  for (const r of order.slice(0, held)) out[r] = 1;
  const train: number[] = [];
  const validation: number[] = [];
  for (let r = 0; r < n; r++) (out[r] ? validation : train).push(r);
  return { train, validation };
}

/** The given examples of every tensor field (text fields are kept whole: they are not split). */
export function subset(set: DataSet, rows: readonly number[]): DataSet {
  const fields = dict<DataField>();
  for (const [name, f] of Object.entries(set.fields)) fields[name] = f.kind === 'text' ? f : { ...f, tensor: takeRows(f.tensor, rows, f.tensor.name) };
  return { ...set, fields };
}

/** Rows of `t` (its first axis) copied in the order given, named `name`; all rows in order give `t` itself. */
export function takeRows(t: Tensor, rows: readonly number[], name: string): Tensor {
  const n = t.shape[0];
  if (rows.length === n && rows.every((r, i) => r === i)) {
    t.name = name;
    return t;
  }
  const per = t.size / n;
  const out = Tensor.zeros([rows.length, ...t.shape.slice(1)], t.dtype, name);
  rows.forEach((r, i) => out.data.set(t.data.subarray(r * per, (r + 1) * per), i * per));
  return out;
}
