import { arithmetic, broadcastBinary, mapUnary, sumToShape, zipSame } from '../kernels/elementwise';
import { defineOp } from './registry';

/** Elementwise arithmetic with NumPy broadcasting; gradients are summed back to each input's shape. */

export const Add = defineOp({
  name: 'add',
  inputs: ['a', 'b'],
  formula: 'y = a + b',
  gradFormula: '\\frac{\\partial L}{\\partial a} = \\bar y,\\quad \\frac{\\partial L}{\\partial b} = \\bar y',
  forward: ([a, b]) => [arithmetic(a, b, 'add')],
  backward: ({ inputs: [a, b], dys: [g] }) => [sumToShape(g, a.shape), sumToShape(g, b.shape)],
});

export const Sub = defineOp({
  name: 'sub',
  inputs: ['a', 'b'],
  formula: 'y = a - b',
  gradFormula: '\\bar a = \\bar y,\\quad \\bar b = -\\bar y',
  forward: ([a, b]) => [arithmetic(a, b, 'sub')],
  backward: ({ inputs: [a, b], dys: [g] }) => [sumToShape(g, a.shape), sumToShape(mapUnary(g, (v) => -v), b.shape)],
});

export const Mul = defineOp({
  name: 'mul',
  inputs: ['a', 'b'],
  formula: 'y = a \\odot b',
  gradFormula: '\\bar a = \\bar y \\odot b,\\quad \\bar b = \\bar y \\odot a',
  forward: ([a, b]) => [arithmetic(a, b, 'mul')],
  backward: ({ inputs: [a, b], dys: [g], needsGrad: [na, nb] }) => [
    na ? sumToShape(arithmetic(g, b, 'mul'), a.shape) : null,
    nb ? sumToShape(arithmetic(g, a, 'mul'), b.shape) : null,
  ],
});

export const Div = defineOp({
  name: 'div',
  inputs: ['a', 'b'],
  formula: 'y = a \\oslash b',
  gradFormula: '\\bar a = \\bar y \\oslash b,\\quad \\bar b = -\\bar y \\odot a \\oslash b^2',
  forward: ([a, b]) => [arithmetic(a, b, 'div')],
  backward: ({ inputs: [a, b], outputs: [y], dys: [g] }) => [
    sumToShape(arithmetic(g, b, 'div'), a.shape),
    // ∂(a/b)/∂b = −y/b
    sumToShape(zipSame(g, broadcastBinary(y, b, (u, v) => -u / v, 'div'), (u, v) => u * v), b.shape),
  ],
});

export const Neg = defineOp({
  name: 'neg',
  inputs: ['x'],
  formula: 'y = -x',
  forward: ([x]) => [mapUnary(x, (v) => -v)],
  backward: ({ dys: [g] }) => [mapUnary(g, (v) => -v)],
});

export const Exp = defineOp({
  name: 'exp',
  inputs: ['x'],
  formula: 'y = e^{x}',
  gradFormula: '\\bar x = \\bar y \\odot y',
  forward: ([x]) => [mapUnary(x, Math.exp)],
  backward: ({ outputs: [y], dys: [g] }) => [zipSame(g, y, (u, v) => u * v)],
});

export const Log = defineOp({
  name: 'log',
  inputs: ['x'],
  formula: 'y = \\log x',
  gradFormula: '\\bar x = \\bar y \\oslash x',
  forward: ([x]) => [mapUnary(x, Math.log)],
  backward: ({ inputs: [x], dys: [g] }) => [zipSame(g, x, (u, v) => u / v)],
});

export const Sqrt = defineOp({
  name: 'sqrt',
  inputs: ['x'],
  formula: 'y = \\sqrt{x}',
  gradFormula: '\\bar x = \\bar y \\oslash (2y)',
  forward: ([x]) => [mapUnary(x, Math.sqrt)],
  backward: ({ outputs: [y], dys: [g] }) => [zipSame(g, y, (u, v) => u / (2 * v))],
});

export const Pow = defineOp<{ p: number }>({
  name: 'pow',
  inputs: ['x'],
  formula: 'y = x^{p}',
  gradFormula: '\\bar x = \\bar y \\odot p\\,x^{p-1}',
  forward: ([x], { p }) => [mapUnary(x, (v) => Math.pow(v, p))],
  backward: ({ inputs: [x], attrs: { p }, dys: [g] }) => [zipSame(g, x, (u, v) => u * p * Math.pow(v, p - 1))],
});

export const Scale = defineOp<{ s: number }>({
  name: 'scale',
  inputs: ['x'],
  formula: 'y = s\\,x',
  forward: ([x], { s }) => [mapUnary(x, (v) => v * s)],
  backward: ({ attrs: { s }, dys: [g] }) => [mapUnary(g, (v) => v * s)],
});

export const AddScalar = defineOp<{ c: number }>({
  name: 'add_scalar',
  inputs: ['x'],
  formula: 'y = x + c',
  forward: ([x], { c }) => [mapUnary(x, (v) => v + c)],
  backward: ({ dys: [g] }) => [g],
});
