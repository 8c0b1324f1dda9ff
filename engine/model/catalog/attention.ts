import { LIMITS } from '../../limits';
import { bool, int, num as numAttr, oneOf, size } from '../attrs';
import { floats, fmt, last, maybe, num, sameLeading, width, withLast } from './shapes';
import { ShapeIssue, X_SLOT, type LayerKindDef, type ShapeContext, type Value } from './types';

/** Attention reads (…, T, D) sequences: queries look at keys and mix the values. */

const attention: LayerKindDef = {
  kind: 'attention',
  family: 'attention',
  doc: 'Each query scores every key, a softmax turns the scores into weights, and the output mixes the values with them. Without `keys` it is self-attention over its input.',
  formula: 'e_{qk} = \\mathrm{score}(s_q, h_k),\\ \\alpha = \\mathrm{softmax}_k(e),\\ c_q = \\sum_k \\alpha_{qk} v_k;\\ \\text{dot: } s^\\top h,\\ \\text{general: } s^\\top W_a h,\\ \\text{additive: } v^\\top \\tanh(W_s s + W_h h),\\ \\text{scaled\\_dot: } q^\\top k / \\sqrt{d_k}',
  attrs: {
    score: oneOf('how a query and a key are compared', ['dot', 'general', 'additive', 'scaled_dot'], 'dot'),
    causal: bool('query i sees only keys j ≤ i (self-attention over one sequence)', false),
    hidden: size('size A of the additive score\'s hidden layer (default: the key width)', { min: 1 }),
  },
  inputs: [
    { name: 'query', doc: 'the queries (…, Tq, Dq), e.g. decoder states; default: the previous layer', from: 'previous' },
    { name: 'keys', doc: 'the keys (…, Tk, Dk), e.g. encoder states; default: the queries (self-attention)', optional: true },
    { name: 'values', doc: 'the values (…, Tk, Dv); default: the keys', optional: true },
  ],
  outputs: [
    { name: 'context', doc: 'the mixed values (…, Tq, Dv)' },
    { name: 'weights', doc: 'attention weights (…, Tq, Tk); each row sums to 1' },
  ],
  shape(ctx) {
    const q = floats(ctx, 'query', 2, 'a sequence of vectors');
    const k = maybe(ctx, 'keys') ? floats(ctx, 'keys', 2, 'a sequence of vectors') : q;
    const v = maybe(ctx, 'values') ? floats(ctx, 'values', 2, 'a sequence of vectors') : k;
    const [dq, dk, tq, tk] = [last(q.shape), last(k.shape), q.shape[q.shape.length - 2], k.shape[k.shape.length - 2]];
    sameLeading(q, k, 2, 'queries and keys belong to different examples');
    if (v !== k && v.shape[v.shape.length - 2] !== tk) {
      throw new ShapeIssue(`keys ${fmt(k.shape)} and values ${fmt(v.shape)} must have one row per key (${tk} ≠ ${v.shape[v.shape.length - 2]})`, { slot: 'values' });
    }
    const score = ctx.attrs.score as string;
    if ((score === 'dot' || score === 'scaled_dot') && dq !== dk) {
      throw new ShapeIssue(`${score} attention compares queries and keys directly, so their widths must match: ${fmt(q.shape)} (from ${ctx.sources.query}) vs ${fmt(k.shape)} (from ${ctx.sources.keys ?? ctx.sources.query}); use score: general or additive`, { attr: 'score' });
    }
    if (ctx.attrs.causal && tq !== tk) throw new ShapeIssue(`\`causal\` needs as many queries as keys (one sequence), got ${tq} and ${tk}`, { attr: 'causal' });
    const a = (ctx.attrs.hidden as number | undefined) ?? dk;
    const params: Record<string, number[]> = score === 'general' ? { W_a: [dq, dk] } : score === 'additive' ? { W_s: [a, dq], W_h: [a, dk], v: [a] } : {};
    const lead = q.shape.slice(0, -2);
    return {
      outputs: { context: { kind: 'float', shape: [...lead, tq, last(v.shape)] }, weights: { kind: 'float', shape: [...lead, tq, tk] } },
      params,
      inferred: score === 'additive' ? { hidden: a } : undefined,
    };
  },
};

function heads(ctx: ShapeContext, d: number): number {
  const h = num(ctx.attrs, 'heads');
  if (d % h !== 0) throw new ShapeIssue(`the width ${d} cannot be split into ${h} heads (${d} is not a multiple of ${h})`, { attr: 'heads' });
  return h;
}

