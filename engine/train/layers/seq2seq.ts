import { fail } from '../../errors';
import { Seq2Seq, type Seq2SeqAttention, type Seq2SeqCell } from '../../layers/seq2seq';
import { formatShape } from '../../tensor/shape';
import type { Tensor } from '../../tensor/tensor';
import { built, type LayerBuilder } from './context';
import { tensorIn } from './slots';

/**
 * The encoder–decoder of a model file reads token ids (…, T) and runs the whole batch at once:
 * ids become vectors through the learned tables `src_embed.E` / `tgt_embed.E` (with `embed`) or as
 * one-hot rows (constants, without), the recurrent layers step through time over all sequences
 * together (`s2s/encoder/t0/…`), and attention scores every sequence in one `batch_matmul`.
 */
export const seq2seq: LayerBuilder = (ctx) => {
  const a = ctx.attrs;
  const name = ctx.layer.name;
  const [vs, vt, embed] = [a.num('src_vocab'), a.num('tgt_vocab'), a.optionalNum('embed')];
  const sizes = { sourceSize: vs, targetSize: vt, hiddenSize: a.num('hidden'), outputSize: vt, embed };
  const options = { cell: a.str('cell') as Seq2SeqCell, attention: a.str('attention') as Seq2SeqAttention, tokens: true };
  const core = new Seq2Seq(name, sizes, options, ctx.rng, ctx.dtype);
  return built(ctx, core, (tape, inputs) => {
    const src = tensorIn(inputs, 'source', name);
    const tgt = tensorIn(inputs, 'target_in', name);
    const lead = tgt.shape.slice(0, -1);
    if (sequences(src) !== sequences(tgt)) fail('E_SHAPE', `source ${formatShape(src.shape)} and target_in ${formatShape(tgt.shape)} hold different numbers of sequences`, { layer: name });
    const result = core.forward(tape, asBatch(src), asBatch(tgt));
    const unfold = (t: Tensor, key: string): Tensor => (lead.length <= 1 ? t : tape.withScope(name, () => tape.apply('reshape', [t], { shape: [...lead, ...t.shape.slice(1)] }, key)));
    const out: Record<string, Tensor> = { logits: unfold(result.outputs, 'logits') };
    if (result.attention) out.weights = unfold(result.attention.weights, 'weights');
    return out;
  });
};

function sequences(ids: Tensor): number {
  return ids.size / ids.shape[ids.rank - 1];
}

/** Ids with several leading axes (A, B, T) folded into one batch (A·B, T); they are data, off the tape. */
function asBatch(ids: Tensor): Tensor {
  return ids.rank <= 2 ? ids : ids.reshaped([sequences(ids), ids.shape[ids.rank - 1]], ids.name);
}
