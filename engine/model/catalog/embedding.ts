import { LIMITS } from '../../limits';
import { UNSEEN_FOLLOWED } from '../../text/unseen';
import { bool, int, num as numAttr, oneOf, size } from '../attrs';
import { describe, fmt, num, one } from './shapes';
import { tokenIds, vocabSize } from './recurrent';
import { ShapeIssue, type LayerKindDef, type ShapeContext, type SlotDef } from './types';

/** Token embeddings, and the three classic word-embedding models that train on a text corpus. */

const embedding: LayerKindDef = {
  kind: 'embedding',
  family: 'embedding',
  doc: 'A lookup table: token id k becomes row k of a learned matrix (one vector per word).',
  formula: 'y_t = E[x_t]\\ (+\\, P[t] \\text{ with positions})',
  attrs: {
    dim: size('width of each token vector', { min: 1, required: true }),
    vocab: size('how many distinct tokens (inferred from the data)', { min: 1 }),
    scale: numAttr('standard deviation of the initial rows', { min: 0, minExclusive: true, default: 1 }),
    positions: bool('add a learned vector P[t] for each position t of the sequence (as GPT does): attention alone cannot tell positions apart', false),
  },
  inputs: [{ name: 'input', doc: 'token ids (…); default: the previous layer or the data input', from: 'previous' }],
  outputs: [{ name: 'out', doc: 'one vector per token (…, dim)' }],
  shape(ctx) {
    const x = tokenIds(ctx, 'input');
    const v = vocabSize(ctx, 'input', x, 'vocab');
    const d = num(ctx.attrs, 'dim');
    const params: Record<string, number[]> = { E: [v, d] };
    if (ctx.attrs.positions) params.P = [x.shape[x.shape.length - 1], d];
    return { outputs: { out: { kind: 'float', shape: [...x.shape, d] } }, params, inferred: { vocab: v } };
  },
};

const TEXT_SLOT: SlotDef = { name: 'text', doc: 'the corpus (a `text` data field); default: the data input', from: 'previous' };

/** The corpus' vocabulary size, from the data. */
function corpus(ctx: ShapeContext): number {
  const t = one(ctx, 'text');
  if (t.kind !== 'text') {
    throw new ShapeIssue(`word-embedding models train on a text corpus, but ${ctx.sources.text} gives ${describe(t)}; use data \`text\` or \`task: corpus\``, { slot: 'text' });
  }
  if (t.classes === undefined || t.classes < 2) throw new ShapeIssue(`the corpus in ${ctx.sources.text} has fewer than 2 distinct words`, { slot: 'text' });
  return t.classes;
}

const DIM = size('width of each word vector', { min: 1, default: 10 });
const WINDOW = int('how many words on each side count as context', { min: 1, max: LIMITS.window.max, default: 2 });
const NEGATIVES = int('negative samples per positive pair, drawn from unigram^0.75', { min: 1, max: LIMITS.negatives.max, default: 5 });
const VECTORS = [{ name: 'vectors', doc: 'the learned word vectors (V, dim), one row per vocabulary word' }];

const word2vec: LayerKindDef = {
  kind: 'word2vec',
  family: 'embedding',
  doc: 'Word2Vec: learn word vectors by predicting words from their neighbours. skipgram predicts each context word from the centre word, cbow the centre word from the average of its context; negative sampling contrasts the true word with random ones, hierarchical softmax walks a Huffman tree.',
  formula: '\\text{NS: } -\\log \\sigma(u_o^\\top v_c) - \\sum_k \\log \\sigma(-u_k^\\top v_c);\\ \\text{HS: } -\\sum_j \\log \\sigma((1 - 2 d_j)\\, \\theta_j^\\top v_c)',
  attrs: {
    architecture: oneOf('skipgram: centre → context; cbow: context → centre', ['skipgram', 'cbow'], 'skipgram'),
    objective: oneOf('how the softmax over the vocabulary is avoided', ['negative_sampling', 'hierarchical_softmax'], 'negative_sampling'),
    dim: DIM,
    window: WINDOW,
    negatives: NEGATIVES,
    min_count: size('words seen fewer times are dropped', { min: 1, default: 1 }),
  },
  inputs: [TEXT_SLOT],
  outputs: VECTORS,
  ownLoss: (attrs) => String(attrs.objective),
  shape(ctx) {
    const v = corpus(ctx);
    const d = num(ctx.attrs, 'dim');
    const out: Record<string, number[]> = ctx.attrs.objective === 'hierarchical_softmax' ? { Theta: [v - 1, d] } : { U: [v, d] };
    return { outputs: { vectors: { kind: 'float', shape: [v, d] } }, params: { V: [v, d], ...out }, inferred: { vocab: v } };
  },
};

