import assert from 'node:assert/strict';
import fc from 'fast-check';
import { BackstepError } from '../../../engine/errors';
import { Adam, createOptimizer, Sgd } from '../../../engine/optim';
import { Tensor } from '../../../engine/tensor/tensor';
import { buildParams, EVERY_OPTIMIZER, label, problemArb, sameValues, setGrads } from './problems';

function twoParams(): Tensor[] {
  const W = Tensor.of([1, 2, 3, 4], [2, 2], 'float64', 'fc1.W');
  const b = Tensor.of([0.5, -0.5], [2], 'float64', 'fc1.b');
  W.grad = Tensor.of([0.1, -0.2, 0.3, -0.4], [2, 2]);
  b.grad = Tensor.of([1, -1], [2]);
  return [W, b];
}

describe('optim/optimizer (every rule)', () => {
  for (const options of EVERY_OPTIMIZER) {
    describe(label(options), () => {
      it('with lr = 0 leaves every parameter unchanged (decay included, since it scales with lr)', () => {
        fc.assert(
          fc.property(problemArb(3), (problem) => {
            const params = buildParams(problem);
            const opt = createOptimizer(params, { ...options, lr: 0 });
            problem.grads.forEach((_, s) => {
              setGrads(params, problem, s);
              opt.step();
            });
            // === so that −0 and 0 count as the same value
            params.forEach((p, i) => p.data.forEach((v, k) => assert.ok(v === problem.params[i].values[k], `${p.name}[${k}] moved to ${v}`)));
          }),
          { numRuns: 15 },
        );
      });

      it('stepping the parameters one by one with stepParam equals step()', () => {
        fc.assert(
          fc.property(problemArb(4), fc.integer({ min: 0, max: 1000 }), (problem, seed) => {
            const whole = buildParams(problem);
            const single = buildParams(problem);
            const a = createOptimizer(whole, options);
            const b = createOptimizer(single, options);
            problem.grads.forEach((_, s) => {
              setGrads(whole, problem, s);
              setGrads(single, problem, s);
              a.step();
              // any order of the parameters within a step gives the same result
              const order = single.map((_p, i) => i).sort((x, y) => ((x * 7919 + seed) % 13) - ((y * 7919 + seed) % 13));
              for (const i of order) b.stepParam(i);
              assert.equal(b.t, a.t);
            });
            whole.forEach((p, i) => assert.ok(sameValues(p.data, single[i].data), `${p.name} differs`));
          }),
          { numRuns: 15 },
        );
      });

      it('snapshot, step, restore, step again gives identical parameters and state', () => {
        fc.assert(
          fc.property(problemArb(4), (problem) => {
            const params = buildParams(problem);
            const opt = createOptimizer(params, options);
            setGrads(params, problem, 0);
            opt.step();
            const snap = opt.snapshot();
            const run = () => {
              problem.grads.slice(1).forEach((_, s) => {
                setGrads(params, problem, s + 1);
                opt.step();
              });
              return opt.snapshot();
            };
            const first = run();
            opt.restore(snap);
            assert.deepEqual(opt.snapshot(), snap, 'restore brings back exactly the snapshot');
            const second = run();
            assert.deepEqual(second, first);
          }),
          { numRuns: 15 },
        );
      });

      it('works in float32: parameters and state stay float32 and track the float64 run', () => {
        fc.assert(
          fc.property(problemArb(3), (problem) => {
            const p32 = buildParams(problem, 'float32');
            const p64 = buildParams(problem, 'float64');
            const o32 = createOptimizer(p32, options);
            const o64 = createOptimizer(p64, options);
            problem.grads.forEach((_, s) => {
              setGrads(p32, problem, s);
              setGrads(p64, problem, s);
              o32.step();
              o64.step();
            });
            p32.forEach((p, i) => {
              assert.ok(p.data instanceof Float32Array);
              for (const buf of o32.stateOf(i).buffers.values()) assert.equal(buf.dtype, 'float32');
              p.data.forEach((v, k) => {
                const e = p64[i].data[k];
                assert.ok(Math.abs(v - e) <= 1e-4 + 1e-4 * Math.abs(e), `${p.name}[${k}] ${v} vs ${e}`);
              });
            });
          }),
          { numRuns: 10 },
        );
      });
    });
  }

  it('names state tensors <param>.<slot> and exposes the step count and hyperparameters', () => {
    const [W, b] = twoParams();
    const opt = new Adam([W, b], { lr: 0.01 });
    assert.deepEqual([...opt.stateOf('fc1.W').buffers.values()].map((t) => t.name), ['fc1.W.m', 'fc1.W.v']);
    assert.deepEqual(Array.from(opt.stateOf(1).buffers.get('m')?.data ?? []), [0, 0], 'Adam’s moments start at 0 and can be inspected at once');
    assert.equal(opt.t, 0);
    opt.step();
    assert.equal(opt.t, 1);
    assert.equal(opt.stateOf('fc1.b').step, 1);
    assert.deepEqual(opt.hyperparams().map((h) => [h.name, h.value]), [['lr', 0.01], ['beta1', 0.9], ['beta2', 0.999], ['eps', 1e-8], ['weight_decay', 0]]);
    opt.lr = 0.005;
    assert.equal(opt.hyperparams()[0].value, 0.005, 'the schedule’s lr shows up');
  });

  it('describes each update: parameter, step, lr, formula, gradient and values before and after (copies)', () => {
    const [W, b] = twoParams();
    const opt = new Adam([W, b], { lr: 0.1 });
    const u = opt.stepParam('fc1.b');
    assert.equal(u.param, 'fc1.b');
    assert.equal(u.index, 1);
    assert.equal(u.step, 1);
    assert.equal(u.lr, 0.1);
    assert.equal(u.optimizer, 'adam');
    assert.match(u.formula, /^\\begin\{aligned\} m_t &= \\beta_1/);
    const v = u.values;
    assert.ok(v);
    assert.deepEqual(Array.from(v.before.data), [0.5, -0.5]);
    assert.deepEqual(Array.from(v.after.data), Array.from(b.data));
    assert.deepEqual(Array.from(v.grad?.data ?? []), [1, -1]);
    assert.deepEqual(Array.from(v.state[0].before?.data ?? []), [0, 0]);
    assert.deepEqual(Array.from(v.state[0].after.data), Array.from(opt.stateOf('fc1.b').buffers.get('m')?.data ?? []));
    assert.notEqual(v.after.data, b.data, 'the record does not alias the live parameter');
    opt.stepParam('fc1.W');
    assert.deepEqual(Array.from(v.after.data), Array.from(b.data), 'later updates do not change the record');
  });

  it('with recordValues off, describes updates without copying any values, and computes the same', () => {
    const [W, b] = twoParams();
    const [W2, b2] = twoParams();
    const quiet = new Adam([W, b], { lr: 0.1 });
    quiet.recordValues = false;
    const loud = new Adam([W2, b2], { lr: 0.1 });
    const updates = quiet.step();
    loud.step();
    assert.deepEqual(updates.map((u) => [u.param, u.step, u.values]), [['fc1.W', 1, null], ['fc1.b', 1, null]]);
    assert.match(updates[0].formula, /\\hat m_t/);
    assert.deepEqual(Array.from(W.data), Array.from(W2.data));
  });

  it('counts a step as done only when every parameter has been updated', () => {
    const opt = new Sgd(twoParams(), { lr: 0.1 });
    assert.deepEqual(opt.pending(), [0, 1]);
    opt.stepParam(1);
    assert.equal(opt.t, 0);
    assert.deepEqual(opt.pending(), [0]);
    const rest = opt.step();
    assert.deepEqual(rest.map((u) => u.param), ['fc1.W'], 'step() finishes the current step');
    assert.equal(opt.t, 1);
    assert.deepEqual(opt.pending(), [0, 1]);
  });

  it('undoes updates latest first: each parameter pending again, a step its update completed open again', () => {
    const params = twoParams();
    const opt = new Adam(params, { lr: 0.1 });
    const start = Array.from(params[0].data);
    const first = opt.paramSnapshot(0);
    opt.stepParam(0);
    const second = opt.paramSnapshot(1);
    opt.stepParam(1);
    assert.equal(opt.t, 1);
    opt.restoreParam(second);
    assert.deepEqual([opt.t, opt.pending()], [0, [1]], 'the step is open again with fc1.b pending');
    opt.restoreParam(first);
    assert.deepEqual([opt.t, opt.pending()], [0, [0, 1]]);
    assert.deepEqual(Array.from(params[0].data), start);
    assert.equal(opt.step().length, 2, 'the step can be taken again');
    assert.equal(opt.t, 1);
  });

  it('refuses to update a parameter twice in one step, naming it and those still pending', () => {
    const opt = new Sgd(twoParams(), { lr: 0.1 });
    opt.stepParam('fc1.W');
    assert.throws(() => opt.stepParam('fc1.W'), /fc1\.W was already updated in step 1; update fc1\.b first/);
  });

  it('skips a parameter without a gradient, saying why, and still completes the step', () => {
    const [W, b] = twoParams();
    b.grad = null;
    const opt = new Adam([W, b], { lr: 0.1 });
    const [, u] = opt.step();
    assert.equal(u.skipped, 'fc1.b has no gradient');
    assert.deepEqual(Array.from(b.data), [0.5, -0.5]);
    assert.equal(opt.stateOf('fc1.b').step, 0, 'bias correction counts only real updates');
    assert.equal(opt.t, 1);
  });

  it('zeroGrad drops every gradient', () => {
    const params = twoParams();
    new Sgd(params, { lr: 0.1 }).zeroGrad();
    assert.deepEqual(params.map((p) => p.grad), [null, null]);
  });

  it('says which parameter has a gradient of the wrong shape', () => {
    const [W, b] = twoParams();
    W.grad = Tensor.zeros([4]);
    assert.throws(
      () => new Sgd([W, b], { lr: 0.1 }).step(),
      (e: unknown) => e instanceof BackstepError && e.code === 'E_GRAD_SHAPE' && /gradient of fc1\.W has shape \[4\] but the parameter has \[2,2\]/.test(e.message),
    );
  });

  it('restores a snapshot in place (layers keep their tensors) and rejects one from another optimizer', () => {
    const params = twoParams();
    const opt = new Adam(params, { lr: 0.1 });
    const snap = opt.snapshot();
    const W = params[0];
    const data = W.data;
    opt.step();
    opt.restore(snap);
    assert.equal(W.data, data);
    assert.deepEqual(Array.from(W.data), [1, 2, 3, 4]);
    assert.throws(() => new Sgd(twoParams(), { lr: 0.1 }).restore(snap), /optimizer "sgd": cannot restore a snapshot of optimizer "adam"/);
    assert.throws(() => new Adam([twoParams()[1]]).restore(snap), /the snapshot holds 2 parameters, the optimizer 1/);
  });

  it('restores a snapshot taken in the middle of a step', () => {
    const params = twoParams();
    const opt = new Adam(params, { lr: 0.1 });
    opt.stepParam(0);
    const snap = opt.snapshot();
    const after = opt.step().map((u) => u.values?.after.data);
    opt.restore(snap);
    assert.deepEqual(opt.pending(), [1]);
    assert.deepEqual(opt.step().map((u) => u.values?.after.data), after);
  });

  it('rejects bad parameter lists, lookups and learning rates', () => {
    const [W, b] = twoParams();
    assert.throws(() => new Sgd([], { lr: 0.1 }), /at least one parameter/);
    assert.throws(() => new Sgd([W, W], { lr: 0.1 }), /fc1\.W is given to the optimizer twice/);
    assert.throws(() => new Sgd([W, Tensor.zeros([1], 'float64', 'fc1.W')], { lr: 0.1 }), /two optimizer parameters are named "fc1\.W"/);
    const opt = new Sgd([W, b], { lr: 0.1 });
    assert.throws(() => opt.stepParam('fc2.W'), /no parameter named "fc2\.W"; it has fc1\.W, fc1\.b/);
    assert.throws(() => opt.stepParam(2), /parameter index 2 is out of range; it has 2 parameters/);
    assert.throws(() => {
      opt.lr = -1;
    }, /learning rate must be a finite number ≥ 0, got -1/);
  });

  it('shows the general rule, with both cases of the momentum buffer', () => {
    const opt = new Sgd(twoParams(), { lr: 0.1, momentum: 0.9 });
    assert.match(opt.formula, /b_1 &= g_1 \\quad \(t = 1\)/);
    assert.match(opt.formula, /\\theta_t &= \\theta_\{t-1\} - \\eta\\, b_t/);
  });
});
