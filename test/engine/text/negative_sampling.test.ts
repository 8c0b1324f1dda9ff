import assert from 'node:assert/strict';
import { Rng } from '../../../engine/random';
import { UnigramTable } from '../../../engine/text/negative_sampling';

describe('negative sampling table', () => {
  const counts = [100, 30, 10, 1];
  const table = new UnigramTable(counts, 10_000);
  const expected = (i: number) => counts[i] ** 0.75 / counts.reduce((s, c) => s + c ** 0.75, 0);

  it('fills each word a share of slots ∝ count^0.75 (to one slot)', () => {
    counts.forEach((_, i) => assert.ok(Math.abs(table.probability(i) - expected(i)) <= 1 / 10_000, `word ${i}`));
  });

  it('draws words with those frequencies and never the excluded one', () => {
    const rng = new Rng(42);
    const draws = table.sample(rng, 20_000, 0);
    assert.ok(!draws.includes(0));
    const rest = 1 - expected(0);
    for (const i of [1, 2, 3]) {
      const freq = draws.filter((w) => w === i).length / draws.length;
      assert.ok(Math.abs(freq - expected(i) / rest) < 0.02, `word ${i}: ${freq} vs ${expected(i) / rest}`);
    }
  });

  it('gives the same negatives for the same seed', () => {
    assert.deepEqual(table.sample(new Rng(7), 10), table.sample(new Rng(7), 10));
  });

  it('refuses to exclude the only word instead of looping forever', () => {
    assert.throws(() => new UnigramTable([5], 10).sample(new Rng(1), 2, 0), /only word in the noise table/);
  });

  it('rejects a table smaller than the vocabulary', () => {
    assert.throws(() => new UnigramTable([1, 2, 3], 2), /table size 2/);
  });
});
