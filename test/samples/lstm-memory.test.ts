import assert from 'node:assert/strict';
import type { TrainingStepRun } from '../../engine/train';
import { accuracy, mean, sampleTrainer, trainAll, valueOf, variant } from './support';

/**
 * The comparison runs the sample with the longer gap its comment suggests (`length: 20`, 300 steps),
 * once as written (LSTM) and once with a plain RNN in its place.
 */
const T = 20;
const longGap = (t: string) => variant(variant(t, 'length: 12 ', `length: ${T} `), 'steps: 400', 'steps: 300');
const asRnn = (t: string) => variant(longGap(t), '- lstm: { name: memory, hidden: 8, return: last }', '- rnn: { name: memory, hidden: 8, return: last }');

/** The first bit of each sequence of a step's batch (the input of time step 0). */
const firstBits = (run: TrainingStepRun) => Array.from(valueOf(run, 'memory/t0/x').data);

/** Mean forget gate over the gap (time steps 2 … T), over the batch and all units. */
function forgetGateOverGap(run: TrainingStepRun): number {
  return mean(Array.from({ length: T - 1 }, (_, k) => mean(valueOf(run, `memory/t${k + 1}/gate_f`).data)));
}

/** Per unit: mean memory cell c_T of the sequences starting with 1 minus those starting with 0. */
function cellSeparation(run: TrainingStepRun): number[] {
  const bits = firstBits(run);
  const c = valueOf(run, `memory/t${T - 1}/c`);
  const H = c.shape[1];
  return Array.from({ length: H }, (_, j) => {
    const of = (bit: number) => mean(bits.flatMap((b, i) => (b === bit ? [c.data[i * H + j]] : [])));
    return of(1) - of(0);
  });
}

describe('sample lstm-memory: an LSTM remembers the first bit over a long gap, a plain RNN cannot', () => {
  let first: TrainingStepRun;
  let last: TrainingStepRun;
  let lstmAccuracy = 0;
  before(() => {
    const trainer = sampleTrainer('lstm-memory', longGap);
    trainAll(trainer, (run, step) => (step === 1 ? (first = run) : (last = run)));
    lstmAccuracy = accuracy(trainer);
  });

  it('the LSTM learns the first of 20 bits: ≥ 95% right over all 512 sequences', () => {
    assert.ok(lstmAccuracy >= 0.95, `accuracy ${lstmAccuracy}`);
  });

  it('a plain RNN in its place, trained alike, stays at chance (< 65%)', () => {
    const trainer = sampleTrainer('lstm-memory', asRnn);
    trainAll(trainer);
    assert.ok(accuracy(trainer) < 0.65, `accuracy ${accuracy(trainer)}`);
  });

  it('the forget gate opens wider over the gap: mean f > 0.8 after training, from σ(1) ≈ 0.73', () => {
    const before = forgetGateOverGap(first);
    const after = forgetGateOverGap(last);
    assert.ok(Math.abs(before - 1 / (1 + Math.exp(-1))) < 0.05, `f at the start ${before}`);
    assert.ok(after > 0.8 && after > before + 0.05, `f after training ${after}`);
  });

  it('the bit survives the gap in the memory cell: on ≥ 6 of 8 units c_T differs by > 2 between first bits 1 and 0', () => {
    const gaps = cellSeparation(last);
    assert.ok(gaps.filter((g) => Math.abs(g) > 2).length >= 6, `c_T(1) − c_T(0) per unit: ${gaps.map((g) => g.toFixed(2)).join(', ')}`);
    assert.ok(cellSeparation(first).every((g) => Math.abs(g) < 0.5), 'not before training');
  });
});
