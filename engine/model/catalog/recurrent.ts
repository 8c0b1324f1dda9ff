import { num as numAttr, oneOf, size } from '../attrs';
import { floats, fmt, maybe, num, one, width, withLast } from './shapes';
import { ShapeIssue, type LayerKindDef, type ShapeContext, type SlotDef, type Value } from './types';

/**
 * Recurrent layers read (…, T, I) — time steps, then features — one step at a time, and the
 * encoder–decoder built from them. `return: last` keeps only the final step's output.
 */
type Cell = 'rnn' | 'lstm' | 'gru';

const SEQ_SLOT: SlotDef = { name: 'input', doc: 'the input sequence (…, time, features); default: the previous layer', from: 'previous' };
const STATE_SLOT: SlotDef = {
  name: 'state',
  doc: 'start from the final state of another recurrent layer (the encoder of an encoder–decoder); default zeros',
  optional: true,
  output: 'state',
};

const common = {
  hidden: size('size of the hidden state h', { min: 1, required: true }),
  in: size('input width (inferred from the input; write it to have it checked)', { min: 1 }),
  return: oneOf('what the layer outputs: every step\'s h (…, T, H) or only the last (…, H)', ['sequence', 'last'], 'sequence'),
};
const FORM = oneOf('textbook: z weights the candidate, r before the product; torch: PyTorch\'s cell, z weights the old state, r after the product (a different function)', ['textbook', 'torch'], 'textbook');

/** Parameter shapes of one cell reading width i into hidden size h. */
export function cellParams(cell: Cell, form: string, i: number, h: number, prefix = ''): Record<string, number[]> {
  const p = (k: string) => `${prefix}${k}`;
  if (cell === 'rnn') return { [p('W_xh')]: [h, i], [p('W_hh')]: [h, h], [p('b_h')]: [h] };
  const gates = cell === 'lstm' ? ['f', 'i', 'c', 'o'] : ['r', 'z', 'h'];
  if (form === 'torch') {
    const g = gates.length * h;
    return { [p('W_ih')]: [g, i], [p('W_hh')]: [g, h], [p('b_ih')]: [g], [p('b_hh')]: [g] };
  }
  const out: Record<string, number[]> = {};
  for (const k of gates) out[p(`W_${k}`)] = [h, h + i];
  for (const k of gates) out[p(`b_${k}`)] = [h];
  return out;
}

const EXTRA = {
  rnn: {
    nonlinearity: oneOf('the squashing function', ['tanh', 'relu'], 'tanh'),
    recurrent_gain: numAttr('multiplies the initial W_hh, drawn U(±gain/√H): at 1 gradients fade back through time (vanish), above about 2 they grow (explode)', { min: 0, minExclusive: true, default: 1 }),
  },
  lstm: { forget_bias: numAttr('initial forget-gate bias b_f (1: the cell starts by remembering)', { default: 1 }) },
  gru: {
    form: FORM,
    update_bias: numAttr('initial bias b_z of the update gate z. Textbook form (z weighs the candidate): −2 gives z ≈ 0.12, so units start by keeping their state, as the LSTM\'s forget_bias does; torch form (z weighs the old state): +2 does the same', { default: 0 }),
  },
};

function recurrent(cell: Cell, doc: string, formula: string): LayerKindDef {
  const attrs = { ...common, ...EXTRA[cell] };
  return {
    kind: cell,
    family: 'recurrent',
    doc,
    formula,
    attrs,
    inputs: [SEQ_SLOT, STATE_SLOT],
    outputs: [
      { name: 'out', doc: "every step's hidden state (…, T, H), or the last (…, H) with `return: last`" },
      { name: 'state', doc: 'the final state, to start another recurrent layer (`state: <this layer>`)' },
    ],
    shape(ctx) {
      const x = floats(ctx, 'input', 2, 'a sequence of vectors');
      const i = width(ctx, 'input', x, 'in');
      const h = num(ctx.attrs, 'hidden');
      checkState(ctx, cell, h);
      const steps = withLast(x.shape, h);
      const out = ctx.attrs.return === 'last' ? steps.filter((_, k) => k !== steps.length - 2) : steps;
      const state: Value = { kind: 'state', shape: withLast(x.shape.slice(0, -1), h), cell };
      return { outputs: { out: { kind: 'float', shape: out }, state }, params: cellParams(cell, String(ctx.attrs.form ?? 'textbook'), i, h), inferred: { in: i } };
    },
  };
}

