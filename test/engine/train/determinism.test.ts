import assert from 'node:assert/strict';
import { traceSteps, type ModelTrainer } from '../../../engine/train';
import { paramValues, SAMPLES, sampleText, sampleTrainer, train, trainerFor } from './support';

/** Everything a run produces that must repeat exactly: each step's loss and the final parameters. */
function replay(trainer: ModelTrainer, steps: number): { losses: number[]; params: Record<string, number[]> } {
  return { losses: train(trainer, steps), params: paramValues(trainer) };
}

describe('determinism: the same file and seed give the same run, and a checkpoint replays exactly', () => {
  for (const name of SAMPLES) {
    it(`${name}: two trainers from one file trace identically`, () => {
      const a = JSON.stringify(traceSteps(sampleTrainer(name), 2));
      const b = JSON.stringify(traceSteps(sampleTrainer(name), 2));
      assert.equal(a, b);
    });

    it(`${name}: snapshot at step k, run to k+3, restore, run again → bit-identical losses and parameters`, () => {
      const trainer = sampleTrainer(name, { recordValues: false });
      train(trainer, 2);
      const snap = trainer.snapshot();
      assert.equal(snap.completedSteps, 2);
      const first = replay(trainer, 3);
      assert.equal(trainer.completedSteps, 5);
      trainer.restore(snap);
      assert.equal(trainer.completedSteps, 2);
      assert.deepEqual(replay(trainer, 3), first);
    });
  }

  it('a snapshot is plain data: a structured clone of it restores the same state', () => {
    const trainer = trainerFor(sampleText('attention-reverse'), { recordValues: false });
    train(trainer, 1);
    const snap = structuredClone(trainer.snapshot());
    const first = replay(trainer, 2);
    trainer.restore(snap);
    assert.deepEqual(replay(trainer, 2), first);
  });

  it('a snapshot taken during a step, before any update, is the state at the step\'s start', () => {
    const trainer = trainerFor(sampleText('lstm-memory'));
    train(trainer, 1);
    const run = trainer.beginStep();
    while (run.events[run.executed].phase === 'backward') run.advance();
    const snap = trainer.snapshot();
    assert.equal(snap.completedSteps, 1);
    run.finish();
    const expected = run.loss.data[0];
    train(trainer, 2);
    trainer.restore(snap);
    const again = trainer.beginStep();
    assert.equal(again.step, 2);
    assert.equal(again.loss.data[0], expected);
    again.finish();
  });

  it('refuses a snapshot once a step has updated some of its parameters', () => {
    const trainer = trainerFor(sampleText('mlp-xor'));
    const run = trainer.beginStep();
    while (!(run.events[run.executed - 1]?.phase === 'update')) run.advance();
    assert.throws(() => trainer.snapshot(), /has updated some parameters/);
    run.finish();
    assert.doesNotThrow(() => trainer.snapshot());
  });

  it('restoring drops the step in progress', () => {
    const trainer = trainerFor(sampleText('mlp-xor'));
    const snap = trainer.snapshot();
    const run = trainer.beginStep();
    run.advance();
    trainer.restore(snap);
    assert.equal(trainer.running, null);
    assert.equal(trainer.beginStep().step, 1);
  });
});
