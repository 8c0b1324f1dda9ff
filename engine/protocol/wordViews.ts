/**
 * The Inspector's pictures of the word-embedding objectives (issue #18). Every number the cursor has
 * not computed yet is null: a σ before its op ran, a gradient before the backward pass reached it.
 */

/** A child of an inner node of the Huffman tree. */
export type TreeChild = { readonly inner: number } | { readonly word: number };

/** Hierarchical softmax (word2vec): the Huffman tree and one example's path to its target word. */
export interface HuffmanView {
  readonly layer: string;
  /** By word id (ids run by descending count). */
  readonly words: readonly string[];
  readonly counts: readonly number[];
  /** Inner nodes by id (the rows of Θ, in merge order: the root is the last): the child on branch 0 and on branch 1. */
  readonly inner: readonly { readonly zero: TreeChild; readonly one: TreeChild }[];
  readonly example: HuffmanExample | null;
}

export interface HuffmanExample {
  /** The scope of the example shown (`w2v/ex3`): the one the cursor is in, else the first. */
  readonly scope: string;
  readonly target: number;
  /** The words that predict it (the centre word for skip-gram, the context for CBOW). */
  readonly context: readonly number[];
  /** Root first. */
  readonly path: readonly HuffmanNodeOnPath[];
  /** p(target | context) = Π_n σ(±θ_n·v): null until every σ on the path is computed. */
  readonly probability: number | null;
}

export interface HuffmanNodeOnPath {
  /** Inner node id (row of Θ). */
  readonly node: number;
  /** The branch taken: 0 scores σ(+θ·v), 1 scores σ(−θ·v). */
  readonly code: 0 | 1;
  /** θ_n·v, once `hs_loss/scores` has run. */
  readonly score: number | null;
  /** σ((1 − 2·code) θ_n·v): the probability of the branch taken, once `hs_loss/log_sigma` has run. */
  readonly sigma: number | null;
  /** ∂L/∂(θ_n·v) of the step's loss, once the backward pass has computed it. */
  readonly grad: number | null;
}

/** Negative sampling (word2vec, fastText): one example's positive pair and negatives, and the noise distribution. */
export interface NegativeSamplingView {
  readonly layer: string;
  readonly words: readonly string[];
  /** By word id: count / Σ counts. */
  readonly unigram: readonly number[];
  /** By word id: count^¾ / Σ count^¾, what the negatives are drawn from. */
  readonly noise: readonly number[];
  readonly example: {
    readonly scope: string;
    /** The input words (the centre word for skip-gram, the context for CBOW). */
    readonly input: readonly number[];
    readonly positive: ScoredWord;
    readonly negatives: readonly ScoredWord[];
  } | null;
}

export interface ScoredWord {
  readonly word: number;
  /** u·v once the score op has run. */
  readonly score: number | null;
  /** σ(u·v), the model's probability that the pair is real, once its log σ has run. */
  readonly sigma: number | null;
}

/** GloVe: the co-occurrence counts, the weighting f and the residual of every nonzero pair. */
export interface GloveView {
  readonly layer: string;
  /** By word id: ids run by descending count, so both axes are sorted by frequency. */
  readonly words: readonly string[];
  /** The nonzero X_ij (row i, column j), row-major. */
  readonly pairs: { readonly rows: readonly number[]; readonly cols: readonly number[]; readonly counts: readonly number[] };
  readonly xMax: number;
  readonly alpha: number;
  /** Per pair: w_i·w̃_j + b_i + b̃_j − log X_ij, once `glove_loss/err` has run; null for pairs outside the batch or before. */
  readonly residuals: readonly (number | null)[];
  /** The pair marked (index into pairs): the batch's costliest f(X)·r² once known, else its first pair. */
  readonly current: number;
}

/** FastText: a word's character n-grams and their part in its vector; unseen words' neighbours over training. */
export interface FastTextView {
  readonly layer: string;
  /** The example's centre word. */
  readonly word: string;
  /** The rows its vector averages: its own row (gram null) when the word is known, then one per n-gram. */
  readonly parts: readonly { readonly gram: string | null; readonly row: number; readonly share: number | null }[];
  /** Words not in the vocabulary, with their nearest vocabulary words (cosine) at the steps shown so far, up to the cursor's. */
  readonly unseen: readonly { readonly word: string; readonly history: readonly NeighboursAt[] }[];
  /** Where those words come from: the layer's `unseen:` setting, the corpus's words left out of the vocabulary, or null: there are none. */
  readonly unseenSource: 'setting' | 'corpus' | null;
  /** Words `unseen:` names that are in the vocabulary, so not followed. */
  readonly namedKnown: readonly string[];
}

export interface NeighboursAt {
  /** Training steps completed when the neighbours were found. */
  readonly step: number;
  readonly neighbours: readonly { readonly word: string; readonly cosine: number }[];
}
