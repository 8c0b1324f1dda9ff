import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Rmsprop } from '../../../engine/optim';
import { Tensor } from '../../../engine/tensor/tensor';
import { buildParams, problemArb, setGrads } from './problems';
import { itMatchesReference } from './reference_steps';

describe('optim/rmsprop', () => {
  itMatchesReference('rmsprop', 'rmsprop');

  it('has no bias correction: the first step is about lr/√(1 − α) per element (10·lr for α = 0.99)', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-3, max: 10, noNaN: true }), fc.boolean(), (mag, negative) => {
        const g = negative ? -mag : mag;
        const w = Tensor.of([0], [1], 'float64', 'w');
        w.grad = Tensor.of([g], [1]);
        new Rmsprop([w], { lr: 0.01, alpha: 0.99 }).step();
        // √v₁ = √((1 − α)·g²) ≈ 0.1·|g|
        assert.equal(w.data[0], -(0.01 * (g / (Math.sqrt((1 - 0.99) * (g * g)) + 1e-8))));
        assert.ok(Math.abs(w.data[0] + 0.1 * Math.sign(g)) < 1e-3 * 0.1, `step ${w.data[0]} for g = ${g}`);
      }),
      { numRuns: 30 },
    );
  });

  it('v is the α-weighted moving average of g², starting at 0', () => {
    fc.assert(
      fc.property(problemArb(3), (problem) => {
        const params = buildParams(problem);
        const opt = new Rmsprop(params, { lr: 0.01, alpha: 0.9 });
        const avgs = params.map((p) => new Array<number>(p.size).fill(0));
        problem.grads.forEach((_, s) => {
          setGrads(params, problem, s);
          opt.step();
          params.forEach((p, i) => {
            problem.grads[s][i].forEach((g, k) => {
              avgs[i][k] = 0.9 * avgs[i][k] + (1 - 0.9) * (g * g);
              assert.equal(opt.stateOf(p.name).buffers.get('avg_sq')?.data[k], avgs[i][k]);
            });
          });
        });
      }),
      { numRuns: 20 },
    );
  });

  it('rejects α outside [0, 1], naming the option', () => {
    const w = Tensor.of([0], [1], 'float64', 'w');
    assert.throws(() => new Rmsprop([w], { alpha: 1.5 }), /optimizer "rmsprop": option "alpha" .* must be a number in \[0, 1\], got 1\.5/);
  });
});
