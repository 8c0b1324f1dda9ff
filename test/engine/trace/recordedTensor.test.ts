import { strict as assert } from 'node:assert';
import { countNonFinite, hasValues, l2norm, statsOf } from '../../../engine/tensor/stats';
import { RecordedTensor, ValueCache } from '../../../engine/trace/recordedTensor';
import { mlpRecording, RecordingBuilder } from './support/recording';

describe('recorded tensors (engine/trace/recordedTensor.ts)', () => {
  const setup = (bytes: number) => {
    const b = new RecordingBuilder();
    const a = b.tensor('a', [2, 3], [1, 2, 3, 4, 5, 6]);
    const c = b.tensor('c', [2, 3], [6, 5, 4, 3, 2, 1]);
    const only = b.tensor('s', [2, 3], [0, NaN, 1, 2, 3, 4], true);
    const cache = new ValueCache(b.reader(mlpRecording().index), bytes);
    return { b, cache, a: new RecordedTensor(a, a.shape, cache, 'a'), c: new RecordedTensor(c, c.shape, cache, 'c'), s: new RecordedTensor(only, only.shape, cache, 's') };
  };

  it('reads its values once when first asked for, however often an element is read', () => {
    const { b, a } = setup(1000);
    assert.equal(b.reads, 0);
    let sum = 0;
    for (let i = 0; i < a.size; i++) sum += a.data[i];
    assert.equal(sum, 21);
    assert.equal(b.reads, 1);
  });

  it('holds at most its budget: the least recently used values are dropped and read again when asked for', () => {
    const { b, cache, a, c } = setup(60);
    assert.equal(a.data[0], 1);
    assert.equal(c.data[0], 6);
    assert.equal(cache.heldBytes, 48);
    assert.equal(a.data[5], 6);
    assert.deepEqual([b.reads, cache.heldBytes], [3, 48]);
  });

  it('answers stats from the recorder, reading no values, and says when only the statistics were kept', () => {
    const { b, a, s } = setup(1000);
    assert.equal(l2norm(a), Math.sqrt(91));
    assert.equal(countNonFinite(s), 1);
    assert.equal(statsOf(s).max, 4);
    assert.equal(b.reads, 0);
    assert.ok(hasValues(a) && !hasValues(s));
    assert.throws(() => s.data, /only statistics were recorded for s \(s in \/work\/run.bstrace\)/);
  });
});
