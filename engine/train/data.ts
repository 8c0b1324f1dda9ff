import type { DataSet } from '../data/dataset';
import { dict } from '../dict';
import { takeRows } from '../data/split';
import type { Tensor } from '../tensor/tensor';

/**
 * One batch of every tensor field: the given example rows (first axis) copied in order, named
 * `data.<field>`. They are constants: no gradient reaches them. When the batch is the whole data set
 * in order, the data's own tensors serve (ops never write into their inputs).
 */
export function batchFields(data: DataSet, rows: readonly number[]): Record<string, Tensor> {
  const out = dict<Tensor>();
  for (const [name, field] of Object.entries(data.fields)) {
    if (field.kind === 'text') continue;
    out[name] = takeRows(field.tensor, rows, `data.${name}`);
  }
  return out;
}

/** How many examples a tensor data set holds (the first axis of its fields). */
export function exampleCount(data: DataSet): number {
  for (const f of Object.values(data.fields)) if (f.kind !== 'text') return f.tensor.shape[0];
  return 0;
}
