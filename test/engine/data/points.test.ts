import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { DataSet } from '../../../engine/data/dataset';
import { blobs, pointFields, spirals } from '../../../engine/data/points';
import { Rng } from '../../../engine/random';

const base = { points: 60, classes: 3, labels: 'index' as const };

function xs(set: DataSet): number[] {
  const x = set.fields.x;
  assert.ok(x.kind === 'float');
  return Array.from(x.tensor.data);
}

describe('data: 2-D points', () => {
  it('the same seed gives the same points, another seed others', () => {
    for (const make of [(s: number) => blobs({ ...base, spread: 0.3 }, new Rng(s)), (s: number) => spirals({ ...base, turns: 1, noise: 0.1 }, new Rng(s))]) {
      assert.deepEqual(xs(make(4)), xs(make(4)));
      assert.notDeepEqual(xs(make(4)), xs(make(5)));
    }
  });

  it('labels run 0..C−1 evenly and the shapes match the declaration', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 40 }), fc.integer({ min: 2, max: 5 }), fc.constantFrom('index', 'onehot'), (points, classes, labels) => {
        const o = { points, classes, labels: labels as 'index' | 'onehot' };
        const set = spirals({ ...o, turns: 1.5, noise: 0 }, new Rng(1));
        const declared = pointFields(o);
        for (const [k, f] of Object.entries(set.fields)) assert.deepEqual(f.kind !== 'text' && [...f.tensor.shape], [...declared[k].shape]);
        const y = set.fields.y;
        assert.ok(y.kind !== 'text');
        if (labels === 'index') Array.from(y.tensor.data).forEach((c, i) => assert.equal(c, i % classes));
        else for (let i = 0; i < points; i++) assert.equal(y.tensor.get(i, i % classes), 1);
      }),
      { numRuns: 30 },
    );
  });

  it('blob points lie near their class centre (radius 2, angle 2πk/C)', () => {
    const set = blobs({ points: 300, classes: 4, spread: 0.1, labels: 'index' }, new Rng(2));
    const p = xs(set);
    for (let i = 0; i < 300; i++) {
      const a = (2 * Math.PI * (i % 4)) / 4;
      assert.ok(Math.hypot(p[2 * i] - 2 * Math.cos(a), p[2 * i + 1] - 2 * Math.sin(a)) < 0.6);
    }
  });

  it('noise-free spiral points lie on radius t ≤ 1', () => {
    const p = xs(spirals({ points: 50, classes: 2, turns: 2, noise: 0, labels: 'column' }, new Rng(3)));
    for (let i = 0; i < 50; i++) assert.ok(Math.hypot(p[2 * i], p[2 * i + 1]) <= 1 + 1e-12);
  });

  it('column labels need two classes', () => {
    assert.throws(() => blobs({ points: 6, classes: 3, spread: 1, labels: 'column' }, new Rng(1)), /2 classes/);
  });
});
