import assert from 'node:assert/strict';
import fc from 'fast-check';
import '../../../engine/ops';
import { BackwardPass } from '../../../engine/autograd/backward';
import { Tape } from '../../../engine/autograd/tape';
import { Tensor } from '../../../engine/tensor/tensor';
import { cooccurrences, gloveLoss, gloveWeight } from '../../../engine/text/glove';
import { gradcheck, tensorArb } from '../../support/gradcheck';
import { assertMatches, referenceCases, tensorOf } from '../../support/reference';

describe('GloVe', () => {
  describe('co-occurrence counts', () => {
    it('adds 1/distance to both X_ij and X_ji for every pair inside the window', () => {
      // ids: 0 1 2 0 with window 2
      const X = cooccurrences([[0, 1, 2, 0]], 2);
      const at = (i: number, j: number): number => {
        const k = X.rows.findIndex((r, n) => r === i && X.cols[n] === j);
        return k < 0 ? 0 : X.values[k];
      };
      // (0,1) d=1 at positions 0–1; (1,0) d=2 at positions 1–3
      assert.equal(at(0, 1), 1 + 0.5);
      assert.equal(at(1, 0), 1 + 0.5);
      assert.equal(at(1, 2), 1);
      // (0,2) d=2 at 0–2 and d=1 at 2–3
      assert.equal(at(0, 2), 0.5 + 1);
      // the two 0s are 3 apart: outside the window
      assert.equal(at(0, 0), 0);
    });

    it('adds counts over sentences, with no window crossing from one sentence into the next', () => {
      const X = cooccurrences([[0, 1], [1, 0], [2]], 3);
      assert.deepEqual(X, { rows: [0, 1], cols: [1, 0], values: [2, 2] });
    });

    it('is symmetric, lists only nonzero entries, sorted by (row, col)', () => {
      fc.assert(
        fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 30 }), fc.integer({ min: 1, max: 4 }), (ids, w) => {
          const X = cooccurrences([ids, ids.slice(0, 3)], w);
          const key = (i: number, j: number) => `${i},${j}`;
          const map = new Map(X.rows.map((r, n) => [key(r, X.cols[n]), X.values[n]]));
          for (const [k, v] of map) {
            const [i, j] = k.split(',').map(Number);
            assert.ok(v > 0);
            assert.ok(Math.abs((map.get(key(j, i)) ?? 0) - v) < 1e-12);
          }
          for (let n = 1; n < X.rows.length; n++) assert.ok(X.rows[n - 1] < X.rows[n] || (X.rows[n - 1] === X.rows[n] && X.cols[n - 1] < X.cols[n]));
        }),
      );
    });
  });

  it('f(x) = (x/x_max)^α below x_max, 1 at and above it', () => {
    const attrs = { xMax: 100, alpha: 0.75 };
    assert.equal(gloveWeight(100, attrs), 1);
    assert.equal(gloveWeight(250, attrs), 1);
    assert.equal(gloveWeight(10, attrs), Math.pow(0.1, 0.75));
    assert.ok(gloveWeight(1, attrs) < gloveWeight(2, attrs));
  });

  it('loss and gradients match every reference case (X constant, no ½, no mean)', () => {
    for (const c of referenceCases('glove_loss')) {
      const x = Object.fromEntries(Object.entries(c.inputs ?? {}).map(([k, t]) => [k, tensorOf(t, k, k !== 'X')]));
      const tape = new Tape();
      const attrs = { xMax: c.attrs?.x_max as number, alpha: c.attrs?.alpha as number };
      const loss = gloveLoss(tape, x.W, x.Wt, x.b, x.bt, x.X, attrs);
      assertMatches(`${c.name} outputs`, { loss }, c.outputs);
      new BackwardPass(tape, [loss]).run();
      assertMatches(`${c.name} grads`, { W: x.W.grad, Wt: x.Wt.grad, b: x.b.grad, bt: x.bt.grad }, c.grads);
      assert.equal(x.X.grad, null);
    }
  });

  it('gradients match finite differences, with counts on both sides of x_max', () => {
    const shapes = fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }));
    const data = shapes.chain(([p, d]) => fc.tuple(tensorArb([p, d]), tensorArb([p, d]), tensorArb([p]), tensorArb([p]), tensorArb([p], 0.5, 300)));
    fc.assert(
      fc.property(data, ([W, Wt, b, bt, X]) => {
        gradcheck((tape, [a, at, ab, abt, ax]) => [gloveLoss(tape, a, at, ab, abt, ax, { xMax: 100, alpha: 0.75 })], [W, Wt, b, bt, X], { constant: [4] });
      }),
      { numRuns: 20 },
    );
  });

  it('rejects mismatched shapes and non-positive counts', () => {
    const W = Tensor.zeros([2, 3]);
    const v = Tensor.zeros([2]);
    assert.throws(() => gloveLoss(new Tape(), W, Tensor.zeros([2, 4]), v, v, Tensor.full([2], 1)), (e: Error & { where?: { op?: string } }) => e.where?.op === 'glove_loss' && /\[2,4\]/.test(e.message));
    assert.throws(() => gloveLoss(new Tape(), W, W, v, v, Tensor.of([1, 0], [2])), /must be positive/);
  });
});
