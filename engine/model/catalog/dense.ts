import { LIMITS } from '../../limits';
import { bool, int, intList, num as numAttr, oneOf, size } from '../attrs';
import { floats, fmt, last, many, num, width, withLast } from './shapes';
import { OUT, ShapeIssue, X_SLOT, type LayerKindDef, type Value } from './types';

/** Fully connected layers, activations, normalisation and the two ways to join wires. */

const INITS = ['xavier', 'he', 'uniform'];
export const ACTIVATION_NAMES = ['sigmoid', 'tanh', 'relu', 'leaky_relu', 'elu', 'silu'] as const;

const perceptron: LayerKindDef = {
  kind: 'perceptron',
  family: 'dense',
  doc: "Rosenblatt's perceptron: one unit, a weighted sum and a hard threshold. It learns with the perceptron rule (loss `perceptron`), not by gradients.",
  formula: '\\hat y = \\mathrm{step}(w \\cdot x + b)',
  attrs: {
    in: size('input width (inferred from the input; write it to have it checked)', { min: 1 }),
    init: oneOf("initial weights: zeros (Rosenblatt's start) or uniform U(±1/√n)", ['zeros', 'uniform'], 'zeros'),
  },
  inputs: [X_SLOT],
  outputs: [{ name: 'out', doc: 'the 0/1 decision per example (…), one axis fewer than the input' }],
  shape(ctx) {
    const x = floats(ctx, 'input');
    const i = width(ctx, 'input', x, 'in');
    return { outputs: { out: { kind: 'float', shape: x.shape.slice(0, -1) } }, params: { w: [i], b: [] }, inferred: { in: i } };
  },
};

const linear: LayerKindDef = {
  kind: 'linear',
  family: 'dense',
  doc: 'A fully connected layer: every output is a weighted sum of every input plus a bias.',
  formula: 'y = x W^\\top + b',
  attrs: {
    out: size('output width (number of units)', { min: 1, required: true }),
    in: size('input width (inferred from the input; write it to have it checked)', { min: 1 }),
    bias: bool('add a learned bias b', true),
    init: oneOf('weight initialisation: xavier (tanh, sigmoid), he (ReLU family), uniform U(±1/√in)', INITS, 'xavier'),
  },
  inputs: [X_SLOT],
  outputs: [OUT],
  shape(ctx) {
    const x = floats(ctx, 'input');
    const i = width(ctx, 'input', x, 'in');
    const o = num(ctx.attrs, 'out');
    const params: Record<string, number[]> = { W: [o, i] };
    if (ctx.attrs.bias) params.b = [o];
    return { outputs: { out: { kind: 'float', shape: withLast(x.shape, o) } }, params, inferred: { in: i } };
  },
};

const mlp: LayerKindDef = {
  kind: 'mlp',
  family: 'dense',
  doc: 'A multilayer perceptron: fully connected layers with an activation after each hidden one (and `output_activation` after the last).',
  formula: 'h_1 = f(x W_1^\\top + b_1),\\ \\dots,\\ y = g(h_{n-1} W_n^\\top + b_n)',
  attrs: {
    hidden: intList('widths of the hidden layers, e.g. [8, 8]', { min: 1, max: LIMITS.size.max, minItems: 1, maxItems: LIMITS.mlpLayers.max, required: true }),
    out: size('output width', { min: 1, required: true }),
    activation: oneOf('activation after every hidden layer', ACTIVATION_NAMES, 'relu'),
    output_activation: oneOf('activation after the last layer (identity: raw scores, e.g. for cross_entropy)', ['identity', ...ACTIVATION_NAMES, 'softmax'], 'identity'),
    bias: bool('learned biases', true),
    in: size('input width (inferred from the input; write it to have it checked)', { min: 1 }),
  },
  inputs: [X_SLOT],
  outputs: [OUT],
  shape(ctx) {
    const x = floats(ctx, 'input');
    const sizes = [width(ctx, 'input', x, 'in'), ...(ctx.attrs.hidden as number[]), num(ctx.attrs, 'out')];
    const params: Record<string, number[]> = {};
    for (let k = 1; k < sizes.length; k++) {
      params[`fc${k}.W`] = [sizes[k], sizes[k - 1]];
      if (ctx.attrs.bias) params[`fc${k}.b`] = [sizes[k]];
    }
    return { outputs: { out: { kind: 'float', shape: withLast(x.shape, last(sizes)) } }, params, inferred: { in: sizes[0] } };
  },
};

function activation(kind: string, doc: string, formula: string, attrs: LayerKindDef['attrs'] = {}, probabilities = false): LayerKindDef {
  return {
    kind,
    probabilities,
    family: 'activation',
    doc,
    formula,
    attrs,
    inputs: [X_SLOT],
    outputs: [OUT],
    shape(ctx) {
      const x = floats(ctx, 'input');
      const axis = ctx.attrs.axis;
      if (typeof axis === 'number' && (axis >= x.shape.length || axis < -x.shape.length)) {
        throw new ShapeIssue(`\`axis: ${axis}\` is out of range for ${fmt(x.shape)} (rank ${x.shape.length})`, { attr: 'axis' });
      }
      return { outputs: { out: x }, params: {} };
    },
  };
}

