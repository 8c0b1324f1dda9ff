/**
 * Backstep's limits: the bounds on counts, lengths and sizes that a model file or a debugger request
 * can drive, in one table. Each is checked before the work it bounds (the parse, the allocation or
 * the loop), with an error that names the limit; the README's table of limits lists them.
 *
 * The size budget of a checked model (parameters, elements per tensor, data, time steps, training
 * steps) is `DEFAULT_BUDGET` in model/budget.ts: it is measured on the shapes the checker infers.
 * The limits here bound what is written: how many layers, how large any one setting may be, how long
 * an expression is, so that no setting reaches an allocation or a loop unchecked.
 */
export const LIMITS = {
  /**
   * Layers in `model:`. A step records every op of every layer and the views show each one; a
   * debugger's model is read, not scrolled (the largest sample has nine).
   */
  layers: 1_000,
  /** Hidden layers of one `mlp` (its `hidden` list): each is a layer of the trace. */
  mlpLayers: 100,
  /**
   * Any width, vocabulary, bucket count or number of examples one setting names (out, hidden, dim,
   * vocab, buckets, points, length …). The budget decides what fits; this keeps a setting like
   * `1e20` from reaching arithmetic that loses integer precision.
   */
  size: 1_000_000,
  /** Attention heads of one layer. */
  heads: 256,
  /** Negative samples per positive pair (word2vec, fastText): each adds a row lookup per example. */
  negatives: 100,
  /** Words on each side of a centre word (word2vec, GloVe, fastText): pairs grow with it. */
  window: 100,
  /** Longest character n-gram (fastText's minn, maxn): n-grams per word grow with it. */
  ngram: 50,
  /** Characters of one expression (Watch, Debug Console, hover, breakpoint condition or hit condition). */
  expressionLength: 10_000,
  /** Levels of one expression's tree (parentheses, operators, calls, indexing): parsing and evaluating recurse this deep. */
  expressionDepth: 100,
} as const;

/** `1,000`: how every limit is written in messages. */
export function limitText(n: number): string {
  return n.toLocaleString('en-US');
}
