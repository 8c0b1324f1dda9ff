import assert from 'node:assert/strict';
import fc from 'fast-check';
import { didYouMean, editDistance } from '../../../engine/model/suggest';

describe('did you mean', () => {
  it('edit distance counts insertions, deletions, substitutions and swaps', () => {
    assert.equal(editDistance('hidden', 'hidden'), 0);
    assert.equal(editDistance('hiden', 'hidden'), 1);
    assert.equal(editDistance('bais', 'bias'), 1);
    assert.equal(editDistance('lstm', 'gru'), 4);
    fc.assert(fc.property(fc.string(), fc.string(), (a, b) => editDistance(a, b) === editDistance(b, a) && editDistance(a, b) <= Math.max(a.length, b.length)));
  });

  it('suggests the nearest known word when it is a likely typo, nothing otherwise', () => {
    const keys = ['out', 'in', 'bias', 'init'];
    assert.equal(didYouMean('bais', keys), 'bias');
    assert.equal(didYouMean('Init', keys), 'init');
    assert.equal(didYouMean('momentum', keys), undefined);
  });
});
