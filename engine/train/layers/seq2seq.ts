import type { Tape } from '../../autograd/tape';
import { fail } from '../../errors';
import { Seq2Seq, type Seq2SeqAttention, type Seq2SeqCell } from '../../layers/seq2seq';
import type { Rng } from '../../random';
import type { DType } from '../../tensor/dtype';
import { formatShape } from '../../tensor/shape';
import { Tensor } from '../../tensor/tensor';
import { batchOf, forEachExample, stackExamples } from './batch';
import { built, type LayerBuilder } from './context';
import { tensorIn } from './slots';

/**
 * The encoder–decoder of a model file reads token ids. Each example runs through the engine's
 * Seq2Seq (one sequence at a time) in its scope `<layer>/b<b>`: ids become vectors through the
 * learned tables `src_embed.E` / `tgt_embed.E` (with `embed`) or as one-hot rows (constants, without).
 */
class ExampleSeq2Seq extends Seq2Seq {
  /** The batch loop opens the layer's scope once, around all examples. */
  protected override scoped<T>(_tape: Tape, fn: () => T): T {
    return fn();
  }
}

function table(rng: Rng, rows: number, dim: number, dtype: DType, name: string): Tensor {
  const E = Tensor.zeros([rows, dim], dtype, name);
  for (let i = 0; i < E.size; i++) E.data[i] = rng.normal();
  E.requiresGrad = true;
  return E;
}

export const seq2seq: LayerBuilder = (ctx) => {
  const a = ctx.attrs;
  const name = ctx.layer.name;
  const [vs, vt, embed] = [a.num('src_vocab'), a.num('tgt_vocab'), a.optionalNum('embed')];
  const tables = embed ? { src: table(ctx.rng, vs, embed, ctx.dtype, `${name}.src_embed.E`), tgt: table(ctx.rng, vt, embed, ctx.dtype, `${name}.tgt_embed.E`) } : null;
  const sizes = { sourceSize: embed ?? vs, targetSize: embed ?? vt, hiddenSize: a.num('hidden'), outputSize: vt };
  const options = { cell: a.str('cell') as Seq2SeqCell, attention: a.str('attention') as Seq2SeqAttention };
  const core = new ExampleSeq2Seq(name, sizes, options, ctx.rng, ctx.dtype);
  const params = [...(tables ? [tables.src, tables.tgt] : []), ...core.parameters()];
  return built(
    ctx,
    core,
    (tape, inputs, wanted) => {
      const src = tensorIn(inputs, 'source', name);
      const tgt = tensorIn(inputs, 'target_in', name);
      const { lead, count } = batchOf(tgt, 1);
      if (batchOf(src, 1).count !== count) fail('E_SHAPE', `source ${formatShape(src.shape)} and target_in ${formatShape(tgt.shape)} hold different numbers of sequences`, { layer: name });
      return tape.withScope(name, () => {
        const results = forEachExample(tape, count, (b) => {
          const s = tokens(tape, src, b, tables?.src ?? null, vs, 'src_embed');
          const t = tokens(tape, tgt, b, tables?.tgt ?? null, vt, 'tgt_embed');
          return core.forward(tape, s, t);
        });
        const logits = stackExamples(tape, results.map((r) => r.outputs), lead, 'logits');
        const weights = results.map((r) => r.attention?.weights).filter((w): w is Tensor => w !== undefined);
        const out: Record<string, Tensor> = { logits };
        if (wanted.has('weights') && weights.length === count) out.weights = stackExamples(tape, weights, lead, 'weights');
        return out;
      });
    },
    params,
  );
};

/** Example b's ids (T) as vectors: a `gather` from the table, or one-hot rows (T, V) without one. */
function tokens(tape: Tape, ids: Tensor, b: number, E: Tensor | null, vocab: number, key: string): Tensor {
  const T = ids.shape[ids.rank - 1];
  const row = ids.data.subarray(b * T, (b + 1) * T);
  const scope = tape.scope.join('/');
  const idsT = Tensor.of(row, [T], ids.dtype, `${scope}/${key}_ids`);
  if (E) return tape.apply('gather', [E, idsT], { axis: 0 }, key);
  const onehot = Tensor.zeros([T, vocab], ids.dtype, `${scope}/${key}_onehot`);
  row.forEach((id, t) => {
    if (!Number.isInteger(id) || id < 0 || id >= vocab) fail('E_INDEX', `token id ${id} is not in [0, ${vocab})`, { op: 'one_hot' });
    onehot.data[t * vocab + id] = 1;
  });
  return onehot;
}
