import assert from 'node:assert/strict';
import katex from 'katex';
import { createOptimizer, type OptimizerOptions } from '../../../engine/optim';
import type { ParamUpdate } from '../../../engine/optim/optimizer';
import { Tensor } from '../../../engine/tensor/tensor';
import { evaluateTex } from '../../support/texArithmetic';

/** Two updates of a 2 × 2 parameter with the given gradients; returns both. */
function twoUpdates(options: OptimizerOptions, grads: readonly number[][]): ParamUpdate[] {
  const w = Tensor.of([0.3, -0.2, 0.05, 1.5], [2, 2], 'float64', 'fc.W');
  const opt = createOptimizer([w], options);
  return grads.map((g) => {
    w.grad = Tensor.of(g, [2, 2]);
    return opt.stepParam(0);
  });
}

/** The `expression = result` pairs of a worked formula, one per line and per `\quad`-separated part. */
function equations(worked: string): { expression: string; result: string }[] {
  const body = worked.replace(/^\\begin\{aligned\}|\\end\{aligned\}$/g, '');
  return body
    .split('\\\\')
    .reduce<string[]>((lines, row) => (row.trim().startsWith('&=') ? [...lines.slice(0, -1), `${lines[lines.length - 1]} ${row.trim().slice(1)}`] : [...lines, row]), [])
    .flatMap((line) => line.split(', \\quad'))
    .map((part) => {
      const sides = part.split(/&?=|&\\leftarrow/).map((s) => s.trim());
      return { expression: sides[sides.length - 2], result: sides[sides.length - 1] };
    });
}

const CASES: [string, OptimizerOptions][] = [
  ['sgd', { kind: 'sgd', lr: 0.1 }],
  ['sgd with momentum and dampening', { kind: 'sgd', lr: 0.1, momentum: 0.9, dampening: 0.5 }],
  ['sgd with L2 weight decay', { kind: 'sgd', lr: 0.1, weight_decay: 0.01 }],
  ['adagrad', { kind: 'adagrad', lr: 0.1 }],
  ['rmsprop', { kind: 'rmsprop', lr: 0.01, alpha: 0.9 }],
  ['adam', { kind: 'adam', lr: 0.01 }],
  ['adam with L2 weight decay', { kind: 'adam', lr: 0.01, weight_decay: 0.1 }],
  ['adamw', { kind: 'adamw', lr: 0.01, weight_decay: 0.1 }],
];

describe('optim: the rule worked on the first element, with the numbers of the update', () => {
  for (const [name, options] of CASES) {
    it(`${name}: every line's arithmetic gives its result, the last one θ after, and KaTeX typesets it`, () => {
      const updates = twoUpdates(options, [
        [0.5, -1, 0.25, 2],
        [-0.004, 0.3, 0.1, -2e-5],
      ]);
      for (const u of updates) {
        const worked = u.worked!;
        assert.ok(worked, 'recorded');
        assert.doesNotThrow(() => katex.renderToString(worked, { throwOnError: true, displayMode: true }));
        for (const { expression, result } of equations(worked)) {
          if (/^[a-z]_\{\d+\}$/.test(expression)) continue; // `b_1 = g_1 = 0.5`: a symbol, checked below
          const [x, y] = [evaluateTex(expression), evaluateTex(result)];
          assert.ok(Math.abs(x - y) <= 2e-3 * Math.max(Math.abs(x), Math.abs(y)) + 1e-12, `t = ${u.step}: ${expression} = ${x}, but the formula says ${result}`);
        }
        const results = equations(worked).map((e) => evaluateTex(e.result));
        const near = (x: number, y: number): boolean => Math.abs(x - y) <= 5e-4 * Math.abs(y);
        assert.ok(near(results[results.length - 1], u.values!.after.data[0]), 'the last line ends in θ after');
        for (const s of u.values!.state) assert.ok(results.some((r) => near(r, s.after.data[0])), `${s.symbol} after is one of the results`);
      }
    });
  }

  it('names step t in the subscripts and starts SGD momentum from the gradient itself', () => {
    const [first, second] = twoUpdates({ kind: 'sgd', lr: 0.1, momentum: 0.9 }, [
      [0.5, 0, 0, 0],
      [0.25, 0, 0, 0],
    ]);
    assert.match(first.worked!, /b_\{1\} &= g_\{1\} = 0\.5/);
    assert.match(second.worked!, /b_\{2\} &= 0\.9 \\cdot 0\.5 \+ 0\.25 \\\\ &= 0\.7/);
  });

  it('shows θ before and after with the digits it takes to see the step, however small', () => {
    const w = Tensor.of([0.25], [1], 'float64', 'w');
    w.grad = Tensor.of([1e-5], [1]);
    const worked = createOptimizer([w], { kind: 'sgd', lr: 0.1 }).stepParam(0).worked!;
    const [, before, after] = /&= ([\d.]+) - .* &= ([\d.]+)/.exec(worked)!;
    assert.notEqual(before, after);
    assert.equal(Number(before), 0.25);
    assert.equal(Number(after), 0.249999);
  });

  it('is not made when values are not recorded (a Continue), nor for a parameter without gradient', () => {
    const w = Tensor.of([1], [1], 'float64', 'w');
    const opt = createOptimizer([w], { kind: 'adam', lr: 0.1 });
    assert.equal(opt.stepParam(0).worked, null, 'no gradient');
    opt.recordValues = false;
    w.grad = Tensor.of([1], [1]);
    assert.equal(opt.stepParam(0).worked, null, 'not recorded');
  });
});
