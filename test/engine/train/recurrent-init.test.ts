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

const gru = (form: string, extra: string) =>
  ['seed: 6', 'data: { task: { first_bit: { examples: 4, length: 3 } } }', 'model:', `  - gru: { name: g, hidden: 4, form: ${form}, return: last${extra} }`, '  - linear: { name: out, out: 1 }', 'loss: mse'].join('\n');

describe('gru `update_bias`: the initial bias of the update gate z', () => {
  it('textbook form: fills b_z, every other parameter as without it', () => {
    const plain = paramValues(trainerFor(gru('textbook', '')));
    const biased = paramValues(trainerFor(gru('textbook', ', update_bias: -2')));
    assert.deepEqual(biased['g.b_z'], [-2, -2, -2, -2]);
    for (const k of Object.keys(plain).filter((k) => k !== 'g.b_z')) assert.deepEqual(biased[k], plain[k], k);
  });

  it('torch form: fills the z block (the second of r, z, n) of b_ih', () => {
    const biased = paramValues(trainerFor(gru('torch', ', update_bias: 2')));
    assert.deepEqual(biased['g.b_ih'], [0, 0, 0, 0, 2, 2, 2, 2, 0, 0, 0, 0]);
    assert.ok(biased['g.b_hh'].every((v) => v === 0));
  });

  it('starts a textbook unit keeping its state: z = σ(W_z [h, x] − 2) is small at every step', () => {
    const trainer = trainerFor(gru('textbook', ', update_bias: -2'));
    const run = trainer.beginStep();
    const z = run.tape.nodes.filter((n) => /^g\/t\d\/gate_z$/.test(n.name)).flatMap((n) => Array.from(n.outputs[0].data));
    assert.ok(z.length === 3 * 4 * 4 && Math.max(...z) < 0.3, `z ≤ ${Math.max(...z)}`);
    run.finish();
  });
});
