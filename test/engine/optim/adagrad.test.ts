import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Adagrad } from '../../../engine/optim';
import { Tensor } from '../../../engine/tensor/tensor';
import { buildParams, problemArb, setGrads } from './problems';
import { itMatchesReference } from './reference_steps';

describe('optim/adagrad', () => {
  itMatchesReference('adagrad', 'adagrad');

  it('s is the running sum of squared gradients, from initial_accumulator_value', () => {
    fc.assert(
      fc.property(problemArb(4), fc.double({ min: 0, max: 2, noNaN: true }), (problem, init) => {
        const params = buildParams(problem);
        const opt = new Adagrad(params, { lr: 0.1, initial_accumulator_value: init });
        const sums = params.map((p) => new Array<number>(p.size).fill(init));
        problem.grads.forEach((_, s) => {
          setGrads(params, problem, s);
          opt.step();
          params.forEach((p, i) => {
            const acc = opt.stateOf(p.name).buffers.get('sum_sq');
            problem.grads[s][i].forEach((g, k) => {
              sums[i][k] += g * g;
              assert.equal(acc?.data[k], sums[i][k]);
            });
          });
        });
      }),
      { numRuns: 25 },
    );
  });

  it('the first step from s = 0 moves each element by lr·g/(|g| + ε), about lr against the gradient sign', () => {
    const w = Tensor.of([1, 1, 1], [3], 'float64', 'w');
    w.grad = Tensor.of([1e-3, -5, 2e-6], [3]);
    new Adagrad([w], { lr: 0.5 }).step();
    const g = w.grad.data;
    w.data.forEach((v, k) => assert.equal(v, 1 - 0.5 * (g[k] / (Math.abs(g[k]) + 1e-10))));
    w.data.forEach((v, k) => assert.ok(Math.abs(1 - v - 0.5 * Math.sign(g[k])) < 1e-4));
  });

  it('names its state <param>.sum_sq with symbol s', () => {
    const w = Tensor.of([1], [1], 'float64', 'emb.E');
    const opt = new Adagrad([w], { initial_accumulator_value: 0.1 });
    assert.equal(opt.stateOf(0).buffers.get('sum_sq')?.name, 'emb.E.sum_sq');
    assert.equal(opt.stateOf(0).buffers.get('sum_sq')?.data[0], 0.1, 'visible before the first step');
    assert.equal(opt.slots()[0].symbol, 's');
  });
});
