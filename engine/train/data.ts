import type { DataSet } from '../data/dataset';
import { dict } from '../dict';
import { Tensor } from '../tensor/tensor';

/**
 * One batch of every tensor field: the given example rows (first axis) copied in order, named
 * `data.<field>`. They are constants: no gradient reaches them. When the batch is the whole data set
 * in order, the data's own tensors serve (ops never write into their inputs).
 */
export function batchFields(data: DataSet, rows: readonly number[]): Record<string, Tensor> {
  const out = dict<Tensor>();
  for (const [name, field] of Object.entries(data.fields)) {
    if (field.kind === 'text') continue;
    out[name] = rowsOf(field.tensor, rows, `data.${name}`);
  }
  return out;
}

function rowsOf(t: Tensor, rows: readonly number[], name: string): Tensor {
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

/** How many examples a tensor data set holds (the first axis of its fields). */
export function exampleCount(data: DataSet): number {
  for (const f of Object.values(data.fields)) if (f.kind !== 'text') return f.tensor.shape[0];
  return 0;
}
