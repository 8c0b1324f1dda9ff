import assert from 'node:assert/strict';
import fc from 'fast-check';
import '../../../engine/ops';
import { BackwardPass } from '../../../engine/autograd/backward';
import { Tape } from '../../../engine/autograd/tape';
import { BackstepError, type ErrorCode } from '../../../engine/errors';
import { Tensor } from '../../../engine/tensor/tensor';
import { gradcheck, opFn, shapeArb, tensorArb } from '../../support/gradcheck';
import { assertMatches, referenceCases, tensorOf } from '../../support/reference';

/** A random tensor of rank 1–3 and an axis of it, written either way (e.g. 1 or −2). */
const tensorAndAxis = fc
  .integer({ min: 1, max: 3 })
  .chain((rank) => fc.tuple(shapeArb(rank, 4).chain((s) => tensorArb(s, -3, 3)), fc.integer({ min: -rank, max: rank - 1 })));

function isBackstepError(code: ErrorCode, op: string, message?: RegExp) {
  return (e: unknown) => e instanceof BackstepError && e.code === code && e.where.op === op && (!message || message.test(e.message));
}

/** Sum of x along `axis` for each position of the other axes, by walking every index. */
function sumsAlong(x: Tensor, axis: number): number[] {
  const a = axis < 0 ? axis + x.rank : axis;
  const sums = new Map<string, number>();
  const idx = new Array<number>(x.rank).fill(0);
  for (let i = 0; i < x.size; i++) {
    const key = idx.filter((_, k) => k !== a).join(',');
    sums.set(key, (sums.get(key) ?? 0) + x.data[i]);
    for (let k = x.rank - 1; k >= 0 && ++idx[k] === x.shape[k]; k--) idx[k] = 0;
  }
  return [...sums.values()];
}

describe('softmax', () => {
  it('is e^{x_i} / Σ_j e^{x_j} along the last axis', () => {
    const y = new Tape().apply('softmax', [Tensor.fromNested([[1, 2, 3], [0, 0, Math.log(2)]])]);
    const z = Math.exp(1) + Math.exp(2) + Math.exp(3);
    const expected = [Math.exp(1) / z, Math.exp(2) / z, Math.exp(3) / z, 0.25, 0.25, 0.5];
    y.data.forEach((v, i) => assert.ok(Math.abs(v - expected[i]) < 1e-15, `y[${i}] = ${v}, expected ${expected[i]}`));
  });

  it('gives positive weights that sum to 1 along any axis', () => {
    fc.assert(
      fc.property(tensorAndAxis, ([x, axis]) => {
        const y = new Tape().apply('softmax', [x], { axis });
        assert.ok(y.data.every((v) => v > 0));
        for (const s of sumsAlong(y, axis)) assert.ok(Math.abs(s - 1) < 1e-12, `sum ${s}`);
      }),
      { numRuns: 40 },
    );
  });

  it('gradient matches finite differences on random shapes and axes', () => {
    fc.assert(fc.property(tensorAndAxis, ([x, axis]) => gradcheck(opFn('softmax', { axis }), [x])), { numRuns: 25 });
  });

  it('stays finite at |x| ≈ 1000 and ignores a constant shift', () => {
    const x = Tensor.fromNested([[1000, 999, -1000], [-1000, -1001, -1002]]);
    const y = new Tape().apply('softmax', [x]);
    const small = new Tape().apply('softmax', [Tensor.fromNested([[1, 0, -1999], [2, 1, 0]])]);
    y.data.forEach((v, i) => assert.ok(Math.abs(v - small.data[i]) < 1e-15, `y[${i}] = ${v} vs ${small.data[i]}`));
  });

  it('gives −∞ entries (masks) exactly 0 weight and a finite, zero gradient', () => {
    const tape = new Tape();
    const x = Tensor.fromNested([[0.5, -Infinity, 1.5, -Infinity]]);
    x.requiresGrad = true;
    const y = tape.apply('softmax', [x]);
    const unmasked = new Tape().apply('softmax', [Tensor.fromNested([[0.5, 1.5]])]);
    assert.deepEqual([y.data[1], y.data[3]], [0, 0]);
    assert.deepEqual([y.data[0], y.data[2]], [unmasked.data[0], unmasked.data[1]]);
    new BackwardPass(tape, [y], [Tensor.fromNested([[1, 2, 3, 4]])]).run();
    assert.ok(x.grad!.data.every(Number.isFinite));
    assert.ok(x.grad!.data[1] === 0 && x.grad!.data[3] === 0, `grad ${Array.from(x.grad!.data)}`);
  });

  it('gives 0 (not NaN) on a row that is masked everywhere', () => {
    const y = new Tape().apply('softmax', [Tensor.fromNested([[-Infinity, -Infinity], [0, 0]])]);
    assert.deepEqual(Array.from(y.data), [0, 0, 0.5, 0.5]);
  });

  it('rejects an axis out of range, a fractional axis and a scalar, naming the op', () => {
    assert.throws(() => new Tape().apply('softmax', [Tensor.zeros([2, 3])], { axis: 2 }), isBackstepError('E_ATTR', 'softmax', /axis 2/));
    assert.throws(() => new Tape().apply('softmax', [Tensor.zeros([2, 3])], { axis: 0.5 }), isBackstepError('E_ATTR', 'softmax'));
    assert.throws(() => new Tape().apply('softmax', [Tensor.scalar(1)]), isBackstepError('E_SHAPE', 'softmax', /\[\]/));
  });
});

