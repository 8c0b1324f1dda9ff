import assert from 'node:assert/strict';
import { checkModel } from '../../../engine/model/check';
import { paramValues, trainerFor } from './support';

const rnn = (extra: string) =>
  ['seed: 3', 'data: { task: { first_bit: { examples: 4, length: 3 } } }', 'model:', `  - rnn: { name: r, hidden: 4, return: last${extra} }`, '  - linear: { name: out, out: 1 }', 'loss: mse'].join('\n');

describe('rnn `recurrent_gain`: the initial W_hh scaled by the gain', () => {
  it('multiplies W_hh and nothing else, drawing the same random numbers as without it', () => {
    const plain = paramValues(trainerFor(rnn('')));
    const scaled = paramValues(trainerFor(rnn(', recurrent_gain: 3')));
    assert.deepEqual(
      scaled['r.W_hh'],
      plain['r.W_hh'].map((w) => w * 3),
    );
    for (const k of Object.keys(plain).filter((k) => k !== 'r.W_hh')) assert.deepEqual(scaled[k], plain[k], k);
  });

  it('defaults to 1 and must be positive', () => {
    assert.deepEqual(paramValues(trainerFor(rnn(', recurrent_gain: 1'))), paramValues(trainerFor(rnn(''))));
    const { diagnostics } = checkModel(rnn(', recurrent_gain: 0'));
    assert.equal(diagnostics.length, 1);
    assert.match(diagnostics[0].message, /recurrent_gain/);
  });
});
