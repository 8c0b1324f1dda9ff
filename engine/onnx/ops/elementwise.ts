import { fail } from '../../errors';
import { broadcastShapes } from '../../tensor/shape';
import { defineOnnxOp, type OnnxNodeCall, type OnnxShape, type OnnxShapeCall } from '../handlers';
import { composite, floatAttr, input, intAttr, normalizeAxis, sameShapeAsInput, shapeIn, single } from './util';

/** Elementwise ONNX ops: arithmetic with broadcasting, activations, comparisons, masks, casts. */

/** The shape rule of an op on its inputs broadcast together (NumPy rules). */
function broadcast(call: OnnxShapeCall): OnnxShape[] {
  return [call.shapes.map((s, i) => s ?? shapeIn(call, i)).reduce<number[]>((a, b) => broadcastShapes(a, b), [])];
}

const onnxToEngine: Readonly<Record<string, string>> = { Add: 'add', Sub: 'sub', Mul: 'mul' };
for (const [opType, op] of Object.entries(onnxToEngine)) {
  defineOnnxOp({ opType, attributes: [], shape: broadcast, apply: (call) => [single(call, op, [input(call, 0), input(call, 1)])] });
}

/** Integer division truncates toward 0 (shape arithmetic such as d_model / heads). */
defineOnnxOp({
  opType: 'Div',
  attributes: [],
  shape: broadcast,
  apply: (call) => {
    const [a, b] = [input(call, 0), input(call, 1)];
    if (call.inputDtypes?.[0] !== 'int') return [single(call, 'div', [a, b])];
    return [composite(call, () => call.tape.apply('cast', [call.tape.apply('div', [a, b])], { to: 'int' }))];
  },
});

const unary: Readonly<Record<string, string>> = {
  Relu: 'relu', Sigmoid: 'sigmoid', Tanh: 'tanh', Erf: 'erf', Sqrt: 'sqrt', Exp: 'exp', Log: 'log', Neg: 'neg', Identity: 'identity',
};
for (const [opType, op] of Object.entries(unary)) {
  defineOnnxOp({ opType, attributes: [], shape: sameShapeAsInput, apply: (call) => [single(call, op, [input(call, 0)])] });
}

/** y = x (x > 0), αx (LeakyRelu, α = 0.01) or α(eˣ − 1) (Elu, α = 1) otherwise: the engine's ops of the same α. */
const withAlpha: Readonly<Record<string, readonly [string, number]>> = { LeakyRelu: ['leaky_relu', 0.01], Elu: ['elu', 1] };
for (const [opType, [op, alpha]] of Object.entries(withAlpha)) {
  defineOnnxOp({ opType, attributes: ['alpha'], shape: sameShapeAsInput, apply: (call) => [single(call, op, [input(call, 0)], { alpha: floatAttr(call, 'alpha', alpha) })] });
}

/** Sum of any number of inputs, broadcast together (Backstep's own `add` layer exports as one): a chain of adds. */
defineOnnxOp({
  opType: 'Sum',
  attributes: [],
  shape: broadcast,
  apply: (call) => {
    const inputs = call.inputs.map((_, i) => input(call, i));
    if (inputs.length <= 2) return [single(call, inputs.length === 1 ? 'identity' : 'add', inputs)];
    return [composite(call, () => inputs.slice(1).reduce((a, b) => call.tape.apply('add', [a, b]), inputs[0]))];
  },
});

/** Dropout in an exported (eval-mode) graph is the identity; its mask output, when asked for, is all ones. */
defineOnnxOp({
  opType: 'Dropout',
  attributes: ['seed'],
  check: ({ inputShapes }) => (inputShapes[2] ? 'training_mode as an input is not supported; export the model in eval mode' : null),
  shape: (call) => [shapeIn(call, 0), null],
  apply: (call) => [single(call, 'identity', [input(call, 0)]), null],
});

/** x^p for a constant scalar exponent (LayerNorm's (x − μ)², GELU's tanh form). */
defineOnnxOp({
  opType: 'Pow',
  attributes: [],
  check: ({ inputShapes }) => (inputShapes[1] && inputShapes[1].reduce((a, b) => a * b, 1) !== 1 ? 'the exponent must be one number' : null),
  shape: (call) => {
    if (!call.values[1]) fail('E_ARGUMENT', 'the exponent must be a constant, not computed from parameters or inputs');
    return sameShapeAsInput(call);
  },
  apply: (call) => {
    const p = input(call, 1);
    if (p.requiresGrad) fail('E_ARGUMENT', 'the exponent must be a constant, not computed from parameters or inputs');
    return [single(call, 'pow', [input(call, 0)], { p: p.data[0] })];
  },
});

function softmaxLike(opType: string, op: string): void {
  defineOnnxOp({
    opType,
    attributes: ['axis'],
    shape: (call) => {
      normalizeAxis(intAttr(call, 'axis', -1), shapeIn(call, 0).length);
      return sameShapeAsInput(call);
    },
    apply: (call) => [single(call, op, [input(call, 0)], { axis: intAttr(call, 'axis', -1) })],
  });
}
softmaxLike('Softmax', 'softmax');
softmaxLike('LogSoftmax', 'log_softmax');

const comparisons: Readonly<Record<string, string>> = { Equal: 'equal', Less: 'less', Greater: 'greater', LessOrEqual: 'less_or_equal', GreaterOrEqual: 'greater_or_equal' };
for (const [opType, kind] of Object.entries(comparisons)) {
  defineOnnxOp({ opType, attributes: [], shape: broadcast, apply: (call) => [single(call, 'compare', [input(call, 0), input(call, 1)], { kind })] });
}

defineOnnxOp({ opType: 'Not', attributes: [], shape: sameShapeAsInput, apply: (call) => [single(call, 'not', [input(call, 0)])] });

defineOnnxOp({
  opType: 'Where',
  attributes: [],
  shape: broadcast,
  apply: (call) => [single(call, 'where', [input(call, 0), input(call, 1), input(call, 2)])],
});

/** ONNX TensorProto element types: to a float type is the identity on float64 numbers. */
const CAST_TO: Readonly<Record<number, 'float' | 'int' | 'bool'>> = { 1: 'float', 11: 'float', 6: 'int', 7: 'int', 9: 'bool' };

defineOnnxOp({
  opType: 'Cast',
  attributes: ['to', 'saturate'],
  check: ({ attrs }) => (CAST_TO[attrs.get('to') as number] ? null : `a cast to element type ${String(attrs.get('to'))} is not supported (float, double, int32, int64, bool are)`),
  shape: sameShapeAsInput,
  apply: (call: OnnxNodeCall) => {
    const to = CAST_TO[intAttr(call, 'to', 1)];
    const x = input(call, 0);
    if (to === 'float' || to === call.inputDtypes?.[0]) return [single(call, 'identity', [x])];
    return [single(call, 'cast', [x], { to })];
  },
});
