import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Sgd } from '../../../engine/optim';
import { Tensor } from '../../../engine/tensor/tensor';
import { buildParams, problemArb, setGrads } from './problems';
import { itMatchesReference } from './reference_steps';

function param(values: number[], name = 'w'): Tensor {
  const t = Tensor.of(values, [values.length], 'float64', name);
  t.grad = null;
  return t;
}

describe('optim/sgd', () => {
  itMatchesReference('sgd', 'sgd');
  itMatchesReference('sgd_momentum', 'sgd');
  itMatchesReference('sgd_momentum_ema', 'sgd');

  it('plain SGD moves every element by −lr·g', () => {
    fc.assert(
      fc.property(problemArb(1), fc.double({ min: 0, max: 1, noNaN: true }), (problem, lr) => {
        const params = buildParams(problem);
        setGrads(params, problem, 0);
        new Sgd(params, { lr }).step();
        params.forEach((p, i) => {
          p.data.forEach((v, k) => assert.equal(v, problem.params[i].values[k] - lr * problem.grads[0][i][k]));
        });
      }),
      { numRuns: 30 },
    );
  });

  it('with momentum and dampening, step 1 is a plain SGD step: the buffer starts as g₁ itself', () => {
    const w = param([1, -2]);
    const opt = new Sgd([w], { lr: 0.1, momentum: 0.9, dampening: 0.9 });
    w.grad = Tensor.of([0.5, 4], [2]);
    const update = opt.stepParam(0);
    assert.deepEqual(Array.from(w.data), [1 - 0.1 * 0.5, -2 - 0.1 * 4]);
    assert.deepEqual(Array.from(opt.stateOf('w').buffers.get('momentum')?.data ?? []), [0.5, 4]);
    assert.equal(update.values?.state[0].before, null, 'the buffer did not exist before step 1');
    assert.match(update.formula, /b_1 &= g_1/);
  });

  it('after step 1 the buffer is μ·b + (1 − τ)·g', () => {
    const w = param([0]);
    const opt = new Sgd([w], { lr: 1, momentum: 0.9, dampening: 0.9 });
    w.grad = Tensor.of([1], [1]);
    opt.step();
    w.grad = Tensor.of([3], [1]);
    const [update] = opt.step();
    const b = 0.9 * 1 + (1 - 0.9) * 3;
    assert.equal(opt.stateOf(0).buffers.get('momentum')?.data[0], b);
    assert.equal(w.data[0], -1 - b);
    assert.match(update.formula, /b_t &= \\mu\\, b_\{t-1\} \+ \(1 - \\tau\)\\, g_t/);
  });

  it('without dampening, a constant gradient builds up the buffer to g·(1 + μ + μ² + …)', () => {
    const w = param([0]);
    const opt = new Sgd([w], { lr: 1, momentum: 0.5 });
    const steps = [1, 1.5, 1.75];
    for (const b of steps) {
      w.grad = Tensor.of([1], [1]);
      opt.step();
      assert.equal(opt.stateOf(0).buffers.get('momentum')?.data[0], b);
    }
    assert.equal(w.data[0], -(1 + 1.5 + 1.75));
  });

  it('plain SGD keeps no state', () => {
    const w = param([1]);
    const opt = new Sgd([w], { lr: 0.1 });
    w.grad = Tensor.of([1], [1]);
    opt.step();
    assert.equal(opt.stateOf(0).buffers.size, 0);
    assert.deepEqual(opt.slots(), []);
  });

  it('coupled weight decay adds λθ to the gradient before the rule', () => {
    const w = param([2]);
    const opt = new Sgd([w], { lr: 0.1, weight_decay: 0.5 });
    w.grad = Tensor.of([1], [1]);
    const [update] = opt.step();
    assert.equal(w.data[0], 2 - 0.1 * (1 + 0.5 * 2));
    assert.match(update.formula, /\\lambda\\,\\theta_\{t-1\}/);
    assert.equal(update.values?.grad?.data[0], 1, 'the record keeps the gradient as it came from backward');
  });

  it('requires lr and names it when missing', () => {
    assert.throws(() => new Sgd([param([1])], {} as { lr: number }), /optimizer "sgd": option "lr" \(learning rate η\) is required/);
  });
});