function checkState(ctx: ShapeContext, cell: Cell, h: number): void {
  const s = maybe(ctx, 'state');
  if (!s) return;
  const src = ctx.sources.state;
  if (s.kind !== 'state') throw new ShapeIssue(`\`state\` must name a recurrent layer (rnn, lstm, gru), but ${src} is not one`, { slot: 'state' });
  if ((s.cell === 'lstm') !== (cell === 'lstm')) {
    throw new ShapeIssue(`a ${cell} cannot start from the state of ${src}, a ${s.cell}: an LSTM state has a memory cell c, the others do not`, { slot: 'state' });
  }
  const sh = s.shape[s.shape.length - 1];
  if (sh !== h) throw new ShapeIssue(`\`hidden: ${h}\` does not fit the state of ${src}, which has size ${sh}`, { attr: 'hidden' });
}

const rnn = recurrent(
  'rnn',
  'Elman recurrent network: the hidden state is fed back at every time step; backpropagation through time multiplies W_hh once per step (vanishing/exploding gradients).',
  'h_t = \\tanh(W_{xh} x_t + W_{hh} h_{t-1} + b_h)',
);
const lstm = recurrent(
  'lstm',
  'Long short-term memory: gates decide what the memory cell c forgets (f), writes (i) and shows (o), so gradients survive many steps.',
  'f_t = \\sigma(W_f [h_{t-1}, x_t] + b_f),\\ i_t = \\sigma(W_i [\\cdot] + b_i),\\ \\tilde c_t = \\tanh(W_c [\\cdot] + b_c),\\ c_t = f_t \\odot c_{t-1} + i_t \\odot \\tilde c_t,\\ h_t = o_t \\odot \\tanh(c_t)',
);
const gru = recurrent(
  'gru',
  'Gated recurrent unit: a reset gate r and an update gate z blend the old state with a candidate. `form: torch` is PyTorch\'s variant (z on the old state, r after the product).',
  'r_t = \\sigma(W_r [h_{t-1}, x_t] + b_r),\\ z_t = \\sigma(W_z [\\cdot] + b_z),\\ \\tilde h_t = \\tanh(W_h [r_t \\odot h_{t-1}, x_t] + b_h),\\ h_t = (1 - z_t) \\odot h_{t-1} + z_t \\odot \\tilde h_t',
);

