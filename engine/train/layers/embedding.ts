import { Embedding } from '../../layers/embedding';
import { built, type LayerBuilder } from './context';
import { tensorIn } from './slots';

/** A lookup table over token ids; the word-embedding models are built by `../objective`. */
const embedding: LayerBuilder = (ctx) => {
  const e = new Embedding(ctx.layer.name, { vocabSize: ctx.attrs.num('vocab'), dim: ctx.attrs.num('dim') }, { scale: ctx.attrs.num('scale') }, ctx.rng, ctx.dtype);
  return built(ctx, e, (tape, inputs) => ({ out: e.forward(tape, tensorIn(inputs, 'input', e.name)) }));
};

export const EMBEDDING_BUILDERS = { embedding };
