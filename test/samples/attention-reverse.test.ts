import assert from 'node:assert/strict';
import type { TrainingStepRun } from '../../engine/train';
import { antiDiagonal } from './seq2seq';
import { accuracy, sampleTrainer, trainAll, variant } from './support';

/** Luong attention with the file's dot score and with `score: general`. */
function train(score: 'dot' | 'general'): { accuracy: number; last: TrainingStepRun } {
  const trainer = sampleTrainer('attention-reverse', (t) => (score === 'dot' ? t : variant(t, 'score: dot,', 'score: general,')));
  let last: TrainingStepRun | null = null;
  trainAll(trainer, (r) => (last = r));
  return { accuracy: accuracy(trainer), last: last! };
}

describe('sample attention-reverse: Luong attention, dot and general, both learn to reverse', () => {
  for (const score of ['dot', 'general'] as const) {
    describe(`score: ${score}`, () => {
      let run: ReturnType<typeof train>;
      before(() => (run = train(score)));

      it('trains: ≥ 95% of the tokens right over all 64 sequences', () => {
        assert.ok(run.accuracy >= 0.95, `accuracy ${run.accuracy}`);
      });

      it('its weights sum to 1 for every query (each of 16 × 5 rows), and lean on the anti-diagonal (> 0.4; uniform 0.2)', () => {
        const { mass, rowSums } = antiDiagonal(run.last, 'attend/weights');
        assert.equal(rowSums.length, 16 * 5);
        for (const s of rowSums) assert.ok(Math.abs(s - 1) < 1e-12, `row sum ${s}`);
        assert.ok(mass > 0.4, `weight on the anti-diagonal ${mass}`);
      });
    });
  }
});
