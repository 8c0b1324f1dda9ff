import type { EmbeddingView } from '../../protocol/views';
import { vocabularyOf, wordVectorsOf } from '../extras';
import type { SessionState } from '../state';
import { pca2 } from './pca';

const EMBEDDING_KINDS = new Set(['embedding', 'word2vec', 'glove', 'fasttext']);
/** Rows projected at most (a vocabulary beyond this shows its first words). */
const MAX_WORDS = 500;
/** Numbers of full vectors sent at most at one stop (500 words of 128 dimensions). */
const MAX_NUMBERS = 64_000;

/**
 * A 2-D PCA projection of the word vectors of the model's first embedding layer, one point per
 * word, and the full vectors of the same words (so that neighbours and analogies are found in all
 * dimensions), rounded to 7 significant digits, far below what changes a cosine ranking. The word
 * vectors are the rows of its first matrix, except for fastText, whose word vector is the mean of
 * the word's own row and its n-gram rows (what its loss trains and what it answers for a word).
 */
export function embeddingView(s: SessionState): EmbeddingView | null {
  const layer = s.trainer.layers.find((l) => EMBEDDING_KINDS.has(l.kind));
  const matrix = layer?.params.find((p) => p.rank === 2);
  if (!layer || !matrix) return null;
  const [rows, d] = matrix.shape;
  const vocab = vocabularyOf(s.trainer, layer.name);
  // fastText's rows past the vocabulary are n-gram buckets, not words.
  const n = Math.min(rows, vocab?.length ?? rows, MAX_WORDS);
  const data = wordVectorsOf(s.trainer, layer.name, n) ?? matrix.data.subarray(0, n * d);
  const memory = axesMemory(s);
  const { points, explained, axes } = pca2(data, n, d, memory.get(s.cursor.step) ?? memory.last);
  memory.remember(s.cursor.step, axes);
  const words = Array.from({ length: n }, (_, i) => vocab?.[i] ?? String(i));
  const vectors = n * d <= MAX_NUMBERS ? { dim: d, values: Array.from(data, (v) => Number(v.toPrecision(7))) } : null;
  return { words, points, explained, vectors };
}

/**
 * The oriented axes of the pictures a session has shown, by training step, and the last one. A new
 * picture takes its signs from the one shown at the same step (so a step back redraws exactly what
 * was shown there) or else from the last one shown (so stepping on never mirrors it); only a
 * session's first picture uses the fixed rule. Bounded: the oldest steps are forgotten first.
 */
class AxesMemory {
  private readonly byStep = new Map<number, Float64Array[]>();
  last: Float64Array[] | undefined;

  get(step: number): Float64Array[] | undefined {
    return this.byStep.get(step);
  }

  remember(step: number, axes: Float64Array[]): void {
    this.byStep.delete(step);
    this.byStep.set(step, axes);
    if (this.byStep.size > MAX_REMEMBERED) this.byStep.delete(this.byStep.keys().next().value as number);
    this.last = axes;
  }
}

/** Steps whose axes are kept (2 × d numbers each). */
const MAX_REMEMBERED = 2000;
const memories = new WeakMap<SessionState, AxesMemory>();

function axesMemory(s: SessionState): AxesMemory {
  let m = memories.get(s);
  if (!m) memories.set(s, (m = new AxesMemory()));
  return m;
}
