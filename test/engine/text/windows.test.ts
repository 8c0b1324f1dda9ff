import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Rng } from '../../../engine/random';
import { cbowExamples, skipGramPairs } from '../../../engine/text/windows';

describe('training examples from a window', () => {
  it('skip-gram pairs every word with each neighbour within the window, in corpus order', () => {
    assert.deepEqual(skipGramPairs([10, 11, 12], { window: 1 }), [
      { center: 10, context: 11 },
      { center: 11, context: 10 },
      { center: 11, context: 12 },
      { center: 12, context: 11 },
    ]);
  });

  it('CBOW predicts each word from the words around it', () => {
    assert.deepEqual(cbowExamples([1, 2, 3, 4], { window: 2 }), [
      { center: 1, context: [2, 3] },
      { center: 2, context: [1, 3, 4] },
      { center: 3, context: [1, 2, 4] },
      { center: 4, context: [2, 3] },
    ]);
    assert.deepEqual(cbowExamples([7], { window: 2 }), []);
  });

  it('a full window gives 2·Σ min(window, distance to the ends) pairs; a dynamic one never more', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 1, max: 5 }), fc.integer(), (n, w, seed) => {
        const ids = Array.from({ length: n }, (_, i) => i);
        const full = skipGramPairs(ids, { window: w });
        assert.ok(full.every((p) => Math.abs(p.center - p.context) <= w && p.center !== p.context));
        let expected = 0;
        for (let i = 0; i < n; i++) expected += Math.min(w, i) + Math.min(w, n - 1 - i);
        assert.equal(full.length, expected);
        assert.ok(skipGramPairs(ids, { window: w, rng: new Rng(seed) }).length <= expected);
      }),
    );
  });

  it('the dynamic window keeps near neighbours more often than far ones, reproducibly per seed', () => {
    const ids = Array.from({ length: 2000 }, (_, i) => i);
    const pairs = skipGramPairs(ids, { window: 4, rng: new Rng(3) });
    const at = (d: number) => pairs.filter((p) => p.context - p.center === d).length;
    assert.ok(at(1) > at(2) && at(2) > at(3) && at(3) > at(4));
    assert.deepEqual(skipGramPairs(ids, { window: 4, rng: new Rng(3) }), pairs);
  });

  it('rejects a window that is not a positive integer', () => {
    assert.throws(() => skipGramPairs([1, 2], { window: 0 }), /window must be a positive integer/);
  });
});
