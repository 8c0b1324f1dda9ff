import assert from 'node:assert/strict';
import { trainSeq2Seq } from './seq2seq';
import { variant } from './support';

describe('sample seq2seq-bottleneck: without attention, accuracy drops as sequences get longer', () => {
  it('reversing 3 tokens: ≥ 98% of the tokens right; 8 tokens (the file), same model and budget: < 80%', () => {
    const short = trainSeq2Seq('seq2seq-bottleneck', (t) => variant(t, 'length: 8,', 'length: 3,'), 'length 3');
    const long = trainSeq2Seq('seq2seq-bottleneck');
    assert.ok(short.accuracy >= 0.98, `3 tokens: ${short.accuracy}`);
    assert.ok(long.accuracy < 0.8, `8 tokens: ${long.accuracy}`);
  });
});
