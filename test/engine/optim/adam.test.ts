import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Adam, AdamW } from '../../../engine/optim';
import { Tensor } from '../../../engine/tensor/tensor';
import { buildParams, problemArb, sameValues, setGrads } from './problems';
import { itMatchesReference } from './reference_steps';

describe('optim/adam', () => {
  itMatchesReference('adam', 'adam');
  itMatchesReference('adamw', 'adamw');

  it('the first step moves each element by about lr (bias correction undoes the zero start)', () => {
    fc.assert(
      fc.property(problemArb(1), fc.double({ min: 1e-4, max: 0.5, noNaN: true }), (problem, lr) => {
        const params = buildParams(problem);
        setGrads(params, problem, 0);
        new Adam(params, { lr }).step();
        params.forEach((p, i) => {
          p.data.forEach((v, k) => {
            const g = problem.grads[0][i][k];
            const moved = problem.params[i].values[k] - v;
            // |g| / (|g| + ε) of lr, against the sign of g
            assert.ok(Math.abs(moved - lr * (g / (Math.abs(g) + 1e-8))) <= 1e-12 + 1e-9 * lr, `moved ${moved} for g = ${g}`);
          });
        });
      }),
      { numRuns: 30 },
    );
  });

  it('adds ε outside the root: a gradient of 1e-5 still moves θ by about lr on step 1', () => {
    const w = Tensor.of([0], [1], 'float64', 'w');
    w.grad = Tensor.of([1e-5], [1]);
    new Adam([w], { lr: 0.1 }).step();
    assert.ok(Math.abs(w.data[0] + 0.1 * (1e-5 / (1e-5 + 1e-8))) < 1e-15, `${w.data[0]}`);
  });

  it('reports the bias corrections 1 − β^t and shows m̂, v̂ in the formula', () => {
    const w = Tensor.of([0, 0], [2], 'float64', 'w');
    const opt = new Adam([w], { lr: 0.01, beta1: 0.8, beta2: 0.99 });
    for (let t = 1; t <= 3; t++) {
      w.grad = Tensor.of([1, -1], [2]);
      const [u] = opt.step();
      assert.equal(u.step, t);
      assert.equal(u.scalars.bias_correction1, 1 - 0.8 ** t);
      assert.equal(u.scalars.bias_correction2, 1 - 0.99 ** t);
      assert.match(u.formula, /\\hat m_t/);
      assert.deepEqual(u.values?.state.map((s) => [s.name, s.symbol]), [['w.m', 'm'], ['w.v', 'v']]);
    }
  });

  it('keeps m and v as moving averages of g and g²', () => {
    const w = Tensor.of([0], [1], 'float64', 'w');
    const opt = new Adam([w], { lr: 0.01 });
    w.grad = Tensor.of([2], [1]);
    opt.step();
    assert.equal(opt.stateOf('w').buffers.get('m')?.data[0], (1 - 0.9) * 2);
    assert.equal(opt.stateOf('w').buffers.get('v')?.data[0], (1 - 0.999) * 4);
  });

  it('with a zero gradient Adam leaves θ alone and AdamW only decays it by 1 − lr·λ', () => {
    const start = [1.5, -2, 0.25];
    const a = Tensor.of(start, [3], 'float64', 'a');
    const b = Tensor.of(start, [3], 'float64', 'b');
    a.grad = Tensor.zeros([3]);
    b.grad = Tensor.zeros([3]);
    new Adam([a], { lr: 0.1 }).step();
    const [u] = new AdamW([b], { lr: 0.1, weight_decay: 0.2 }).step();
    assert.deepEqual(Array.from(a.data), start);
    assert.deepEqual(Array.from(b.data), start.map((x) => x * (1 - 0.1 * 0.2)));
    assert.equal(u.scalars.decay, 1 - 0.1 * 0.2);
    assert.match(u.formula, /\(1 - \\eta\\lambda\)/);
  });

  it('AdamW with λ = 0 is Adam', () => {
    fc.assert(
      fc.property(problemArb(3), (problem) => {
        const pa = buildParams(problem);
        const pw = buildParams(problem);
        const adam = new Adam(pa, { lr: 0.05 });
        const adamw = new AdamW(pw, { lr: 0.05, weight_decay: 0 });
        problem.grads.forEach((_, s) => {
          setGrads(pa, problem, s);
          setGrads(pw, problem, s);
          adam.step();
          adamw.step();
        });
        pa.forEach((p, i) => assert.ok(sameValues(p.data, pw[i].data)));
      }),
      { numRuns: 20 },
    );
  });

  it('Adam’s weight_decay is coupled: the same as Adam on the gradient g + λθ', () => {
    fc.assert(
      fc.property(problemArb(3), (problem) => {
        const pd = buildParams(problem);
        const pg = buildParams(problem);
        const decayed = new Adam(pd, { lr: 0.05, weight_decay: 0.3 });
        const manual = new Adam(pg, { lr: 0.05 });
        problem.grads.forEach((_, s) => {
          setGrads(pd, problem, s);
          setGrads(pg, problem, s);
          for (const p of pg) p.grad = Tensor.of(Array.from(p.data, (x, k) => (p.grad as Tensor).data[k] + 0.3 * x), p.shape);
          decayed.step();
          manual.step();
        });
        pd.forEach((p, i) => assert.ok(sameValues(p.data, pg[i].data)));
      }),
      { numRuns: 20 },
    );
  });

  it('AdamW defaults weight_decay to 0.01, Adam to 0', () => {
    const w = () => [Tensor.of([1], [1], 'float64', 'w')];
    assert.equal(new AdamW(w()).options.weight_decay, 0.01);
    assert.equal(new Adam(w()).options.weight_decay, 0);
  });

  it('rejects β₁ = 1 (the bias correction would divide by zero), naming the option', () => {
    assert.throws(() => new Adam([Tensor.of([1], [1], 'float64', 'w')], { beta1: 1 }), /optimizer "adam": option "beta1" .* must be a number in \[0, 1\), got 1/);
  });
});