describe('log_softmax', () => {
  it('equals log(softmax(x)) along any axis', () => {
    fc.assert(
      fc.property(tensorAndAxis, ([x, axis]) => {
        const y = new Tape().apply('log_softmax', [x], { axis });
        const s = new Tape().apply('softmax', [x], { axis });
        y.data.forEach((v, i) => assert.ok(Math.abs(v - Math.log(s.data[i])) < 1e-12));
      }),
      { numRuns: 40 },
    );
  });

  it('gradient matches finite differences on random shapes and axes', () => {
    fc.assert(fc.property(tensorAndAxis, ([x, axis]) => gradcheck(opFn('log_softmax', { axis }), [x])), { numRuns: 25 });
  });

  it('stays finite and exact at |x| ≈ 1000, where log(softmax) underflows to −∞', () => {
    const y = new Tape().apply('log_softmax', [Tensor.fromNested([[1000, 0, -1000]])]);
    // log Σ e^{x} = 1000 + log(1 + e^{−1000} + e^{−2000}) = 1000 in float64
    [0, -1000, -2000].forEach((e, i) => assert.ok(Math.abs(y.data[i] - e) < 1e-12, `y[${i}] = ${y.data[i]}, expected ${e}`));
  });

  it('gives −∞ on masked entries and a finite gradient, with no NaN on a fully masked row', () => {
    const tape = new Tape();
    const x = Tensor.fromNested([[1, -Infinity, 1], [-Infinity, -Infinity, -Infinity]]);
    x.requiresGrad = true;
    const y = tape.apply('log_softmax', [x]);
    const masked = [1, 3, 4, 5];
    assert.ok(masked.every((i) => y.data[i] === -Infinity), `y ${Array.from(y.data)}`);
    for (const i of [0, 2]) assert.ok(Math.abs(y.data[i] + Math.LN2) < 1e-15, `y[${i}] = ${y.data[i]}, expected −log 2`);
    new BackwardPass(tape, [y], [Tensor.fromNested([[1, 0, 1], [1, 1, 1]])]).run();
    assert.ok(x.grad!.data.every(Number.isFinite), `grad ${Array.from(x.grad!.data)}`);
    assert.equal(x.grad!.data[1], 0);
  });

  it('rejects an axis out of range, naming the op', () => {
    assert.throws(() => new Tape().apply('log_softmax', [Tensor.zeros([4])], { axis: -2 }), isBackstepError('E_ATTR', 'log_softmax'));
  });
});

for (const op of ['softmax', 'log_softmax']) {
  describe(`${op} reference cases (test/reference/${op}.json)`, () => {
    for (const c of referenceCases(op)) {
      it(c.name, () => {
        const x = tensorOf(c.inputs!.x, 'x', true);
        const tape = new Tape();
        const y = tape.apply(op, [x], { axis: -1 });
        assertMatches('outputs', { y }, c.outputs);
        new BackwardPass(tape, [y], [tensorOf(c.upstream!.y)]).run();
        assertMatches('grads', { x: x.grad }, c.grads);
      });
    }
  });
}
