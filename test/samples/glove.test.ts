import assert from 'node:assert/strict';
import { TINY_CORPUS } from '../../engine/data/corpus';
import type { TrainingStepRun } from '../../engine/train';
import { clustering } from './embeddings';
import { nodeNamed, paramNamed, sampleTrainer, trainAll } from './support';

const X_MAX = 4;
const ALPHA = 0.75;
const WINDOW = 2;

/** Co-occurrence counts counted here: a pair at distance d ≤ 2 within a sentence adds 1/d both ways. */
function cooccurrence(): Map<string, number> {
  const X = new Map<string, number>();
  const add = (a: string, b: string, w: number) => X.set(`${a} ${b}`, (X.get(`${a} ${b}`) ?? 0) + w);
  for (const words of TINY_CORPUS.map((s) => s.split(' '))) {
    words.forEach((a, i) => {
      for (let d = 1; d <= WINDOW && i + d < words.length; d++) {
        add(a, words[i + d], 1 / d);
        add(words[i + d], a, 1 / d);
      }
    });
  }
  return X;
}

describe('sample glove: a weighted least-squares fit of word vectors to log co-occurrence counts', () => {
  const trainer = sampleTrainer('glove');
  const words = trainer.vocabulary('glove')!;
  let first: TrainingStepRun;
  let losses: number[] = [];
  before(() => (losses = trainAll(trainer, (run, step) => step === 1 && (first = run))));

  it('scores every nonzero pair of the counts each step, with X_ij as counted within 2 words (1/d)', () => {
    const expected = cooccurrence();
    const rows = nodeNamed(first, 'glove/W_rows').inputs[1].data;
    const cols = nodeNamed(first, 'glove/Wt_rows').inputs[1].data;
    const logX = nodeNamed(first, 'glove/glove_loss/err').inputs[1].data;
    assert.equal(rows.length, expected.size);
    rows.forEach((r, k) => {
      const x = expected.get(`${words[r]} ${words[cols[k]]}`);
      assert.ok(x !== undefined && Math.abs(Math.exp(logX[k]) - x) < 1e-12, `${words[r]} ${words[cols[k]]}: ${Math.exp(logX[k])} vs ${x}`);
    });
  });

  it('weights each squared error by f(X) = min(1, (X / x_max)^α): 20 frequent pairs capped at 1, the rarest (X = ½) at (1/8)^0.75', () => {
    const f = nodeNamed(first, 'glove/glove_loss/weighted').inputs[0].data;
    const logX = nodeNamed(first, 'glove/glove_loss/err').inputs[1].data;
    f.forEach((w, k) => {
      const x = Math.exp(logX[k]);
      assert.ok(Math.abs(w - Math.min(1, (x / X_MAX) ** ALPHA)) < 1e-12, `X = ${x}: f = ${w}`);
    });
    assert.equal(Array.from(f).filter((w) => w === 1).length, 20);
    assert.ok(Math.abs(Math.min(...f) - (0.5 / X_MAX) ** ALPHA) < 1e-12);
  });

  it('the loss falls to under 1% of where it started', () => {
    assert.ok(losses[losses.length - 1] < 0.01 * losses[0], `${losses[0]} → ${losses[losses.length - 1]}`);
  });

  it('the vectors W + W̃ put related words nearer: within-group cosine > across-group + 0.3, ≥ 12 of 13 nearest in their group', () => {
    const W = paramNamed(trainer, 'glove.W');
    const Wt = paramNamed(trainer, 'glove.Wt');
    const d = W.shape[1];
    const c = clustering((w) => {
      const i = words.indexOf(w);
      return Array.from({ length: d }, (_, j) => W.data[i * d + j] + Wt.data[i * d + j]);
    });
    assert.ok(c.within - c.across > 0.3, `within ${c.within}, across ${c.across}`);
    assert.ok(c.nearestInGroup >= 12, `${c.nearestInGroup}/${c.words}`);
  });
});
