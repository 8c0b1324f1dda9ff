import assert from 'node:assert/strict';
import { perceptronUpdates } from './perceptron';

describe('sample perceptron-xor: no line separates XOR, so the perceptron cannot learn it', () => {
  let updates: ReturnType<typeof perceptronUpdates>['updates'];
  let accuracies: number[];
  before(() => ({ updates, accuracies } = perceptronUpdates('perceptron-xor')));

  it('never gets more than 3 of the 4 rows right (accuracy ≤ 75% after every step)', () => {
    assert.ok(Math.max(...accuracies) <= 0.75, `best accuracy ${Math.max(...accuracies)}`);
  });

  it('keeps making mistakes, and moving its weights, to the end: it never settles', () => {
    const lastPasses = updates.slice(-8);
    assert.ok(lastPasses.filter((u) => u.wrong).length >= 2);
    assert.ok(lastPasses.some((u) => u.dw.some((d) => d !== 0)));
  });
});
