import assert from 'node:assert/strict';
import type { TrainingStepRun } from '../../engine/train';
import { accuracy, gradOf, mean, sampleTrainer, trainAll, trainSteps, valueOf, variant } from './support';

const T = 6;

/** Per query row i ≥ 1 (row 0 sees only itself): its visible weights j ≤ i. */
function visibleRows(run: TrainingStepRun): number[][] {
  const w = valueOf(run, 'attend/weights');
  const B = w.shape[0];
  const rows: number[][] = [];
  for (let b = 0; b < B; b++) for (let i = 1; i < T; i++) rows.push(Array.from(w.data.subarray((b * T + i) * T, (b * T + i) * T + i + 1)));
  return rows;
}

/** How saturated a step's softmax is: rows whose largest weight exceeds 0.99, and the mean entropy over log(visible keys). */
function saturation(run: TrainingStepRun): { saturated: number; entropy: number; rows: number } {
  const rows = visibleRows(run);
  const entropy = mean(rows.map((r) => -r.reduce((s, p) => s + (p > 0 ? p * Math.log(p) : 0), 0) / Math.log(r.length)));
  return { saturated: rows.filter((r) => Math.max(...r) > 0.99).length / rows.length, entropy, rows: rows.length };
}

function scoreSpread(run: TrainingStepRun): number {
  const s = valueOf(run, 'attend/scores');
  const B = s.shape[0];
  const visible: number[] = [];
  for (let b = 0; b < B; b++) for (let i = 0; i < T; i++) for (let j = 0; j <= i; j++) visible.push(s.data[(b * T + i) * T + j]);
  const m = mean(visible);
  return Math.sqrt(mean(visible.map((v) => (v - m) ** 2)));
}

describe('sample self-attention: a causal mask and the 1/√d scaling', () => {
  const trainer = sampleTrainer('self-attention');
  const runs: TrainingStepRun[] = [];
  before(() => trainAll(trainer, (run) => runs.push(run)));

  it('no weight on future positions: w[i][j] = 0 exactly for j > i, in every row of every step; each row sums to 1', () => {
    for (const run of runs) {
      const w = valueOf(run, 'attend/weights');
      for (let r = 0; r < w.size / T; r++) {
        const i = r % T;
        const row = Array.from(w.data.subarray(r * T, (r + 1) * T));
        assert.ok(row.slice(i + 1).every((v) => v === 0), `row ${r}: ${row.join(', ')}`);
        assert.ok(Math.abs(row.reduce((s, v) => s + v, 0) - 1) < 1e-12);
      }
    }
  });

  it('so no gradient flows to a future score: ∂L/∂scores is exactly 0 above the diagonal', () => {
    const g = gradOf(runs[0], 'attend/scores');
    for (let r = 0; r < g.size / T; r++) for (let j = (r % T) + 1; j < T; j++) assert.equal(g.data[r * T + j], 0);
  });

  it('learns the copy through the mask: every token right', () => {
    assert.equal(accuracy(trainer), 1);
  });

  describe('scaling keeps the softmax unsaturated', () => {
    const unscaled: TrainingStepRun[] = [];
    before(() => trainSteps(sampleTrainer('self-attention', (t) => variant(t, 'score: scaled_dot', 'score: dot')), 30, (run) => unscaled.push(run)));

    it('scaled: scores of spread ≈ 1, no row saturated (max weight > 0.99), entropy > 0.7 of the maximum', () => {
      const s = saturation(runs[0]);
      assert.ok(Math.abs(scoreSpread(runs[0]) - 1) < 0.3, `score sd ${scoreSpread(runs[0])}`);
      assert.equal(s.saturated, 0);
      assert.ok(s.entropy > 0.7, `entropy ${s.entropy}`);
    });

    it('unscaled (`score: dot`): spread ≈ √32 ≈ 5.7, ≥ 20% of rows saturated, entropy < 0.5 of the maximum', () => {
      const s = saturation(unscaled[0]);
      assert.ok(scoreSpread(unscaled[0]) > 4, `score sd ${scoreSpread(unscaled[0])}`);
      assert.ok(s.saturated >= 0.2, `saturated rows ${s.saturated}`);
      assert.ok(s.entropy < 0.5, `entropy ${s.entropy}`);
    });

    it('and so it learns faster: loss after 30 steps < 0.1 scaled, > 0.3 unscaled', () => {
      const at30 = (rs: TrainingStepRun[]) => rs[29].loss.data[0];
      assert.ok(at30(runs) < 0.1 && at30(unscaled) > 0.3, `scaled ${at30(runs)}, unscaled ${at30(unscaled)}`);
    });
  });
});
