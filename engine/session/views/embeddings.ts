import type { EmbeddingView } from '../../protocol/views';
import { vocabularyOf } from '../extras';
import type { SessionState } from '../state';
import { pca2 } from './pca';

const EMBEDDING_KINDS = new Set(['embedding', 'word2vec', 'glove', 'fasttext']);
/** Rows projected at most (a vocabulary beyond this shows its first words). */
const MAX_WORDS = 500;
/** Numbers of full vectors sent at most at one stop (500 words of 128 dimensions). */
const MAX_NUMBERS = 64_000;

/**
 * A 2-D PCA projection of the first embedding matrix of the model, one point per word, and the
 * full vectors of the same words (so that neighbours and analogies are found in all dimensions),
 * rounded to 7 significant digits, far below what changes a cosine ranking.
 */
export function embeddingView(s: SessionState): EmbeddingView | null {
  const layer = s.trainer.layers.find((l) => EMBEDDING_KINDS.has(l.kind));
  const matrix = layer?.params.find((p) => p.rank === 2);
  if (!layer || !matrix) return null;
  const [rows, d] = matrix.shape;
  const vocab = vocabularyOf(s.trainer, layer.name);
  // fastText's rows past the vocabulary are n-gram buckets, not words.
  const n = Math.min(rows, vocab?.length ?? rows, MAX_WORDS);
  const { points, explained } = pca2(matrix.data.subarray(0, n * d), n, d);
  const words = Array.from({ length: n }, (_, i) => vocab?.[i] ?? String(i));
  const vectors = n * d <= MAX_NUMBERS ? { dim: d, values: Array.from(matrix.data.subarray(0, n * d), (v) => Number(v.toPrecision(7))) } : null;
  return { words, points, explained, vectors };
}
