import type { Tape } from '../../autograd/tape';
import { Embedding } from '../../layers/embedding';
import { param } from '../../layers/params';
import { Tensor } from '../../tensor/tensor';
import { built, type LayerBuilder } from './context';
import { tensorIn } from './slots';

/**
 * A lookup table over token ids; the word-embedding models are built by `../embeddings`. With
 * `positions`, a second table P (T, dim) holds one learned vector per position, added to every
 * sequence's token vectors: `embed/y` (the lookup) then `embed/plus_positions`.
 */
const embedding: LayerBuilder = (ctx) => {
  const scale = ctx.attrs.num('scale');
  const e = new Embedding(ctx.layer.name, { vocabSize: ctx.attrs.num('vocab'), dim: ctx.attrs.num('dim') }, { scale }, ctx.rng, ctx.dtype);
  const P = ctx.attrs.bool('positions') ? positionTable(ctx.layer.inputValues.input as { shape: readonly number[] }, e, scale, ctx) : null;
  const params = P ? [param(e, 'E'), P] : e.parameters();
  return built(
    ctx,
    e,
    (tape, inputs) => {
      const y = e.forward(tape, tensorIn(inputs, 'input', e.name));
      return { out: P ? withPositions(tape, e.name, y, P) : y };
    },
    params,
  );
};

/** P (T, dim) ~ N(0, scale²), drawn after E from the model's weight stream. */
function positionTable(ids: { shape: readonly number[] }, e: Embedding, scale: number, ctx: Parameters<LayerBuilder>[0]): Tensor {
  const T = ids.shape[ids.shape.length - 1];
  const P = Tensor.zeros([T, e.sizes.dim], ctx.dtype, `${e.name}.P`);
  for (let i = 0; i < P.size; i++) P.data[i] = ctx.rng.normal() * scale;
  P.requiresGrad = true;
  return P;
}

/** y (…, T, dim) + P (T, dim), broadcast over the leading axes. */
function withPositions(tape: Tape, name: string, y: Tensor, P: Tensor): Tensor {
  return tape.withScope(name, () => tape.apply('add', [y, P], {}, 'plus_positions'));
}

export const EMBEDDING_BUILDERS = { embedding };
