import assert from 'node:assert/strict';
import type { TrainingStepRun } from '../../engine/train';
import { accuracy, mean, sampleTrainer, trainAll, valueOf, variant } from './support';

const T = 20;

/** Per unit: mean h_T of the sequences starting with 1 minus those starting with 0. */
function stateSeparation(run: TrainingStepRun): number[] {
  const bits = Array.from(valueOf(run, 'memory/t0/x').data);
  const h = valueOf(run, `memory/t${T - 1}/h`);
  const H = h.shape[1];
  return Array.from({ length: H }, (_, j) => {
    const of = (bit: number) => mean(bits.flatMap((b, i) => (b === bit ? [h.data[i * H + j]] : [])));
    return of(1) - of(0);
  });
}

/** Per unit: the gate's mean over the gap (time steps 2 … T) and the batch. */
function gateOverGap(run: TrainingStepRun, gate: string): number[] {
  const H = valueOf(run, `memory/t1/${gate}`).shape[1];
  return Array.from({ length: H }, (_, j) => mean(Array.from({ length: T - 1 }, (_, k) => {
    const g = valueOf(run, `memory/t${k + 1}/${gate}`);
    return mean(Array.from({ length: g.shape[0] }, (_, b) => g.data[b * H + j]));
  })));
}

describe('sample gru-memory: a GRU learns the first of 20 bits, its update gate shut on the units that hold it', () => {
  const trainer = sampleTrainer('gru-memory');
  let last: TrainingStepRun;
  let losses: number[] = [];
  before(() => (losses = trainAll(trainer, (run) => (last = run))));

  it('learns it: loss < 0.1 and ≥ 95% right over all 512 sequences', () => {
    assert.ok(mean(losses.slice(-10)) < 0.5 * mean(losses.slice(0, 10)));
    assert.ok(trainer.evaluate()!.loss < 0.1, `loss ${trainer.evaluate()!.loss}`);
    assert.ok(accuracy(trainer) >= 0.95, `accuracy ${accuracy(trainer)}`);
  });

  it('records both gates at every time step, (16, 8) values in (0, 1): the update gate z and the reset gate r', () => {
    for (let t = 0; t < T; t++) {
      for (const gate of ['gate_z', 'gate_r']) {
        const g = valueOf(last, `memory/t${t}/${gate}`);
        assert.deepEqual(g.shape, [16, 8]);
        assert.ok(g.data.every((v) => v > 0 && v < 1));
      }
    }
  });

  it('z stays below 0.2 over the whole gap on ≥ 4 units, and each of them carries the bit (h_T differs by > 1 between first bits)', () => {
    const separation = stateSeparation(last);
    const z = gateOverGap(last, 'gate_z');
    const shut = z.flatMap((v, j) => (v < 0.2 ? [j] : []));
    assert.ok(shut.length >= 4, `mean z per unit ${z.map((v) => v.toFixed(2)).join(', ')}`);
    for (const j of shut) assert.ok(Math.abs(separation[j]) > 1, `unit ${j}: h_T(1) − h_T(0) = ${separation[j]}`);
  });

  it('without `update_bias: -2` (z ≈ 0.5 at the start) it stays at chance in the same 300 steps', () => {
    const plain = sampleTrainer('gru-memory', (t) => variant(t, ', update_bias: -2 }', ' }'));
    trainAll(plain);
    assert.ok(accuracy(plain) < 0.65, `accuracy ${accuracy(plain)}`);
  });
});
