import type { FieldInfo } from '../data/dataset';
import { count, type Budget } from './budget';
import type { DataFields } from './data-fields';
import type { Diagnostics, SourceRange } from './diagnostics';
import type { InferredLayer } from './infer';
import type { LayerSpec, TrainingSpec } from './spec';

/**
 * The word-embedding models allocate what their shapes do not show: the training pairs the window
 * cuts from the corpus (all held at once), GloVe's co-occurrence pairs (all scored in one step by
 * default), fastText's character n-grams, and the rows one step looks up (centre, context and
 * negative words, n-grams). These are counted here from the settings, the sentence lengths and the
 * word lengths, before the trainer builds anything.
 */
export function checkCorpusBudget(layers: readonly InferredLayer[], specs: readonly LayerSpec[], data: DataFields, training: TrainingSpec, budget: Budget, diag: Diagnostics): void {
  for (const layer of layers) {
    if (layer.kind !== 'word2vec' && layer.kind !== 'glove' && layer.kind !== 'fasttext') continue;
    const spec = specs.find((s) => s.name === layer.name);
    const field = data.fields[layer.inputs.text?.[0]?.source ?? data.input];
    if (!spec || field?.kind !== 'text') continue;
    checkLayer(layer, spec, field, training, budget, diag);
  }
}

function checkLayer(layer: InferredLayer, spec: LayerSpec, field: FieldInfo, training: TrainingSpec, budget: Budget, diag: Diagnostics): void {
  const attrs = layer.attrs as Readonly<Record<string, number | string>>;
  const window = attrs.window as number;
  const lengths = field.lengths ?? [];
  const vocab = field.classes ?? 0;
  const examples = exampleCount(layer.kind, attrs.architecture, lengths, window, vocab);
  const at = (...keys: string[]): SourceRange => keys.map((k) => (k === 'batch_size' ? training.ranges.batch_size : spec.attrRanges[k])).find((r) => r) ?? spec.kindRange;
  const who = `${layer.kind} layer "${layer.name}"`;
  if (examples > budget.dataElements) {
    diag.add('E_BUDGET', `${who}: \`window: ${window}\` cuts ${count(examples)} training ${layer.kind === 'glove' ? 'co-occurrence pairs (at most)' : 'examples'} from the corpus; the budget is ${count(budget.dataElements)} (use a smaller window or corpus)`, at('window'), layer.name);
    return;
  }
  const grams = layer.kind === 'fasttext' ? ngramCounts(field.wordLengths ?? [], attrs.minn as number, attrs.maxn as number) : { total: 0, most: 0 };
  if (grams.total > budget.dataElements) {
    diag.add('E_BUDGET', `${who}: the vocabulary has ${count(grams.total)} character n-grams of ${attrs.minn} to ${attrs.maxn} characters; the budget is ${count(budget.dataElements)} (narrow minn..maxn)`, at('maxn', 'minn'), layer.name);
    return;
  }
  const batch = training.batchSize ?? (layer.kind === 'glove' ? examples : 1);
  const rows = batch * (rowsPerExample(layer.kind, attrs, window, vocab) + grams.most);
  const numbers = rows * (attrs.dim as number);
  if (numbers > budget.tensorElements) {
    diag.add('E_BUDGET', `${who}: one step looks up ${count(rows)} word vectors of width ${attrs.dim}, ${count(numbers)} numbers; the budget is ${count(budget.tensorElements)} per step (use fewer negatives, a smaller batch or dim)`, at('negatives', 'batch_size', 'dim'), layer.name);
  }
}

/**
 * Training examples of one pass: skip-gram pairs Σ_i min(i, w) + min(n−1−i, w) = 2 Σ_{d=1..m} (n − d)
 * per sentence of n words (m = min(w, n−1)); CBOW one per word with a neighbour; GloVe's distinct
 * co-occurring pairs, at most V² and at most the skip-gram pairs.
 */
export function exampleCount(kind: string, architecture: unknown, lengths: readonly number[], window: number, vocab: number): number {
  let pairs = 0;
  let words = 0;
  for (const n of lengths) {
    const m = Math.min(window, n - 1);
    if (m > 0) pairs += 2 * (m * n - (m * (m + 1)) / 2);
    if (n > 1) words += n;
  }
  if (kind === 'glove') return Math.min(pairs, vocab * vocab);
  return kind === 'word2vec' && architecture === 'cbow' ? words : pairs;
}

/** Vectors one example looks up besides fastText's n-grams: inputs (centre, or the 2w context words), the true word, negatives or the Huffman path (≤ V − 1). */
function rowsPerExample(kind: string, attrs: Readonly<Record<string, number | string>>, window: number, vocab: number): number {
  if (kind === 'glove') return 2;
  const inputs = attrs.architecture === 'cbow' ? 2 * window : 1;
  const outputs = attrs.objective === 'hierarchical_softmax' ? Math.max(vocab - 1, 1) : 1 + (attrs.negatives as number);
  return inputs + outputs;
}

/**
 * fastText's n-grams of `<word>` (L + 2 characters): Σ_{n=minn..maxn} max(0, L + 3 − n), plus the
 * whole token when it is not one of them; in all and for the word with the most.
 */
export function ngramCounts(wordLengths: readonly number[], minn: number, maxn: number): { total: number; most: number } {
  let total = 0;
  let most = 0;
  for (const length of wordLengths) {
    const chars = length + 2;
    let n = 0;
    for (let k = minn; k <= Math.min(maxn, chars); k++) n += chars - k + 1;
    if (chars < minn || chars > maxn) n++;
    total += n;
    most = Math.max(most, n);
  }
  return { total, most };
}
