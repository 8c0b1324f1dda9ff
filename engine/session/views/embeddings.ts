import type { EmbeddingView } from '../../protocol/views';
import { vocabularyOf } from '../extras';
import type { SessionState } from '../state';
import { pca2 } from './pca';

const EMBEDDING_KINDS = new Set(['embedding', 'word2vec', 'glove', 'fasttext']);
/** Rows projected at most (a vocabulary beyond this shows its first words). */
const MAX_WORDS = 500;

/** A 2-D PCA projection of the first embedding matrix of the model, one point per word. */
export function embeddingView(s: SessionState): EmbeddingView | null {
  const layer = s.trainer.layers.find((l) => EMBEDDING_KINDS.has(l.kind));
  const matrix = layer?.params.find((p) => p.rank === 2);
  if (!layer || !matrix) return null;
  const [rows, d] = matrix.shape;
  const n = Math.min(rows, MAX_WORDS);
  const { points, explained } = pca2(matrix.data.subarray(0, n * d), n, d);
  const vocab = vocabularyOf(s.trainer, layer.name);
  const words = Array.from({ length: n }, (_, i) => vocab?.[i] ?? String(i));
  return { words, points, explained };
}
