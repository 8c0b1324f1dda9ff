import assert from 'node:assert/strict';
import { heldOut, splitRows, subset, takeRows } from '../../../engine/data/split';
import type { DataSet } from '../../../engine/data/dataset';
import { Rng } from '../../../engine/random';
import { Tensor } from '../../../engine/tensor/tensor';

describe('data/split: examples held out for validation', () => {
  it('holds out round(n · fraction) examples', () => {
    assert.deepEqual([heldOut(10, 0.2), heldOut(7, 0.25), heldOut(3, 0.1)], [2, 2, 0]);
  });

  it('splits the rows into two disjoint sets that cover them all, each in data order, the same for the same stream', () => {
    const a = splitRows(20, 5, new Rng(1));
    assert.equal(a.validation.length, 5);
    assert.deepEqual([...a.train, ...a.validation].sort((x, y) => x - y), Array.from({ length: 20 }, (_, i) => i));
    for (const side of [a.train, a.validation]) assert.deepEqual(side, [...side].sort((x, y) => x - y));
    assert.deepEqual(splitRows(20, 5, new Rng(1)), a);
    assert.notDeepEqual(splitRows(20, 5, new Rng(2)).validation, a.validation, 'another seed, another choice');
  });

  it('a subset takes the same rows of every field, keeping each field kind', () => {
    const x = Tensor.of([0, 1, 10, 11, 20, 21], [3, 2], 'float64', 'data.x');
    const y = Tensor.of([0, 1, 2], [3], 'float64', 'data.y');
    const set: DataSet = { fields: { x: { kind: 'float', tensor: x }, y: { kind: 'index', tensor: y, classes: 3 } }, input: 'x', target: 'y' };
    const part = subset(set, [2, 0]);
    assert.deepEqual(part.fields.x.kind === 'float' && [...part.fields.x.tensor.data], [20, 21, 0, 1]);
    assert.deepEqual(part.fields.y.kind === 'index' && [part.fields.y.classes, ...part.fields.y.tensor.data], [3, 2, 0]);
    assert.equal(takeRows(x, [0, 1, 2], 'whole'), x, 'all rows in order: the tensor itself');
  });
});