const activations: LayerKindDef[] = [
  activation('sigmoid', 'The logistic function: squashes to (0, 1); saturates (gradient → 0) for large |x|.', '\\sigma(x) = 1 / (1 + e^{-x})', {}, true),
  activation('tanh', 'Hyperbolic tangent: squashes to (−1, 1), zero-centred; saturates for large |x|.', '\\tanh(x) = (e^{x} - e^{-x}) / (e^{x} + e^{-x})'),
  activation('relu', 'Rectified linear unit: passes positives, zeroes negatives (a unit stuck below 0 is "dead").', '\\mathrm{relu}(x) = \\max(x, 0)'),
  activation('leaky_relu', 'ReLU with a small slope for negatives, so no unit dies.', 'y = x \\text{ if } x > 0 \\text{ else } \\alpha x', {
    alpha: numAttr('slope for negative inputs', { min: 0, default: 0.01 }),
  }),
  activation('elu', 'Exponential linear unit: smooth for negatives, saturating at −α.', 'y = x \\text{ if } x > 0 \\text{ else } \\alpha (e^{x} - 1)', {
    alpha: numAttr('value approached for very negative inputs (−α)', { minExclusive: true, min: 0, default: 1 }),
  }),
  activation('silu', 'Sigmoid-weighted linear unit (swish).', '\\mathrm{silu}(x) = x\\, \\sigma(x)'),
  activation('softmax', 'Turns scores into probabilities along an axis (they are positive and sum to 1).', '\\mathrm{softmax}(x)_i = e^{x_i} / \\sum_j e^{x_j}', {
    axis: int('the axis that sums to 1 (−1: the last)', { default: -1 }),
  }, true),
];

const layerNorm: LayerKindDef = {
  kind: 'layer_norm',
  family: 'normalization',
  doc: 'Normalises each row to mean 0 and variance 1 over the last axis, then scales by γ and shifts by β.',
  formula: 'y = \\frac{x - \\mu}{\\sqrt{\\sigma^2 + \\epsilon}} \\odot \\gamma + \\beta',
  attrs: {
    eps: numAttr('added to the variance so the division is safe', { min: 0, minExclusive: true, default: 1e-5 }),
    dim: size('width of the last axis (inferred; write it to have it checked)', { min: 1 }),
  },
  inputs: [X_SLOT],
  outputs: [OUT],
  shape(ctx) {
    const x = floats(ctx, 'input');
    const d = width(ctx, 'input', x, 'dim');
    return { outputs: { out: x }, params: { gamma: [d], beta: [d] }, inferred: { dim: d } };
  },
};

const JOIN_SLOT = { name: 'inputs', doc: 'two or more layers or data fields to join', variadic: true } as const;

const add: LayerKindDef = {
  kind: 'add',
  family: 'combine',
  doc: 'Adds its inputs elementwise (with broadcasting): a residual connection `x + f(x)`.',
  formula: 'y = x_1 + x_2 + \\dots',
  attrs: {},
  inputs: [JOIN_SLOT],
  outputs: [OUT],
  shape(ctx) {
    const xs = joined(ctx);
    let shape = xs[0].shape;
    for (const v of xs.slice(1)) shape = broadcast(shape, v.shape, ctx.sources.inputs);
    return { outputs: { out: { kind: 'float', shape } }, params: {} };
  },
};

const concat: LayerKindDef = {
  kind: 'concat',
  family: 'combine',
  doc: 'Joins its inputs side by side along an axis (default: the features), e.g. [decoder state; context].',
  formula: 'y = [x_1; x_2; \\dots]',
  attrs: { axis: int('the axis to join along (−1: the last)', { default: -1 }) },
  inputs: [JOIN_SLOT],
  outputs: [OUT],
  shape(ctx) {
    const xs = joined(ctx);
    const rank = xs[0].shape.length;
    const axis = num(ctx.attrs, 'axis');
    const a = axis < 0 ? axis + rank : axis;
    if (a < 0 || a >= rank) throw new ShapeIssue(`\`axis: ${axis}\` is out of range for ${fmt(xs[0].shape)}`, { attr: 'axis' });
    const out = [...xs[0].shape];
    for (const v of xs.slice(1)) {
      const fits = v.shape.length === rank && v.shape.every((d, i) => i === a || d === xs[0].shape[i]);
      if (!fits) throw new ShapeIssue(`cannot join ${shapesOf(xs)} along axis ${axis}: all other axes must match`, { slot: 'inputs' });
      out[a] += v.shape[a];
    }
    return { outputs: { out: { kind: 'float', shape: out } }, params: {} };
  },
};

function joined(ctx: Parameters<LayerKindDef['shape']>[0]): readonly Value[] {
  const xs = many(ctx, 'inputs');
  if (xs.length < 2) throw new ShapeIssue('needs two or more `inputs` to join', { slot: 'inputs' });
  const bad = xs.find((v) => v.kind !== 'float');
  if (bad) throw new ShapeIssue(`can only join numbers, but one input gives ${bad.kind === 'index' ? 'ids' : bad.kind} ${fmt(bad.shape)}`, { slot: 'inputs' });
  return xs;
}

function shapesOf(xs: readonly Value[]): string {
  return xs.map((v) => fmt(v.shape)).join(', ');
}

function broadcast(a: readonly number[], b: readonly number[], sources = 'the inputs'): number[] {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) throw new ShapeIssue(`cannot add ${fmt(a)} and ${fmt(b)} (from ${sources}): axis sizes ${da} and ${db} differ`, { slot: 'inputs' });
    out.push(da === 1 ? db : da);
  }
  return out;
}

export const DENSE_LAYERS: readonly LayerKindDef[] = [perceptron, linear, mlp, ...activations, layerNorm, add, concat];
