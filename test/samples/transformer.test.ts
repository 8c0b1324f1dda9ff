import assert from 'node:assert/strict';
import type { TrainingStepRun } from '../../engine/train';
import { accuracy, sampleTrainer, trainAll, valueOf, variant } from './support';

const T = 8;

/** Per head: the mean weight a query puts on position T − 1 − i. */
function antiDiagonalPerHead(run: TrainingStepRun): number[] {
  const w = valueOf(run, 'block/attn/weights');
  const [B, H] = w.shape;
  return Array.from({ length: H }, (_, h) => {
    let sum = 0;
    for (let b = 0; b < B; b++) for (let i = 0; i < T; i++) sum += w.data[((b * H + h) * T + i) * T + (T - 1 - i)];
    return sum / (B * T);
  });
}

describe('sample transformer: one Transformer block learns to reverse 8 tokens', () => {
  const trainer = sampleTrainer('transformer');
  let losses: number[] = [];
  let last: TrainingStepRun;
  before(() => (losses = trainAll(trainer, (run) => (last = run))));

  it('the loss falls from about ln 9 (guessing among 9 tokens) to < 0.05, and every token is right', () => {
    assert.ok(Math.abs(losses[0] - Math.log(9)) < 0.5, `first loss ${losses[0]}`);
    assert.ok(trainer.evaluate()!.loss < 0.05, `loss ${trainer.evaluate()!.loss}`);
    assert.ok(accuracy(trainer) >= 0.99, `accuracy ${accuracy(trainer)}`);
  });

  it('one head has learned the anti-diagonal: > 0.9 of its weight on position 7 − i', () => {
    const heads = antiDiagonalPerHead(last);
    assert.ok(Math.max(...heads) > 0.9, `per head ${heads.join(', ')}`);
  });

  it('without position vectors (`positions: true` removed) it cannot tell the positions apart: < 40% right', () => {
    const blind = sampleTrainer('transformer', (t) => variant(t, ', positions: true }', ' }'));
    trainAll(blind);
    assert.ok(accuracy(blind) < 0.4, `accuracy ${accuracy(blind)}`);
  });
});
