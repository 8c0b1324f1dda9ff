import type { Tape } from '../../autograd/tape';
import { Attention, type AttentionScore } from '../../layers/attention';
import { MultiHeadAttention, multiHeadAttention, type MultiHeadWeights } from '../../layers/multi_head_attention';
import { param } from '../../layers/params';
import { TransformerBlock, type NormPlacement } from '../../layers/transformer_block';
import type { Tensor } from '../../tensor/tensor';
import { asRows, batchOf, exampleRows, forEachExample, stackExamples } from './batch';
import { built, type LayerBuilder } from './context';
import { optionalTensorIn, tensorIn } from './slots';

/**
 * Attention layers of a model file read batches (…, T, D); the engine's layers take one sequence
 * (T, D). Each runs per example in the scope `<layer>/b<b>` and the results are stacked:
 * `attend/b0/weights` … then `attend/context` (B, Tq, Dv) and, when read, `attend/weights`.
 */
class ExampleAttention extends Attention {
  protected override scoped<T>(_tape: Tape, fn: () => T): T {
    return fn();
  }
}

class ExampleBlock extends TransformerBlock {
  protected override scoped<T>(_tape: Tape, fn: () => T): T {
    return fn();
  }
}

const attention: LayerBuilder = (ctx) => {
  const { name } = ctx.layer;
  const q0 = ctx.layer.inputValues.query as { shape: readonly number[] };
  const k0 = (ctx.layer.inputValues.keys as { shape: readonly number[] } | undefined) ?? q0;
  const sizes = { query: q0.shape[q0.shape.length - 1], key: k0.shape[k0.shape.length - 1], hidden: ctx.attrs.optionalNum('hidden') };
  const core = new ExampleAttention(name, sizes, { score: ctx.attrs.str('score') as AttentionScore, causal: ctx.attrs.bool('causal') }, ctx.rng, ctx.dtype);
  return built(ctx, core, (tape, inputs, wanted) => {
    const q = tensorIn(inputs, 'query', name);
    const k = optionalTensorIn(inputs, 'keys', name) ?? q;
    const v = optionalTensorIn(inputs, 'values', name) ?? k;
    const { lead, count } = batchOf(q, 2);
    return tape.withScope(name, () => {
      const [tq, tk] = [q.shape[q.rank - 2], k.shape[k.rank - 2]];
      const qRows = asRows(tape, q, 'query');
      const kRows = k === q ? qRows : asRows(tape, k, 'keys');
      const vRows = v === k ? kRows : asRows(tape, v, 'values');
      const results = forEachExample(tape, count, (b) => {
        const qb = exampleRows(tape, qRows, b, tq, 'query');
        const kb = kRows === qRows ? qb : exampleRows(tape, kRows, b, tk, 'keys');
        const vb = vRows === kRows ? kb : exampleRows(tape, vRows, b, tk, 'values');
        return core.forward(tape, qb, kb, vb);
      });
      const out: Record<string, Tensor> = { context: stackExamples(tape, results.map((r) => r.context), lead, 'context') };
      if (wanted.has('weights')) out.weights = stackExamples(tape, results.map((r) => r.weights), lead, 'weights');
      return out;
    });
  });
};

const multiHead: LayerBuilder = (ctx) => {
  const { name } = ctx.layer;
  const x0 = ctx.layer.inputValues.input as { shape: readonly number[] };
  const m0 = (ctx.layer.inputValues.memory as { shape: readonly number[] } | undefined) ?? x0;
  const d = ctx.attrs.num('dim');
  const heads = ctx.attrs.num('heads');
  const causal = ctx.attrs.bool('causal');
  const layer = new MultiHeadAttention(name, { model: d, heads, memory: m0.shape[m0.shape.length - 1] }, { causal, bias: ctx.attrs.bool('bias') }, ctx.rng, ctx.dtype);
  const p = (k: string): Tensor | undefined => layer.params.get(k);
  const weights: MultiHeadWeights = { Wq: param(layer, 'Wq'), Wk: param(layer, 'Wk'), Wv: param(layer, 'Wv'), Wo: param(layer, 'Wo'), bq: p('bq'), bk: p('bk'), bv: p('bv'), bo: p('bo') };
  return built(ctx, layer, (tape, inputs, wanted) => {
    const x = tensorIn(inputs, 'input', name);
    const m = optionalTensorIn(inputs, 'memory', name) ?? x;
    const { lead, count } = batchOf(x, 2);
    return tape.withScope(name, () => {
      const [t, tm] = [x.shape[x.rank - 2], m.shape[m.rank - 2]];
      const xRows = asRows(tape, x, 'input');
      const mRows = m === x ? xRows : asRows(tape, m, 'memory');
      const results = forEachExample(tape, count, (b) => {
        const xb = exampleRows(tape, xRows, b, t, 'input');
        const mb = mRows === xRows ? xb : exampleRows(tape, mRows, b, tm, 'memory');
        return multiHeadAttention(tape, xb, mb, weights, heads, causal);
      });
      const out: Record<string, Tensor> = { out: stackExamples(tape, results.map((r) => r.out), lead, 'out') };
      if (wanted.has('weights')) out.weights = headWeights(tape, results.map((r) => r.heads.map((h) => h.weights)), lead);
      return out;
    });
  });
};

/** Per example, the heads' (T, Tm) weights stacked to (heads, T, Tm); then over the batch. */
function headWeights(tape: Tape, perExample: readonly (readonly Tensor[])[], lead: readonly number[]): Tensor {
  const stacked = perExample.map((hs, b) => tape.withScope(`b${b}`, () => tape.apply('stack', hs, { axis: 0 }, 'weights')));
  return stackExamples(tape, stacked, lead, 'weights');
}

const transformerBlock: LayerBuilder = (ctx) => {
  const { name } = ctx.layer;
  const a = ctx.attrs;
  const sizes = { model: a.num('dim'), heads: a.num('heads'), ff: a.num('ff') };
  const options = { norm: a.str('norm') as NormPlacement, causal: a.bool('causal'), activation: a.str('activation'), eps: a.num('eps') };
  const block = new ExampleBlock(name, sizes, options, ctx.rng, ctx.dtype);
  return built(ctx, block, (tape, inputs, wanted) => {
    const x = tensorIn(inputs, 'input', name);
    const { lead, count } = batchOf(x, 2);
    return tape.withScope(name, () => {
      const t = x.shape[x.rank - 2];
      const rows = asRows(tape, x, 'input');
      const results = forEachExample(tape, count, (b) => block.forward(tape, exampleRows(tape, rows, b, t, 'input')));
      const out: Record<string, Tensor> = { out: stackExamples(tape, results.map((r) => r.out), lead, 'out') };
      if (wanted.has('weights')) out.weights = headWeights(tape, results.map((r) => r.attention.heads.map((h) => h.weights)), lead);
      return out;
    });
  });
};

export const ATTENTION_BUILDERS: Readonly<Record<string, LayerBuilder>> = {
  attention,
  multi_head_attention: multiHead,
  transformer_block: transformerBlock,
};
