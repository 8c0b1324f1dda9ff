import { Attention, type AttentionScore } from '../../layers/attention';
import { MultiHeadAttention } from '../../layers/multi_head_attention';
import { TransformerBlock, type NormPlacement } from '../../layers/transformer_block';
import { built, type LayerBuilder } from './context';
import { optionalTensorIn, tensorIn } from './slots';

/**
 * Attention layers of a model file read batches (…, T, D) and run them in one pass (`batch_matmul`
 * over the leading axes): `attend/scores`, `attend/weights` (B, Tq, Tk), `attend/context`. Multi-head
 * attention and the Transformer block give every head's weights stacked, (B, heads, T, Tk).
 */
const attention: LayerBuilder = (ctx) => {
  const { name } = ctx.layer;
  const q0 = ctx.layer.inputValues.query as { shape: readonly number[] };
  const k0 = (ctx.layer.inputValues.keys as { shape: readonly number[] } | undefined) ?? q0;
  const sizes = { query: q0.shape[q0.shape.length - 1], key: k0.shape[k0.shape.length - 1], hidden: ctx.attrs.optionalNum('hidden') };
  const core = new Attention(name, sizes, { score: ctx.attrs.str('score') as AttentionScore, causal: ctx.attrs.bool('causal') }, ctx.rng, ctx.dtype);
  return built(ctx, core, (tape, inputs) => {
    const q = tensorIn(inputs, 'query', name);
    const k = optionalTensorIn(inputs, 'keys', name) ?? q;
    const v = optionalTensorIn(inputs, 'values', name) ?? k;
    const { context, weights } = core.forward(tape, q, k, v);
    return { context, weights };
  });
};

const multiHead: LayerBuilder = (ctx) => {
  const { name } = ctx.layer;
  const m0 = (ctx.layer.inputValues.memory ?? ctx.layer.inputValues.input) as { shape: readonly number[] };
  const sizes = { model: ctx.attrs.num('dim'), heads: ctx.attrs.num('heads'), memory: m0.shape[m0.shape.length - 1] };
  const layer = new MultiHeadAttention(name, sizes, { causal: ctx.attrs.bool('causal'), bias: ctx.attrs.bool('bias') }, ctx.rng, ctx.dtype);
  return built(ctx, layer, (tape, inputs) => {
    const x = tensorIn(inputs, 'input', name);
    const { out, weights } = layer.forward(tape, x, optionalTensorIn(inputs, 'memory', name) ?? x);
    return { out, weights };
  });
};

const transformerBlock: LayerBuilder = (ctx) => {
  const a = ctx.attrs;
  const sizes = { model: a.num('dim'), heads: a.num('heads'), ff: a.num('ff') };
  const options = { norm: a.str('norm') as NormPlacement, causal: a.bool('causal'), activation: a.str('activation'), eps: a.num('eps') };
  const block = new TransformerBlock(ctx.layer.name, sizes, options, ctx.rng, ctx.dtype);
  return built(ctx, block, (tape, inputs) => {
    const { out, attention } = block.forward(tape, tensorIn(inputs, 'input', block.name));
    return { out, weights: attention.weights };
  });
};

export const ATTENTION_BUILDERS: Readonly<Record<string, LayerBuilder>> = {
  attention,
  multi_head_attention: multiHead,
  transformer_block: transformerBlock,
};
