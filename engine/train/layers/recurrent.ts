import type { Tape } from '../../autograd/tape';
import { GRU } from '../../layers/gru';
import { LSTM } from '../../layers/lstm';
import type { RecurrentLayer } from '../../layers/recurrent';
import { param } from '../../layers/params';
import { RNN } from '../../layers/rnn';
import type { Tensor } from '../../tensor/tensor';
import { StateWire } from '../wire';
import { built, type BuildContext, type LayerBuilder } from './context';
import { stateIn, tensorIn } from './slots';

/**
 * Recurrent layers read (…, T, I): examples first, as data fields hold them, so the engine layers
 * run batch-first. A single (T, I) sequence runs as one; more leading axes are folded into the batch
 * (`x_batch`) and unfolded after. `return: last` gives h_T; the `state` output starts another layer.
 */
function makeCell(ctx: BuildContext): RecurrentLayer {
  const { name } = ctx.layer;
  const sizes = { inputSize: ctx.attrs.num('in'), hiddenSize: ctx.attrs.num('hidden') };
  switch (ctx.layer.kind) {
    case 'rnn':
      return withRecurrentGain(new RNN(name, sizes, { batchFirst: true, nonlinearity: ctx.attrs.str('nonlinearity') as 'tanh' | 'relu' }, ctx.rng, ctx.dtype), ctx.attrs.num('recurrent_gain'));
    case 'lstm':
      return new LSTM(name, sizes, { batchFirst: true, forgetBias: ctx.attrs.num('forget_bias') }, ctx.rng, ctx.dtype);
    default:
      return withUpdateBias(new GRU(name, sizes, { batchFirst: true, form: ctx.attrs.str('form') as 'textbook' | 'torch' }, ctx.rng, ctx.dtype), ctx.attrs.num('update_bias'));
  }
}

/** W_hh scaled after it was drawn, so the RNG stream (and every other weight) is the same for any gain. */
function withRecurrentGain(rnn: RNN, gain: number): RNN {
  const W = param(rnn, 'W_hh');
  for (let i = 0; i < W.size; i++) W.data[i] *= gain;
  return rnn;
}

/** b_z set after the weights were drawn: `b_z` (textbook), or the z block of `b_ih` (torch: gates r, z, n). */
function withUpdateBias(gru: GRU, bias: number): GRU {
  const H = gru.sizes.hiddenSize;
  if (gru.form === 'textbook') param(gru, 'b_z').data.fill(bias);
  else param(gru, 'b_ih').data.fill(bias, H, 2 * H);
  return gru;
}

const recurrent: LayerBuilder = (ctx) => {
  const cell = makeCell(ctx);
  const returnLast = ctx.attrs.str('return') === 'last';
  return built(ctx, cell, (tape, inputs) => {
    const x = tensorIn(inputs, 'input', cell.name);
    const initial = stateIn(inputs, 'state', cell.name)?.state ?? {};
    const lead = x.shape.slice(0, -2);
    const folded = lead.length > 1 ? inScope(tape, cell.name, () => tape.apply('reshape', [x], { shape: [lead.reduce((a, d) => a * d, 1), ...x.shape.slice(-2)] }, 'x_batch')) : x;
    const run = cell.forward(tape, folded, initial);
    const H = cell.sizes.hiddenSize;
    const out = returnLast ? run.final.h : run.h;
    const shape = returnLast ? [...lead, H] : [...x.shape.slice(0, -1), H];
    const same = out.shape.length === shape.length && out.shape.every((d, i) => d === shape[i]);
    const shaped = same ? out : inScope(tape, cell.name, () => tape.apply('reshape', [out], { shape }, returnLast ? 'last' : 'out'));
    return { out: shaped, state: new StateWire(run.final) };
  });
};

function inScope(tape: Tape, name: string, fn: () => Tensor): Tensor {
  return tape.withScope(name, fn);
}

export const RECURRENT_BUILDERS: Readonly<Record<string, LayerBuilder>> = { rnn: recurrent, lstm: recurrent, gru: recurrent };
