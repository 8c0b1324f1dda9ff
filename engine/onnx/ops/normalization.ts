import { fail } from '../../errors';
import { Tensor } from '../../tensor/tensor';
import { defineOnnxOp } from '../handlers';
import { axesOf, constAxes, floatAttr, input, intAttr, normalizeAxis, shapeIn, single } from './util';

/** LayerNormalization (opset 17) on the engine's layer_norm, and the reductions of its decomposition. */

defineOnnxOp({
  opType: 'LayerNormalization',
  attributes: ['axis', 'epsilon', 'stash_type'],
  check: ({ attrs, inputShapes: [x] }) => {
    const axis = attrs.get('axis') ?? -1;
    if (x && axis !== -1 && axis !== x.length - 1) return `normalizing over axes ${String(axis)}… is not supported; only the last axis (axis = -1) is`;
    return null;
  },
  shape: (call) => {
    if (shapeIn(call, 1).length !== 1) fail('E_SHAPE', 'the scale must be one number per feature of the last axis');
    return [shapeIn(call, 0), null, null];
  },
  apply: (call) => {
    const x = input(call, 0);
    const d = x.shape[x.rank - 1];
    const gamma = input(call, 1);
    const beta = call.inputs[2] ?? Tensor.zeros([d]);
    if (gamma.rank !== 1) fail('E_SHAPE', 'the scale must be one number per feature of the last axis');
    return [single(call, 'layer_norm', [x, gamma, beta], { eps: floatAttr(call, 'epsilon', 1e-5) }), null, null];
  },
});

/** ReduceMean / ReduceSum / ReduceMax: axes as an attribute (opset < 18; ReduceSum from 13: an input). */
for (const [opType, op] of [['ReduceMean', 'mean'], ['ReduceSum', 'sum'], ['ReduceMax', 'max']] as const) {
  defineOnnxOp({
    opType,
    attributes: ['axes', 'keepdims', 'noop_with_empty_axes'],
    shape: (call) => {
      const x = shapeIn(call, 0);
      const given = constAxes(call, 1);
      if ((!given || given.length === 0) && intAttr(call, 'noop_with_empty_axes', 0) === 1) return [x];
      const axes = given && given.length ? given.map((a) => normalizeAxis(a, x.length)) : x.map((_, i) => i);
      const keepDims = intAttr(call, 'keepdims', 1) === 1;
      return [keepDims ? x.map((d, i) => (axes.includes(i) ? 1 : d)) : x.filter((_, i) => !axes.includes(i))];
    },
    apply: (call) => {
      const x = input(call, 0);
      const given = axesOf(call, 1);
      const keepDims = intAttr(call, 'keepdims', 1) === 1;
      if ((!given || given.length === 0) && intAttr(call, 'noop_with_empty_axes', 0) === 1) return [single(call, 'identity', [x])];
      const axes = given && given.length ? given.map((a) => normalizeAxis(a, x.rank)) : undefined;
      return [single(call, op, [x], axes ? { axes, keepDims } : { keepDims })];
    },
  });
}