const glove: LayerKindDef = {
  kind: 'glove',
  family: 'embedding',
  doc: 'GloVe: fit word vectors to the logarithm of how often words co-occur within a window, weighting frequent pairs less.',
  formula: 'J = \\sum_{ij} f(X_{ij}) (w_i^\\top \\tilde w_j + b_i + \\tilde b_j - \\log X_{ij})^2,\\ f(x) = \\min(1, (x / x_{max})^{\\alpha})',
  attrs: {
    dim: DIM,
    window: WINDOW,
    x_max: numAttr('co-occurrence count at which the weight f reaches 1', { min: 0, minExclusive: true, default: 100 }),
    alpha: numAttr('exponent of the weighting function f', { min: 0, minExclusive: true, default: 0.75 }),
  },
  inputs: [TEXT_SLOT],
  outputs: VECTORS,
  ownLoss: () => 'glove',
  shape(ctx) {
    const v = corpus(ctx);
    const d = num(ctx.attrs, 'dim');
    return { outputs: { vectors: { kind: 'float', shape: [v, d] } }, params: { W: [v, d], Wt: [v, d], b: [v], bt: [v] }, inferred: { vocab: v } };
  },
};

const fasttext: LayerKindDef = {
  kind: 'fasttext',
  family: 'embedding',
  doc: 'FastText: skip-gram with subwords — a word\'s vector is the mean of its own row and the rows of its character n-grams ("<ap", "app", …), so unseen words still get one.',
  formula: 'v_w = \\frac{1}{1 + |G(w)|} (E_w + \\sum_{g \\in G(w)} E_g),\\ \\text{loss as skip-gram with negative sampling}',
  attrs: {
    dim: DIM,
    window: WINDOW,
    negatives: NEGATIVES,
    minn: int('shortest character n-gram', { min: 1, max: LIMITS.ngram.max, default: 3 }),
    maxn: int('longest character n-gram', { min: 1, max: LIMITS.ngram.max, default: 6 }),
    buckets: size('hash buckets shared by all n-grams', { min: 1, default: 2000 }),
    unseen: {
      type: { kind: 'string' },
      default: '',
      doc: `words outside the vocabulary whose nearest words the Inspector follows as training goes on, separated by spaces (the first ${UNSEEN_FOLLOWED}); default: the corpus's words left out of the vocabulary (the data's \`min_count\`, \`vocabulary\`)`,
    },
  },
  inputs: [TEXT_SLOT],
  outputs: VECTORS,
  ownLoss: () => 'negative_sampling',
  shape(ctx) {
    const v = corpus(ctx);
    const d = num(ctx.attrs, 'dim');
    const [minn, maxn] = [num(ctx.attrs, 'minn'), num(ctx.attrs, 'maxn')];
    if (minn > maxn) throw new ShapeIssue(`\`minn: ${minn}\` is longer than \`maxn: ${maxn}\`; no n-gram fits ${fmt([minn, maxn])}`, { attr: 'minn' });
    const b = num(ctx.attrs, 'buckets');
    return { outputs: { vectors: { kind: 'float', shape: [v, d] } }, params: { E: [v + b, d], U: [v, d] }, inferred: { vocab: v } };
  },
};

export const EMBEDDING_LAYERS: readonly LayerKindDef[] = [embedding, word2vec, glove, fasttext];
