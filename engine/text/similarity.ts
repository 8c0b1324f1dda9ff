import { fail } from '../errors';
import { formatShape } from '../tensor/shape';
import type { Tensor } from '../tensor/tensor';

export type Vector = ArrayLike<number>;

export interface Neighbour {
  id: number;
  similarity: number;
}

/** cos(a, b) = a·b / (‖a‖ ‖b‖); 0 when either vector is zero (no direction to compare). */
export function cosine(a: Vector, b: Vector): number {
  if (a.length !== b.length) fail('E_SHAPE', `cosine similarity of vectors of length ${a.length} and ${b.length}`);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

/** Row `i` of an embedding matrix (N, D), as a view. */
export function rowOf(embeddings: Tensor, i: number): Float64Array | Float32Array {
  const [n, d] = matrixDims(embeddings);
  if (!Number.isInteger(i) || i < 0 || i >= n) fail('E_INDEX', `row ${i} is out of range for ${embeddings.name || 'embeddings'} ${formatShape(embeddings.shape)}`);
  return embeddings.data.subarray(i * d, (i + 1) * d);
}

/** The `k` rows most cosine-similar to `query`, best first, skipping the ids in `exclude`. */
export function nearest(embeddings: Tensor, query: Vector, k: number, exclude: readonly number[] = []): Neighbour[] {
  const [n] = matrixDims(embeddings);
  const skip = new Set(exclude);
  const all: Neighbour[] = [];
  for (let id = 0; id < n; id++) if (!skip.has(id)) all.push({ id, similarity: cosine(rowOf(embeddings, id), query) });
  return all.sort((x, y) => y.similarity - x.similarity || x.id - y.id).slice(0, k);
}

/**
 * Analogy by vector offset: the rows nearest to e_a − e_b + e_c, leaving out a, b and c
 * themselves; king − man + woman ≈ queen is `analogy(E, king, man, woman)`.
 */
export function analogy(embeddings: Tensor, a: number, b: number, c: number, k = 1): Neighbour[] {
  const ea = rowOf(embeddings, a);
  const eb = rowOf(embeddings, b);
  const ec = rowOf(embeddings, c);
  const query = Array.from(ea, (v, i) => v - eb[i] + ec[i]);
  return nearest(embeddings, query, k, [a, b, c]);
}

function matrixDims(t: Tensor): [number, number] {
  if (t.rank !== 2) fail('E_SHAPE', `embeddings must be a 2-D (words, dim) matrix, got ${formatShape(t.shape)}`);
  return [t.shape[0], t.shape[1]];
}
