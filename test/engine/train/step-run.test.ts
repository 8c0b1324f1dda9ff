import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { ModelTrainer, TrainingStepRun } from '../../../engine/train';
import type { Tensor } from '../../../engine/tensor/tensor';
import { SAMPLES, sampleTrainer } from './support';

/**
 * Undo inside a training step: stepping back over a backward, clip or update event must leave the
 * trainer exactly (bit for bit) as a fresh run that executed only the events before it.
 */

/** Steps completed before the step under test, so the optimizer has state to restore. */
const WARM_STEPS = 2;

/**
 * A digest of everything a step can change or show: every tape tensor's gradient (and, with
 * `values`, the tensor: the forward pass does not change after the step begins, so checking it at
 * the ends is enough), every parameter and its gradient, the optimizer's state and the node
 * gradients sent so far.
 */
function digest(trainer: ModelTrainer, run: TrainingStepRun, values = false): string {
  const hash = createHash('sha1');
  const add = (t: Tensor | null): void => {
    hash.update(t ? `${t.shape.join('x')}:` : 'null;');
    if (t) hash.update(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
  };
  const seen = new Set<Tensor>();
  for (const node of run.tape.nodes) {
    for (const t of [...node.inputs, ...node.outputs]) {
      if (seen.has(t)) continue;
      seen.add(t);
      if (values) add(t);
      add(t.grad);
    }
    hash.update(node.inputGrads ? 'sent' : 'unsent');
    for (const g of node.inputGrads ?? []) add(g);
  }
  for (const p of trainer.params) {
    add(p);
    add(p.grad);
  }
  const opt = trainer.optimizer.snapshot();
  hash.update(JSON.stringify({ t: opt.t, done: opt.done, steps: opt.params.map((p) => p.step), keys: opt.params.map((p) => Object.keys(p.buffers)) }));
  for (const p of opt.params) for (const b of Object.values(p.buffers)) hash.update(new Uint8Array(b.buffer, b.byteOffset, b.byteLength));
  hash.update(`completed ${trainer.completedSteps}`);
  return hash.digest('hex');
}

/** A trainer at the start of step WARM_STEPS + 1 (forward pass run). */
function atStep(name: string): { trainer: ModelTrainer; run: TrainingStepRun } {
  const trainer = sampleTrainer(name);
  for (let i = 0; i < WARM_STEPS; i++) trainer.beginStep().finish();
  return { trainer, run: trainer.beginStep() };
}

describe('undoing the events of a training step', () => {
  for (const name of SAMPLES) {
    it(`${name}: undoing event by event from the end retraces a fresh run exactly`, () => {
      const fresh = atStep(name);
      const start = fresh.run.executed;
      const expected: string[] = [];
      const end = fresh.run.events.length;
      expected[start] = digest(fresh.trainer, fresh.run, true);
      while (fresh.run.executed < end) {
        fresh.run.advance();
        expected[fresh.run.executed] = digest(fresh.trainer, fresh.run, fresh.run.executed === end);
      }

      const { trainer, run } = atStep(name);
      run.finish();
      assert.equal(trainer.completedSteps, WARM_STEPS + 1);
      for (let k = run.events.length - 1; k >= start; k--) {
        assert.equal(run.undo!(), true, `undo to ${k} events`);
        assert.equal(run.executed, k);
        assert.equal(digest(trainer, run, k === start), expected[k], `${name}: after undoing event ${k} (${eventName(run, k)}), the state differs from a fresh run of ${k} events`);
      }
      assert.equal(trainer.completedSteps, WARM_STEPS);
      assert.equal(run.undo!(), false, 'nothing before the backward pass can be undone');

      run.finish();
      assert.equal(digest(trainer, run, true), expected[end], `${name}: executing the step again after undoing it gives a different state`);
      trainer.beginStep().finish();
    }).timeout(120_000); // the larger samples hash a few thousand tensors per event
  }

  it('undoes from the middle of a step, and executing again matches the fresh run', () => {
    const fresh = atStep('lstm-memory');
    const mid = fresh.run.executed + Math.floor((fresh.run.events.length - fresh.run.executed) / 2);
    while (fresh.run.executed < mid) fresh.run.advance();
    const expected = digest(fresh.trainer, fresh.run);
    const { trainer, run } = atStep('lstm-memory');
    while (run.executed < mid + 5) run.advance();
    for (let i = 0; i < 5; i++) run.undo!();
    assert.equal(digest(trainer, run), expected);
  });
});

function eventName(run: TrainingStepRun, k: number): string {
  const e = run.events[k];
  return 'node' in e ? `${e.phase} ${e.node.name}` : e.kind === 'param' ? `update ${e.param}` : 'clip';
}
