import type { EmbeddingView } from '../../engine/protocol';

/**
 * Nearest-neighbour and analogy queries on the word vectors of the Inspector's view. With the full
 * vectors (the usual case) words are ranked by cosine similarity in all D dimensions, and an analogy
 * a − b + c is word2vec's 3CosAdd: the sum of the unit vectors â − b̂ + ĉ, then the words (other than
 * a, b, c) of highest cosine with it. Without them (a vocabulary too large to send at every stop) by
 * distance in the 2-D projection, which only approximates the vectors.
 */
export interface Neighbour {
  readonly word: string;
  /** Cosine similarity (full vectors), or distance in the projection. */
  readonly score: number;
}

/** What the scores are, for the UI: `nearest by cosine in the 10-dimensional vectors`. */
export function measureOf(view: EmbeddingView): string {
  return view.vectors
    ? `nearest by cosine in the ${view.vectors.dim}-dimensional vectors (the number after a word is its cosine similarity; the plot above is only their 2-D projection)`
    : 'nearest by distance in this 2-D projection, which only approximates the full vectors (the number after a word is its distance)';
}

/** The word's vector (unit length) or projected point. */
function vectorOf(view: EmbeddingView, word: string): Float64Array | null {
  const i = view.words.indexOf(word);
  if (i < 0) return null;
  if (!view.vectors) return Float64Array.from(view.points[i]);
  const { dim, values } = view.vectors;
  return unit(Float64Array.from(values.slice(i * dim, (i + 1) * dim)));
}

function unit(v: Float64Array): Float64Array {
  const norm = Math.hypot(...v);
  return norm > 0 ? v.map((x) => x / norm) : v;
}

/** The `k` words (not in `exclude`) most like `target`: highest cosine, or smallest 2-D distance. */
function rank(view: EmbeddingView, target: Float64Array, exclude: ReadonlySet<string>, k: number): Neighbour[] {
  const vectors = view.vectors;
  const length = Math.hypot(...target) || 1;
  const scored = view.words.map((word, i): Neighbour => {
    if (!vectors) return { word, score: Math.hypot(view.points[i][0] - target[0], view.points[i][1] - target[1]) };
    let dot = 0;
    let sq = 0;
    for (let j = 0; j < vectors.dim; j++) {
      const x = vectors.values[i * vectors.dim + j];
      dot += x * target[j];
      sq += x * x;
    }
    return { word, score: sq > 0 ? dot / Math.sqrt(sq) / length : 0 };
  });
  const better = vectors ? (a: Neighbour, b: Neighbour) => b.score - a.score : (a: Neighbour, b: Neighbour) => a.score - b.score;
  return scored.filter((n) => !exclude.has(n.word)).sort(better).slice(0, k);
}

export function nearest(view: EmbeddingView, word: string, k = 5): Neighbour[] | null {
  const v = vectorOf(view, word);
  return v ? rank(view, v, new Set([word]), k) : null;
}

/** a − b + c: `king − man + woman` → the words nearest to that vector. */
export function analogy(view: EmbeddingView, a: string, b: string, c: string, k = 3): Neighbour[] | null {
  const [va, vb, vc] = [vectorOf(view, a), vectorOf(view, b), vectorOf(view, c)];
  if (!va || !vb || !vc) return null;
  return rank(view, va.map((x, j) => x - vb[j] + vc[j]), new Set([a, b, c]), k);
}