const seq2seq: LayerKindDef = {
  kind: 'seq2seq',
  family: 'recurrent',
  doc: 'Encoder–decoder: the encoder reads the source, its final state starts the decoder, which predicts the target one token at a time (teacher forcing: it reads the true previous token). With `attention`, each decoder step also looks back at every encoder state.',
  formula: 'h^{enc}_s = \\mathrm{cell}(E_{src} x_s, h^{enc}_{s-1}),\\ s_t = \\mathrm{cell}(E_{tgt} y_{t-1}, s_{t-1}),\\ s_0 = h^{enc}_S,\\ \\tilde s_t = \\tanh(W_c [c_t; s_t] + b_c),\\ p(y_t) = \\mathrm{softmax}(W_o \\tilde s_t + b_o)',
  attrs: {
    cell: oneOf('the recurrent cell of encoder and decoder', ['rnn', 'lstm', 'gru'], 'lstm'),
    hidden: size('hidden size of encoder and decoder', { min: 1, required: true }),
    embed: size('width of the token embeddings (default: none — tokens enter as one-hot vectors)', { min: 1 }),
    attention: oneOf('how the decoder looks at the encoder states (none: only through the final state)', ['none', 'dot', 'general', 'additive'], 'none'),
    src_vocab: size('source vocabulary size (inferred from the data)', { min: 2 }),
    tgt_vocab: size('target vocabulary size (inferred from the data)', { min: 2 }),
  },
  inputs: [
    { name: 'source', doc: 'source token ids (…, Ts); default: the previous layer or the data input', from: 'previous' },
    { name: 'target_in', doc: 'the target shifted right behind <bos> (…, Tt); default: the data field `target_in`', from: { field: 'target_in' } },
  ],
  outputs: [
    { name: 'logits', doc: 'scores over the target vocabulary for every target step (…, Tt, V)' },
    { name: 'weights', doc: 'attention weights (…, Tt, Ts), with `attention` only' },
  ],
  shape(ctx) {
    const src = ids(ctx, 'source');
    const tgt = ids(ctx, 'target_in');
    const vs = vocab(ctx, 'source', src, 'src_vocab');
    const vt = vocab(ctx, 'target_in', tgt, 'tgt_vocab');
    const h = num(ctx.attrs, 'hidden');
    const e = ctx.attrs.embed as number | undefined;
    const cell = ctx.attrs.cell as Cell;
    const att = ctx.attrs.attention as string;
    const params: Record<string, number[]> = {
      ...(e ? { 'src_embed.E': [vs, e], 'tgt_embed.E': [vt, e] } : {}),
      ...cellParams(cell, 'textbook', e ?? vs, h, 'encoder.'),
      ...cellParams(cell, 'textbook', e ?? vt, h, 'decoder.'),
      ...attentionParams(att, h),
      'out.W': [vt, h],
      'out.b': [vt],
    };
    const lead = tgt.shape.slice(0, -1);
    const outputs: Record<string, Value> = { logits: { kind: 'float', shape: [...tgt.shape, vt] } };
    if (att !== 'none') outputs.weights = { kind: 'float', shape: [...lead, tgt.shape[tgt.shape.length - 1], src.shape[src.shape.length - 1]] };
    return { outputs, params, inferred: { src_vocab: vs, tgt_vocab: vt } };
  },
};

/** Luong attention over the encoder states, then h̃ = tanh(W_c [c; h] + b_c). */
function attentionParams(score: string, h: number): Record<string, number[]> {
  if (score === 'none') return {};
  const combine = { 'combine.W': [h, 2 * h], 'combine.b': [h] };
  if (score === 'general') return { 'attn.W_a': [h, h], ...combine };
  if (score === 'additive') return { 'attn.W_s': [h, h], 'attn.W_h': [h, h], 'attn.v': [h], ...combine };
  return combine;
}

function ids(ctx: ShapeContext, slot: string): Value {
  const v = one(ctx, slot);
  // Inline tensors of whole numbers ≥ 0 carry `classes` and may serve as ids too.
  const isIds = v.kind === 'index' || (v.kind === 'float' && v.classes !== undefined);
  if (!isIds || v.shape.length < 1) {
    const got = v.kind === 'float' ? `numbers ${fmt(v.shape)}` : v.kind === 'text' ? 'a text corpus' : `a recurrent state ${fmt(v.shape)}`;
    throw new ShapeIssue(`\`${slot}\` must be token ids (…, T), but ${ctx.sources[slot]} gives ${got}`, { slot });
  }
  return v;
}

function vocab(ctx: ShapeContext, slot: string, v: Value, attr: string): number {
  const declared = ctx.attrs[attr];
  const seen = v.classes;
  if (typeof declared === 'number') {
    if (seen !== undefined && seen > declared) {
      throw new ShapeIssue(`\`${attr}: ${declared}\` is too small: ${ctx.sources[slot]} has ${seen} different tokens`, { attr });
    }
    return declared;
  }
  if (seen === undefined) throw new ShapeIssue(`cannot tell the vocabulary size of ${ctx.sources[slot]}; write \`${attr}\``, { attr });
  return seen;
}

export { ids as tokenIds, vocab as vocabSize };

export const RECURRENT_LAYERS: readonly LayerKindDef[] = [rnn, lstm, gru, seq2seq];
