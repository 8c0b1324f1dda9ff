import assert from 'node:assert/strict';
import { perceptronUpdates } from './perceptron';

describe('sample perceptron-and: the perceptron rule converges on a linearly separable table', () => {
  let updates: ReturnType<typeof perceptronUpdates>['updates'];
  let accuracies: number[];
  before(() => ({ updates, accuracies } = perceptronUpdates('perceptron-and')));

  it('ends at 100% accuracy and the last pass over the four rows makes no mistake', () => {
    assert.equal(accuracies[accuracies.length - 1], 1);
    assert.ok(updates.slice(-4).every((u) => !u.wrong));
  });

  it('changes the weights on mistakes only, each time by exactly η (y − ŷ) x with η = 1', () => {
    const mistakes = updates.filter((u) => u.wrong);
    assert.ok(mistakes.length >= 5, `${mistakes.length} mistakes`);
    for (const u of updates) {
      // On a mistake y = 1 − ŷ, so y − ŷ = 1 − 2ŷ.
      const e = u.wrong ? 1 - 2 * u.yhat : 0;
      assert.deepEqual(u.dw.map((d) => d + 0), u.x.map((xi) => e * xi + 0));
      assert.ok(u.wrong || u.dw.every((d) => d === 0), 'a right answer leaves the weights as they were');
      assert.equal(u.db, e);
    }
  });
});
