import { broadcastBinary, mapUnary } from '../kernels/elementwise';
import { Tensor } from '../tensor/tensor';
import { defineOp } from './registry';

/**
 * Comparisons and casts: values that become masks and indices (1 for true, 0 for false). No gradient
 * flows through a comparison or a cast to integers; a cast between float types is the identity.
 */
type CompareKind = 'equal' | 'less' | 'greater' | 'less_or_equal' | 'greater_or_equal' | 'not';

const COMPARE: Record<Exclude<CompareKind, 'not'>, (x: number, y: number) => number> = {
  equal: (x, y) => (x === y ? 1 : 0),
  less: (x, y) => (x < y ? 1 : 0),
  greater: (x, y) => (x > y ? 1 : 0),
  less_or_equal: (x, y) => (x <= y ? 1 : 0),
  greater_or_equal: (x, y) => (x >= y ? 1 : 0),
};

export const Compare = defineOp<{ kind: Exclude<CompareKind, 'not'> }>({
  name: 'compare',
  inputs: ['a', 'b'],
  constantInputs: ['a', 'b'],
  formula: 'y_i = [\\,a_i \\;\\text{kind}\\; b_i\\,] \\in \\{0, 1\\}',
  gradFormula: '\\text{no gradient (a step function)}',
  forward: ([a, b], { kind }) => [broadcastBinary(a, b, COMPARE[kind], kind)],
  backward: () => [null, null],
});

export const Not = defineOp({
  name: 'not',
  inputs: ['x'],
  constantInputs: ['x'],
  formula: 'y_i = 1 - [x_i \\neq 0]',
  forward: ([x]) => [mapUnary(x, (v) => (v === 0 ? 1 : 0))],
  backward: () => [null],
});

export const Identity = defineOp({
  name: 'identity',
  inputs: ['x'],
  formula: 'y = x',
  gradFormula: '\\bar x = \\bar y',
  forward: ([x]) => [new Tensor(x.data.slice(), x.shape)],
  backward: ({ dys: [g] }) => [g],
});

/** To integers (truncation toward 0) or booleans (≠ 0); gradient-free. */
export const Cast = defineOp<{ to: 'int' | 'bool' }>({
  name: 'cast',
  inputs: ['x'],
  constantInputs: ['x'],
  formula: 'y = \\operatorname{int}(x) \\text{ or } [x \\neq 0]',
  gradFormula: '\\text{no gradient}',
  forward: ([x], { to }) => [mapUnary(x, to === 'bool' ? (v) => (v !== 0 ? 1 : 0) : Math.trunc)],
  backward: () => [null],
});
