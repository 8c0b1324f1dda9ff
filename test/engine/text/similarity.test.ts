import assert from 'node:assert/strict';
import { Tensor } from '../../../engine/tensor/tensor';
import { analogy, cosine, nearest, rowOf } from '../../../engine/text/similarity';

describe('similarity', () => {
  it('cosine is 1 for parallel, 0 for orthogonal, −1 for opposite vectors, and ignores length', () => {
    assert.equal(cosine([1, 2], [2, 4]), 1);
    assert.equal(cosine([1, 0], [0, 3]), 0);
    assert.ok(Math.abs(cosine([1, 1], [-2, -2]) + 1) < 1e-15);
    assert.equal(cosine([0, 0], [1, 1]), 0);
    assert.throws(() => cosine([1], [1, 2]), /length 1 and 2/);
  });

  // Rows: 0 king, 1 man, 2 woman, 3 queen, 4 apple — axes (royalty, maleness, fruit).
  const E = Tensor.fromNested([
    [1, 1, 0],
    [0, 1, 0],
    [0, -1, 0],
    [1, -1, 0],
    [0, 0, 1],
  ]);

  it('nearest lists rows by descending cosine, skipping excluded ids', () => {
    const n = nearest(E, rowOf(E, 0), 2, [0]);
    assert.deepEqual(n.map((x) => x.id), [1, 3]);
    assert.ok(n[0].similarity >= n[1].similarity);
  });

  it('king − man + woman is nearest to queen', () => {
    assert.equal(analogy(E, 0, 1, 2)[0].id, 3);
  });

  it('rowOf names a bad row', () => {
    assert.throws(() => rowOf(E, 5), /row 5 is out of range/);
  });
});
