import assert from 'node:assert/strict';
import type { TrainingStepRun } from '../../engine/train';
import { accuracy, sampleTrainer, trainAll, valueOf } from './support';

const T = 6;

interface HeadPattern {
  /** Mean weight a query puts on the position before it, and on the one after it (wrapping round). */
  readonly previous: number;
  readonly next: number;
}

/** Per head, where its weights (B, heads, T, T) go on average. */
function patterns(run: TrainingStepRun): HeadPattern[] {
  const w = valueOf(run, 'heads/weights');
  const [B, H] = w.shape;
  const at = (b: number, h: number, i: number, j: number) => w.data[((b * H + h) * T + i) * T + j];
  return Array.from({ length: H }, (_, h) => {
    let previous = 0;
    let next = 0;
    for (let b = 0; b < B; b++) {
      for (let i = 0; i < T; i++) {
        previous += at(b, h, i, (i + T - 1) % T);
        next += at(b, h, i, (i + 1) % T);
      }
    }
    return { previous: previous / (B * T), next: next / (B * T) };
  });
}

/** Mean total-variation distance between the two heads' rows: 0 same pattern, 1 disjoint. */
function headDistance(run: TrainingStepRun): number {
  const w = valueOf(run, 'heads/weights');
  const B = w.shape[0];
  let sum = 0;
  for (let b = 0; b < B; b++) {
    for (let i = 0; i < T; i++) {
      let d = 0;
      for (let j = 0; j < T; j++) d += Math.abs(w.data[((b * 2 + 0) * T + i) * T + j] - w.data[((b * 2 + 1) * T + i) * T + j]);
      sum += d / 2;
    }
  }
  return sum / (B * T);
}

describe('sample multi-head-attention: the two heads learn different look-ups', () => {
  const trainer = sampleTrainer('multi-head-attention');
  let first: TrainingStepRun;
  let last: TrainingStepRun;
  before(() => trainAll(trainer, (run, step) => (step === 1 ? (first = run) : (last = run))));

  it('learns the task: every (before, after) pair right', () => {
    assert.ok(accuracy(trainer) >= 0.99, `accuracy ${accuracy(trainer)}`);
  });

  it('one head puts > 0.8 of its weight on the previous position, the other > 0.8 on the next (from < 0.3 at the start)', () => {
    const start = patterns(first);
    for (const p of start) assert.ok(p.previous < 0.3 && p.next < 0.3, JSON.stringify(start));
    const [a, b] = patterns(last);
    const split = (x: HeadPattern, y: HeadPattern) => x.previous > 0.8 && y.next > 0.8;
    assert.ok(split(a, b) || split(b, a), JSON.stringify([a, b]));
  });

  it('the heads end far apart: mean total-variation distance between their rows > 0.8 (it was < 0.7)', () => {
    assert.ok(headDistance(first) < 0.7, `at the start ${headDistance(first)}`);
    assert.ok(headDistance(last) > 0.8, `after training ${headDistance(last)}`);
  });
});
