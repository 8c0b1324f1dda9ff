import assert from 'node:assert/strict';
import { Tensor } from '../../../engine/tensor/tensor';
import { compareValue } from '../../../tools/reference/compare';

describe('reference comparison', () => {
  const expected = { shape: [2], data: [1, -2] };

  it('accepts differences within 1e-10 + 1e-8·|expected|', () => {
    assert.deepEqual(compareValue('y', Tensor.of([1 + 5e-9, -2 - 1e-8], [2]), expected), []);
  });

  it('rejects a relative error of 1.2e-7 (a missing +1e-6 in clipping) with its size', () => {
    const [m] = compareValue('y', Tensor.of([1 * (1 + 1.2e-7), -2], [2]), expected);
    assert.equal(m.key, 'y');
    assert.ok(Math.abs(m.maxRel - 1.2e-7) < 1e-9);
  });

  it('rejects NaN and a wrong shape', () => {
    assert.equal(compareValue('y', Tensor.of([NaN, -2], [2]), expected).length, 1);
    assert.match(compareValue('y', Tensor.of([1, -2], [1, 2]), expected)[0].message, /shape \[1,2\]/);
  });

  it('compares strings, integer lists and nested records exactly', () => {
    assert.deepEqual(compareValue('s', { ngrams: ['<a', 'a>'] }, { ngrams: ['<a', 'a>'] }), []);
    assert.equal(compareValue('s', { ngrams: ['<a'] }, { ngrams: ['<a', 'a>'] }).length, 1);
    assert.equal(compareValue('d', { depths: [1, 2] }, { depths: [1, 3] }).length, 1);
    assert.match(compareValue('r', {}, { w: expected })[0].message, /missing/);
  });
});
