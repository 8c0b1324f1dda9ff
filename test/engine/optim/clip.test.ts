import assert from 'node:assert/strict';
import fc from 'fast-check';
import { clipGradients, clipGradNorm, clipGradValue } from '../../../engine/optim';
import { l2norm } from '../../../engine/tensor/stats';
import { Tensor } from '../../../engine/tensor/tensor';
import type { TensorJson } from '../../../tools/reference/adapter';
import { assertMatches, referenceCases, tensorOf } from '../../support/reference';
import { buildParams, problemArb, setGrads } from './problems';

function withGrad(name: string, grad: number[]): Tensor {
  const p = Tensor.zeros([grad.length], 'float64', name);
  p.grad = Tensor.of(grad, [grad.length], 'float64', `grad(${name})`);
  return p;
}

function totalNorm(params: readonly Tensor[]): number {
  return Math.sqrt(params.reduce((s, p) => s + (p.grad ? l2norm(p.grad) ** 2 : 0), 0));
}

describe('optim/clip', () => {
  for (const c of referenceCases('clip_grad_norm')) {
    it(`matches the reference clip_grad_norm case ${c.name}`, () => {
      const params = Object.entries(c.inputs as Record<string, TensorJson>).map(([name, g]) => {
        const p = Tensor.zeros(g.shape, 'float64', name);
        p.grad = tensorOf(g);
        return p;
      });
      const record = clipGradNorm(params, Number(c.attrs?.max_norm));
      assertMatches('outputs', { ...Object.fromEntries(params.map((p) => [p.name, p.grad])), total_norm: record.totalNorm }, c.outputs);
    });
  }

  it('scales by max_norm / (‖g‖ + 1e-6) when that is below 1, so the clipped norm ends just under max_norm', () => {
    fc.assert(
      fc.property(problemArb(1), fc.double({ min: 0.01, max: 3, noNaN: true }), (problem, maxNorm) => {
        const params = buildParams(problem);
        setGrads(params, problem, 0);
        const before = params.map((p) => p.grad as Tensor);
        const norm = totalNorm(params);
        const r = clipGradNorm(params, maxNorm);
        assert.equal(r.totalNorm, norm);
        assert.equal(r.coef, maxNorm / (norm + 1e-6));
        assert.equal(r.clipped, r.coef < 1);
        if (r.clipped) {
          assert.equal(r.factor, r.coef);
          assert.ok(totalNorm(params) < maxNorm && Math.abs(totalNorm(params) - (maxNorm * norm) / (norm + 1e-6)) < 1e-12);
          params.forEach((p, i) => p.grad?.data.forEach((v, k) => assert.equal(v, before[i].data[k] * r.coef)));
        } else {
          assert.equal(r.factor, 1);
          params.forEach((p, i) => assert.equal(p.grad, before[i], 'unclipped gradients are left as they are'));
        }
      }),
      { numRuns: 50 },
    );
  });

  it('still scales a norm just below max_norm (the +1e-6), and keeps the unclipped gradient tensors intact', () => {
    const a = withGrad('a', [3, 0]);
    const b = withGrad('b', [0, 4]);
    const original = a.grad as Tensor;
    const r = clipGradNorm([a, b], 5 - 1e-7);
    assert.equal(r.totalNorm, 5);
    assert.ok(r.clipped && r.factor < 1 && r.factor > 1 - 1e-6);
    assert.deepEqual(Array.from(original.data), [3, 0], 'history still shows the gradient from backward');
    assert.notEqual(a.grad, original);
    assert.equal(a.grad?.name, 'grad(a)');
    assert.deepEqual(r.grads.map((g) => [g.param, g.normBefore, g.changed]), [['a', 3, 2], ['b', 4, 2]]);
  });

  it('leaves out parameters without a gradient', () => {
    const a = withGrad('a', [6, 8]);
    const b = Tensor.zeros([2], 'float64', 'b');
    const r = clipGradNorm([a, b], 1);
    assert.equal(r.totalNorm, 10);
    assert.equal(b.grad, null);
    assert.deepEqual(r.grads[1], { param: 'b', hasGrad: false, normBefore: 0, normAfter: 0, changed: 0 });
  });

  it('by value clamps every element to [−c, c] and counts the clamped ones', () => {
    fc.assert(
      fc.property(problemArb(1), fc.double({ min: 0.1, max: 2, noNaN: true }), (problem, c) => {
        const params = buildParams(problem);
        setGrads(params, problem, 0);
        const before = params.map((p) => Array.from((p.grad as Tensor).data));
        const r = clipGradValue(params, c);
        let count = 0;
        params.forEach((p, i) =>
          p.grad?.data.forEach((v, k) => {
            const g = before[i][k];
            if (Math.abs(g) > c) count++;
            assert.equal(v, Math.min(Math.max(g, -c), c));
          }),
        );
        assert.equal(r.clippedCount, count);
        assert.equal(r.size, before.flat().length);
      }),
      { numRuns: 50 },
    );
  });

  it('reads clipping from plain options and names bad ones', () => {
    assert.equal(clipGradients([withGrad('a', [3, 4])], { kind: 'norm', max_norm: 1 }).kind, 'norm');
    assert.equal(clipGradients([withGrad('a', [3, 4])], { kind: 'value', clip_value: 1 }).kind, 'value');
    assert.throws(() => clipGradients([], { kind: 'norm', max_norm: 0 }), /clipping "norm": option "max_norm" .* must be a number > 0, got 0/);
    assert.throws(() => clipGradients([], { kind: 'value', max_norm: 1 } as never), /clipping "value": unknown option "max_norm"/);
    assert.throws(() => clipGradients([], { kind: 'global' } as never), /unknown clipping kind "global"; expected "norm" or "value"/);
    assert.throws(() => clipGradNorm([], -1), /max_norm must be a number > 0, got -1/);
  });
});
