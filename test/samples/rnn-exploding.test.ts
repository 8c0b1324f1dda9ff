import assert from 'node:assert/strict';
import type { ModelTrainer } from '../../engine/train';
import { accuracy, mean, norm, sampleTrainer, timeStepGradNorms, variant } from './support';

/** The joint L2 norm of all parameter gradients, as they are now. */
const jointNorm = (trainer: ModelTrainer) => norm(trainer.params.flatMap((p) => Array.from(p.grad!.data)));

interface Run {
  /** Per step: the joint gradient norm from the backward pass, and the one the update applied. */
  readonly computed: number[];
  readonly applied: number[];
  readonly losses: number[];
  readonly accuracy: number;
}

function train(edit?: (t: string) => string): Run {
  const trainer = sampleTrainer('rnn-exploding', edit);
  const computed: number[] = [];
  const applied: number[] = [];
  const losses: number[] = [];
  for (let k = 0; k < trainer.totalSteps; k++) {
    const run = trainer.beginStep();
    while (run.events[run.executed].phase === 'backward') run.advance();
    computed.push(jointNorm(trainer));
    const next = run.events[run.executed];
    if (next.phase === 'update' && next.kind === 'clip') {
      const clip = run.advance();
      assert.ok(clip.kind === 'clip' && Math.abs(clip.totalNorm - computed[k]) < 1e-9 * computed[k]);
    }
    applied.push(jointNorm(trainer));
    run.finish();
    losses.push(run.loss.data[0]);
  }
  return { computed, applied, losses, accuracy: accuracy(trainer) };
}

describe('sample rnn-exploding: gradients grow back through time; clipping bounds them', () => {
  it('‖∂L/∂h_1‖ / ‖∂L/∂h_20‖ > 100 (about 200): each step back multiplies the gradient by more than 1', () => {
    const run = sampleTrainer('rnn-exploding').beginStep();
    run.finish();
    const g = timeStepGradNorms(run);
    assert.ok(g[0] / g[19] > 100, `ratio ${g[0] / g[19]}`);
    for (let t = 0; t + 5 < 20; t++) assert.ok(g[t] > g[t + 5], `t${t} vs t${t + 5}`);
  });

  describe('with clipping (the file: norm 1)', () => {
    let clipped: Run;
    before(() => (clipped = train()));

    it('the computed norm explodes (> 10 at the first step, where rnn-vanishing has 0.14), the applied one is min(norm, 1) at every step', () => {
      assert.ok(clipped.computed[0] > 10, `${clipped.computed[0]}`);
      // PyTorch's rule, factor max / (norm + 1e-6): just under 1 when it clips.
      clipped.computed.forEach((c, k) => assert.ok(clipped.applied[k] <= 1 && Math.abs(clipped.applied[k] - Math.min(c, 1)) < 1e-6, `step ${k + 1}: ${c} → ${clipped.applied[k]}`));
    });

    it('learns the first bit: loss < 0.1 and ≥ 95% right', () => {
      assert.ok(mean(clipped.losses.slice(-10)) < 0.1, `loss ${mean(clipped.losses.slice(-10))}`);
      assert.ok(clipped.accuracy >= 0.95, `accuracy ${clipped.accuracy}`);
    });
  });

  describe('without clipping (the `clip:` line removed)', () => {
    let free: Run;
    before(() => (free = train((t) => variant(t, /\n {2}clip: .*/, ''))));

    it('applies the exploded gradients as they are (up to 100× the clipped ones), and does not learn (loss > 0.5, < 65% right)', () => {
      assert.deepEqual(free.applied, free.computed);
      assert.ok(Math.max(...free.applied) > 50 && free.applied.filter((n) => n > 10).length >= 3, `norms ${free.applied.join(', ')}`);
      assert.ok(mean(free.losses.slice(-10)) > 0.5, `loss ${mean(free.losses.slice(-10))}`);
      assert.ok(free.accuracy < 0.65, `accuracy ${free.accuracy}`);
    });
  });
});
