import type { Tape } from '../../autograd/tape';
import { Layer } from '../../layers/layer';
import { Linear, type LinearInit } from '../../layers/linear';
import { MLP } from '../../layers/mlp';
import { Perceptron } from '../../layers/perceptron';
import { Tensor } from '../../tensor/tensor';
import { built, type BuildContext, type LayerBuilder } from './context';
import { tensorIn, tensorsIn } from './slots';

/** Fully connected layers, activations, layer norm, and the joins (add, concat). */

const perceptron: LayerBuilder = (ctx) => {
  const init = ctx.attrs.str('init') === 'uniform' ? 'uniform' : 'zeros';
  const p = new Perceptron(ctx.layer.name, { inputSize: ctx.attrs.num('in') }, { init }, ctx.rng, ctx.dtype);
  return built(ctx, p, (tape, inputs) => ({ out: p.forward(tape, tensorIn(inputs, 'input', p.name)) }));
};

const linear: LayerBuilder = (ctx) => {
  const sizes = { inputSize: ctx.attrs.num('in'), outputSize: ctx.attrs.num('out') };
  const l = new Linear(ctx.layer.name, sizes, { bias: ctx.attrs.bool('bias'), init: ctx.attrs.str('init') as LinearInit }, ctx.rng, ctx.dtype);
  return built(ctx, l, (tape, inputs) => ({ out: l.forward(tape, tensorIn(inputs, 'input', l.name)) }));
};

const mlp: LayerBuilder = (ctx) => {
  const a = ctx.attrs;
  const sizes = [a.num('in'), ...a.nums('hidden'), a.num('out')];
  const m = new MLP(ctx.layer.name, sizes, { activation: a.str('activation'), outputActivation: a.str('output_activation'), bias: a.bool('bias') }, ctx.rng, ctx.dtype);
  return built(ctx, m, (tape, inputs) => ({ out: m.forward(tape, tensorIn(inputs, 'input', m.name)) }));
};

/** An activation layer is one op inside its scope: `tanh1/y`. */
function activation(op: string, attrsOf: (ctx: BuildContext) => Record<string, number>): LayerBuilder {
  return (ctx) => {
    const attrs = attrsOf(ctx);
    return built(ctx, null, (tape, inputs) => ({
      out: tape.withScope(ctx.layer.name, () => tape.apply(op, [tensorIn(inputs, 'input', ctx.layer.name)], attrs, 'y')),
    }));
  };
}

/** Holds the parameters of a layer that is a single op (layer_norm's γ and β). */
class OpParams extends Layer {
  constructor(
    name: string,
    readonly kind: string,
    params: Readonly<Record<string, Tensor>>,
  ) {
    super(name);
    for (const [k, t] of Object.entries(params)) this.addParam(k, t);
  }
}

const layerNorm: LayerBuilder = (ctx) => {
  const d = ctx.attrs.num('dim');
  const owner = new OpParams(ctx.layer.name, 'layer_norm', { gamma: Tensor.full([d], 1, ctx.dtype), beta: Tensor.zeros([d], ctx.dtype) });
  const [gamma, beta] = owner.parameters();
  const eps = ctx.attrs.num('eps');
  return built(ctx, owner, (tape, inputs) => ({
    out: tape.withScope(owner.name, () => tape.apply('layer_norm', [tensorIn(inputs, 'input', owner.name), gamma, beta], { eps }, 'y')),
  }));
};

/** x₁ + x₂ + …: pairwise adds `sum1`, `sum2`, …, the last one named `y`. */
const add: LayerBuilder = (ctx) =>
  built(ctx, null, (tape, inputs) => ({
    out: tape.withScope(ctx.layer.name, () => sumAll(tape, tensorsIn(inputs, 'inputs', ctx.layer.name))),
  }));

function sumAll(tape: Tape, xs: readonly Tensor[]): Tensor {
  return xs.slice(1).reduce((acc, x, k) => tape.apply('add', [acc, x], {}, k === xs.length - 2 ? 'y' : `sum${k + 1}`), xs[0]);
}

const concat: LayerBuilder = (ctx) => {
  const axis = ctx.attrs.num('axis');
  return built(ctx, null, (tape, inputs) => ({
    out: tape.withScope(ctx.layer.name, () => tape.apply('concat', tensorsIn(inputs, 'inputs', ctx.layer.name), { axis }, 'y')),
  }));
};

const none = (): Record<string, number> => ({});
const alpha = (ctx: BuildContext): Record<string, number> => ({ alpha: ctx.attrs.num('alpha') });

export const DENSE_BUILDERS: Readonly<Record<string, LayerBuilder>> = {
  perceptron,
  linear,
  mlp,
  sigmoid: activation('sigmoid', none),
  tanh: activation('tanh', none),
  relu: activation('relu', none),
  leaky_relu: activation('leaky_relu', alpha),
  elu: activation('elu', alpha),
  silu: activation('silu', none),
  softmax: activation('softmax', (ctx) => ({ axis: ctx.attrs.num('axis') })),
  layer_norm: layerNorm,
  add,
  concat,
};
