import assert from 'node:assert/strict';
import fc from 'fast-check';
import { BatchSampler, batchRng } from '../../../engine/train/batches';

describe('BatchSampler', () => {
  it('gives batches of the checked size that cover every example once per epoch', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 30 }), fc.integer({ min: 0, max: 1000 }), (n, b, seed) => {
        const batch = Math.min(b, n);
        const sampler = new BatchSampler(n, batch, true, batchRng(seed));
        const drawn = Array.from({ length: n }, () => sampler.next()).flat();
        for (const k of drawn) assert.ok(Number.isInteger(k) && k >= 0 && k < n);
        // The first n·batch indices are `batch` whole epochs, each a permutation.
        for (let e = 0; e < batch; e++) assert.deepEqual([...drawn.slice(e * n, (e + 1) * n)].sort((x, y) => x - y), Array.from({ length: n }, (_, i) => i));
      }),
    );
  });

  it('keeps the data order for a full batch, or when shuffle is off', () => {
    assert.deepEqual(new BatchSampler(4, 4, true, batchRng(1)).next(), [0, 1, 2, 3]);
    const plain = new BatchSampler(5, 2, false, batchRng(1));
    assert.deepEqual([plain.next(), plain.next(), plain.next()], [[0, 1], [2, 3], [4, 0]]);
  });

  it('shuffles a new order every epoch, the same for the same seed', () => {
    const draw = (seed: number) => {
      const s = new BatchSampler(8, 4, true, batchRng(seed));
      return [s.next(), s.next(), s.next(), s.next()];
    };
    const a = draw(3);
    assert.deepEqual(draw(3), a);
    assert.notDeepEqual([...a[0], ...a[1]], [...a[2], ...a[3]]);
    assert.notDeepEqual(draw(4), a);
  });

  it('restores a snapshot and draws the same batches again', () => {
    const s = new BatchSampler(7, 3, true, batchRng(9));
    s.next();
    const snap = s.snapshot();
    const later = [s.next(), s.next(), s.next()];
    s.restore(snap);
    assert.deepEqual([s.next(), s.next(), s.next()], later);
    assert.equal(s.epoch, 2);
  });
});
