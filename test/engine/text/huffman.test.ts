import assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildHuffman, huffmanDepths } from '../../../engine/text/huffman';
import { referenceCases } from '../../support/reference';

const countsArb = fc.uniqueArray(fc.integer({ min: 1, max: 10_000 }), { minLength: 2, maxLength: 40 });

describe('Huffman tree', () => {
  it('code lengths match every reference case exactly', () => {
    for (const c of referenceCases('huffman_depths')) {
      assert.deepEqual(huffmanDepths(c.int_inputs?.counts as number[]), c.int_outputs?.depths, c.name);
    }
  });

  it('gives a more frequent word a code no longer than a rarer one', () => {
    fc.assert(
      fc.property(countsArb, (counts) => {
        const depth = huffmanDepths(counts);
        counts.forEach((ci, i) => counts.forEach((cj, j) => ci > cj && assert.ok(depth[i] <= depth[j], `count ${ci} depth ${depth[i]} vs count ${cj} depth ${depth[j]}`)));
      }),
    );
  });

  it('is a full binary tree: Σ 2^−depth = 1 and no code is a prefix of another', () => {
    fc.assert(
      fc.property(countsArb, (counts) => {
        const { paths } = buildHuffman(counts);
        assert.ok(Math.abs(paths.reduce((s, p) => s + 2 ** -p.codes.length, 0) - 1) < 1e-12);
        const codes = paths.map((p) => p.codes.join(''));
        codes.forEach((a, i) => codes.forEach((b, j) => i !== j && assert.ok(!b.startsWith(a), `${a} prefixes ${b}`)));
      }),
    );
  });

  it('minimises the weighted code length Σ count·depth (checked against the merge-cost sum)', () => {
    fc.assert(
      fc.property(countsArb, (counts) => {
        // Huffman's cost equals the sum of every merged weight; recompute it with a plain sorted list.
        const pool = [...counts];
        let cost = 0;
        while (pool.length > 1) {
          pool.sort((a, b) => a - b);
          const merged = (pool.shift() as number) + (pool.shift() as number);
          cost += merged;
          pool.push(merged);
        }
        const depth = huffmanDepths(counts);
        assert.equal(counts.reduce((s, c, i) => s + c * depth[i], 0), cost);
      }),
    );
  });

  it('paths start at the root (the last inner node) and name V−1 distinct inner nodes', () => {
    const counts = [5, 9, 12, 13, 16, 45];
    const tree = buildHuffman(counts);
    assert.equal(tree.innerCount, 5);
    for (const p of tree.paths) {
      assert.equal(p.points[0], 4);
      assert.equal(p.points.length, p.codes.length);
    }
    assert.deepEqual([...new Set(tree.paths.flatMap((p) => p.points))].sort(), [0, 1, 2, 3, 4]);
    // The classic example: the last merge is 45 + 55, so 45 hangs under the root on the lighter branch
    // and 5 (merged first, with 9) ends deepest: 55 → 30 → 14 → 5, lighter at its last step.
    assert.deepEqual(tree.paths[5].codes, [0]);
    assert.deepEqual(tree.paths[0].codes, [1, 1, 0, 0]);
  });

  it('rejects fewer than two words and non-positive counts', () => {
    assert.throws(() => huffmanDepths([3]), /at least 2 words/);
    assert.throws(() => huffmanDepths([3, 0]), /count of word 1 must be a positive number/);
  });
});
