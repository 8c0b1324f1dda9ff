import { fail } from '../errors';
import type { DType } from '../tensor/dtype';
import { formatShape } from '../tensor/shape';
import { Tensor } from '../tensor/tensor';

/** Token ids for a sequence model: integers in [0, vocab), shape (T) for one sequence or (N, T) for a batch. */
export function checkIds(what: string, ids: Tensor, vocab: number, maxRank = 2): void {
  if (ids.rank < 1 || ids.rank > maxRank) {
    const want = maxRank === 2 ? '(length) or a batch (N, length)' : '(N)';
    fail('E_SHAPE', `${what} must be token ids ${want}, got ${formatShape(ids.shape)}`);
  }
  const bad = ids.data.findIndex((t) => !Number.isInteger(t) || t < 0 || t >= vocab);
  if (bad >= 0) fail('E_INDEX', `${what}: token id ${ids.data[bad]} at position ${bad} is not in [0, ${vocab})`);
}

/** ids (…) → one-hot vectors (…, vocab): a constant input, off the tape. */
export function oneHot(ids: Tensor, vocab: number, dtype: DType, name: string): Tensor {
  const x = Tensor.zeros([...ids.shape, vocab], dtype, name);
  ids.data.forEach((t, i) => (x.data[i * vocab + t] = 1));
  return x;
}

/** The index of the largest entry of each row of a (B, O) output, as token ids (B): greedy decoding. */
export function greedyIds(output: Tensor): Tensor {
  const width = output.shape[output.rank - 1];
  const rows = output.size / width;
  const ids = Tensor.zeros([rows], output.dtype, `${output.name}.argmax`);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let j = 1; j < width; j++) if (output.data[r * width + j] > output.data[r * width + best]) best = j;
    ids.data[r] = best;
  }
  return ids;
}
