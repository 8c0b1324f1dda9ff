import assert from 'node:assert/strict';
import fc from 'fast-check';
import '../../../engine/ops';
import { BackwardPass } from '../../../engine/autograd/backward';
import { Tape } from '../../../engine/autograd/tape';
import { BackstepError, type ErrorCode } from '../../../engine/errors';
import { Tensor } from '../../../engine/tensor/tensor';
import { gradcheck, opFn, shapeArb, tensorArb } from '../../support/gradcheck';
import { assertMatches, referenceCases, tensorOf } from '../../support/reference';

function isBackstepError(code: ErrorCode, op: string, message?: RegExp) {
  return (e: unknown) => e instanceof BackstepError && e.code === code && e.where.op === op && (!message || message.test(e.message));
}

/** x of rank 1–3 with a random last axis D, and gamma, beta of shape (D). */
const layerNormInputs = fc
  .integer({ min: 1, max: 3 })
  .chain((r) => shapeArb(r, 5))
  .chain((s) => fc.tuple(tensorArb(s, -3, 3), tensorArb([s[s.length - 1]], -2, 2), tensorArb([s[s.length - 1]], -2, 2)));

describe('layer_norm', () => {
  it('normalizes each row to mean 0 and biased variance var/(var + eps) before gamma and beta', () => {
    const d = 4;
    const x = Tensor.fromNested([[1, 2, 3, 4], [10, -10, 0, 0]]);
    const y = new Tape().apply('layer_norm', [x, Tensor.full([d], 1), Tensor.zeros([d])], { eps: 1e-5 });
    for (let r = 0; r < 2; r++) {
      const row = Array.from(x.data.subarray(r * d, (r + 1) * d));
      const out = Array.from(y.data.subarray(r * d, (r + 1) * d));
      const mu = row.reduce((a, b) => a + b) / d;
      const v = row.reduce((a, b) => a + (b - mu) ** 2, 0) / d;
      assert.ok(Math.abs(out.reduce((a, b) => a + b)) < 1e-12);
      const outVar = out.reduce((a, b) => a + b * b, 0) / d;
      assert.ok(Math.abs(outVar - v / (v + 1e-5)) < 1e-12, `row ${r}: variance ${outVar}`);
    }
  });

  it('scales by gamma and shifts by beta per column', () => {
    const x = Tensor.fromNested([[-1, 1]]);
    const y = new Tape().apply('layer_norm', [x, Tensor.of([2, 3], [2]), Tensor.of([10, 20], [2])], { eps: 0 });
    assert.deepEqual(Array.from(y.data), [8, 23]);
  });

  it('uses eps = 1e-5 by default', () => {
    const inputs = [Tensor.fromNested([[0.001, -0.001]]), Tensor.of([1, 1], [2]), Tensor.zeros([2])];
    const byDefault = new Tape().apply('layer_norm', inputs);
    const explicit = new Tape().apply('layer_norm', inputs, { eps: 1e-5 });
    assert.deepEqual(Array.from(byDefault.data), Array.from(explicit.data));
    assert.ok(Math.abs(byDefault.data[0] - 0.001 / Math.sqrt(1e-6 + 1e-5)) < 1e-15);
  });

  it('gradients for x, gamma and beta match finite differences on random shapes', () => {
    fc.assert(fc.property(layerNormInputs, ([x, g, b]) => gradcheck(opFn('layer_norm', { eps: 1e-5 }), [x, g, b])), { numRuns: 30 });
  });

  it('keeps float32 inputs in float32, close to the float64 result', () => {
    const run = (dtype: 'float32' | 'float64') => {
      const inputs = [Tensor.fromNested([[0.5, -1, 2], [3, 0.25, -0.75]], dtype), Tensor.of([1, 2, -1], [3], dtype), Tensor.of([0, 1, 0.5], [3], dtype)];
      inputs.forEach((t) => (t.requiresGrad = true));
      const tape = new Tape();
      const y = tape.apply('layer_norm', inputs);
      new BackwardPass(tape, [y], [Tensor.full([2, 3], 1, dtype)]).run();
      return [y, ...inputs.map((t) => t.grad!)];
    };
    const single = run('float32');
    const double = run('float64');
    single.forEach((t, k) => {
      assert.equal(t.dtype, 'float32');
      t.data.forEach((v, i) => assert.ok(Math.abs(v - double[k].data[i]) < 1e-5, `tensor ${k}[${i}]: ${v} vs ${double[k].data[i]}`));
    });
  });

  it('rejects gamma or beta that do not match the last axis, naming every shape', () => {
    const x = Tensor.zeros([2, 3]);
    assert.throws(() => new Tape().apply('layer_norm', [x, Tensor.zeros([4]), Tensor.zeros([3])]), isBackstepError('E_SHAPE', 'layer_norm', /\[2,3\].*\[4\].*\[3\]/));
    assert.throws(() => new Tape().apply('layer_norm', [x, Tensor.zeros([3]), Tensor.zeros([1, 3])]), isBackstepError('E_SHAPE', 'layer_norm'));
  });

  it('rejects a negative eps', () => {
    const x = Tensor.zeros([1, 2]);
    assert.throws(() => new Tape().apply('layer_norm', [x, Tensor.zeros([2]), Tensor.zeros([2])], { eps: -1 }), isBackstepError('E_ATTR', 'layer_norm', /eps/));
  });
});

describe('layer_norm reference cases (test/reference/layer_norm.json)', () => {
  for (const c of referenceCases('layer_norm')) {
    it(c.name, () => {
      const [x, gamma, beta] = ['x', 'gamma', 'beta'].map((k) => tensorOf(c.inputs![k], k, true));
      const tape = new Tape();
      const y = tape.apply('layer_norm', [x, gamma, beta], { eps: Number(c.attrs!.eps) });
      assertMatches('outputs', { y }, c.outputs);
      new BackwardPass(tape, [y], [tensorOf(c.upstream!.y)]).run();
      assertMatches('grads', { x: x.grad, gamma: gamma.grad, beta: beta.grad }, c.grads);
    });
  }
});