const multiHead: LayerKindDef = {
  kind: 'multi_head_attention',
  family: 'attention',
  doc: 'Scaled dot-product attention in several heads side by side, each on its own slice of a learned projection. Self-attention over the input, or cross-attention when `memory` is given.',
  formula: '\\mathrm{head}_j = \\mathrm{softmax}(Q_j K_j^\\top / \\sqrt{d_h}) V_j,\\ \\mathrm{out} = [\\mathrm{head}_1 | \\dots | \\mathrm{head}_h] W_o^\\top + b_o',
  attrs: {
    heads: int('number of heads; the width must be a multiple of it', { min: 1, max: LIMITS.heads.max, required: true }),
    causal: bool('position i sees only positions j ≤ i', false),
    bias: bool('biases on the four projections', true),
    dim: size('model width D (inferred from the input; write it to have it checked)', { min: 1 }),
  },
  inputs: [
    { ...X_SLOT, doc: 'the sequence (…, T, D) that asks (queries); default: the previous layer' },
    { name: 'memory', doc: 'for cross-attention: the sequence (…, Tm, M) looked at (keys and values)', optional: true },
  ],
  outputs: [
    { name: 'out', doc: 'the output (…, T, D)' },
    { name: 'weights', doc: 'attention weights per head (…, heads, T, Tm)' },
  ],
  shape(ctx) {
    const x = floats(ctx, 'input', 2, 'a sequence of vectors');
    const d = width(ctx, 'input', x, 'dim');
    const m = maybe(ctx, 'memory') ? floats(ctx, 'memory', 2, 'a sequence of vectors') : x;
    if (m !== x) sameLeading(x, m, 2, 'the sequence and its memory belong to different examples');
    const h = heads(ctx, d);
    const [t, tm, dm] = [x.shape[x.shape.length - 2], m.shape[m.shape.length - 2], last(m.shape)];
    if (ctx.attrs.causal && t !== tm) throw new ShapeIssue(`\`causal\` needs as many queries as keys, got ${t} and ${tm}`, { attr: 'causal' });
    const params: Record<string, number[]> = { Wq: [d, d], Wk: [d, dm], Wv: [d, dm], Wo: [d, d] };
    if (ctx.attrs.bias) Object.assign(params, { bq: [d], bk: [d], bv: [d], bo: [d] });
    const lead = x.shape.slice(0, -2);
    return { outputs: { out: x, weights: { kind: 'float', shape: [...lead, h, t, tm] } }, params, inferred: { dim: d } };
  },
};

const transformerBlock: LayerKindDef = {
  kind: 'transformer_block',
  family: 'attention',
  doc: 'A Transformer encoder block: multi-head self-attention and a position-wise feed-forward network, each wrapped in a residual connection and layer normalisation.',
  formula: 'a = \\mathrm{LN}(x + \\mathrm{MHA}(x)),\\ y = \\mathrm{LN}(a + W_2 f(W_1 a + b_1) + b_2)\\ \\text{(post-norm; pre-norm: } x + \\mathrm{MHA}(\\mathrm{LN}(x)) \\text{)}',
  attrs: {
    heads: int('attention heads; the width must be a multiple of it', { min: 1, max: LIMITS.heads.max, required: true }),
    ff: size('hidden width of the feed-forward network (default 4 × the model width)', { min: 1 }),
    causal: bool('position i attends only to positions j ≤ i (a decoder / language model)', false),
    activation: oneOf('activation inside the feed-forward network', ['relu', 'leaky_relu', 'elu', 'silu', 'tanh', 'sigmoid'], 'relu'),
    norm: oneOf('post: normalise after each residual sum (the original Transformer); pre: before each sublayer', ['post', 'pre'], 'post'),
    eps: numAttr('layer-norm epsilon', { min: 0, minExclusive: true, default: 1e-5 }),
    dim: size('model width D (inferred from the input; write it to have it checked)', { min: 1 }),
  },
  inputs: [{ ...X_SLOT, doc: 'the sequence (…, T, D); default: the previous layer' }],
  outputs: [
    { name: 'out', doc: 'the output (…, T, D)' },
    { name: 'weights', doc: 'self-attention weights per head (…, heads, T, T)' },
  ],
  shape(ctx) {
    const x = floats(ctx, 'input', 2, 'a sequence of vectors');
    const d = width(ctx, 'input', x, 'dim');
    const h = heads(ctx, d);
    const f = (ctx.attrs.ff as number | undefined) ?? 4 * d;
    const t = x.shape[x.shape.length - 2];
    const weights: Value = { kind: 'float', shape: [...x.shape.slice(0, -2), h, t, t] };
    const params: Record<string, number[]> = {
      'attn.Wq': [d, d], 'attn.Wk': [d, d], 'attn.Wv': [d, d], 'attn.Wo': [d, d],
      'attn.bq': [d], 'attn.bk': [d], 'attn.bv': [d], 'attn.bo': [d],
      'ln1.gamma': [d], 'ln1.beta': [d],
      'ffn.fc1.W': [f, d], 'ffn.fc1.b': [f], 'ffn.fc2.W': [d, f], 'ffn.fc2.b': [d],
      'ln2.gamma': [d], 'ln2.beta': [d],
    };
    return { outputs: { out: { kind: 'float', shape: withLast(x.shape, d) }, weights }, params, inferred: { dim: d, ff: f } };
  },
};

export const ATTENTION_LAYERS: readonly LayerKindDef[] = [attention, multiHead, transformerBlock];
