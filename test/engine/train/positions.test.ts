import assert from 'node:assert/strict';
import { checkModel } from '../../../engine/model/check';
import { paramValues, trainerFor } from './support';

const model = (extra: string) =>
  ['seed: 2', 'data: { task: { reverse: { examples: 4, length: 3, symbols: 3 } } }', 'model:', `  - embedding: { name: emb, dim: 2${extra} }`, '  - linear: { name: out, out: 4 }', 'loss: cross_entropy'].join('\n');

describe('embedding `positions`: a learned vector per position added to the token vectors', () => {
  it('adds a parameter emb.P (T, dim), announced by the checker and drawn after E', () => {
    const checked = checkModel(model(', positions: true')).model!;
    assert.deepEqual(checked.layers[0].params, { E: [4, 2], P: [3, 2] });
    const plain = paramValues(trainerFor(model('')));
    const withP = paramValues(trainerFor(model(', positions: true')));
    assert.deepEqual(withP['emb.E'], plain['emb.E']);
    assert.equal(withP['emb.P'].length, 6);
  });

  it('y[b, t] = E[x[b, t]] + P[t] for every sequence of the batch; P gets the gradient summed over the batch', () => {
    const trainer = trainerFor(model(', positions: true'));
    const run = trainer.beginStep();
    const [E, P] = trainer.params;
    const node = run.tape.nodes.find((n) => n.name === 'emb/plus_positions')!;
    const ids = run.tape.nodes.find((n) => n.name === 'emb/y')!.inputs[1];
    const y = node.outputs[0];
    assert.deepEqual(y.shape, [4, 3, 2]);
    for (let b = 0; b < 4; b++) {
      for (let t = 0; t < 3; t++) {
        for (let k = 0; k < 2; k++) assert.equal(y.data[(b * 3 + t) * 2 + k], E.data[ids.data[b * 3 + t] * 2 + k] + P.data[t * 2 + k]);
      }
    }
    run.finish();
    const gy = y.grad!;
    for (let i = 0; i < 6; i++) {
      const summed = [0, 1, 2, 3].reduce((s, b) => s + gy.data[b * 6 + i], 0);
      assert.ok(Math.abs(P.grad!.data[i] - summed) < 1e-15);
    }
  });

  it('is off by default: no P, no extra op', () => {
    assert.deepEqual(checkModel(model('')).model!.layers[0].params, { E: [4, 2] });
    const run = trainerFor(model('')).beginStep();
    assert.ok(!run.tape.nodes.some((n) => n.name === 'emb/plus_positions'));
  });
});
