import assert from 'node:assert/strict';
import { paramNamed, sampleTrainer, trainAll, variant } from './support';

/**
 * The loss surface of the sample: L(w) = ½ [9 (w1 − 1)² + 0.09 (w2 − 5)²], curvatures 9 and 0.09.
 * Each optimizer runs the sample with only `optimizer:` changed; its trajectory is w before the first
 * step and after every step.
 */
const MIN = [1, 5];
const CURVATURE = [9, 0.09];
const LR = 0.2;
const loss = (w: readonly number[]) => 0.5 * (CURVATURE[0] * (w[0] - MIN[0]) ** 2 + CURVATURE[1] * (w[1] - MIN[1]) ** 2);

const RACERS = { sgd: 'sgd', momentum: '{ sgd: { momentum: 0.9 } }', adagrad: 'adagrad', rmsprop: 'rmsprop', adam: 'adam', adamw: 'adamw' } as const;
type Racer = keyof typeof RACERS;

function trajectory(racer: Racer): number[][] {
  const trainer = sampleTrainer('optimizers', (t) => variant(t, 'optimizer: sgd ', `optimizer: ${RACERS[racer]} `));
  const W = paramNamed(trainer, 'point.W');
  const path = [Array.from(W.data)];
  const losses = trainAll(trainer, () => path.push(Array.from(W.data)));
  // The trainer's loss is this surface: check it where each step began.
  losses.forEach((l, t) => assert.ok(Math.abs(l - loss(path[t])) < 1e-12, `${racer} step ${t + 1}: ${l} vs ${loss(path[t])}`));
  return path;
}

describe('sample optimizers: a race on an elongated quadratic valley', () => {
  let paths: Record<Racer, number[][]>;
  before(() => (paths = Object.fromEntries(Object.keys(RACERS).map((r) => [r, trajectory(r as Racer)])) as Record<Racer, number[][]>));
  const final = (r: Racer) => loss(paths[r][paths[r].length - 1]);

  it('records every racer\'s trajectory from the same starting point (same seed), 101 points each', () => {
    for (const p of Object.values(paths)) {
      assert.equal(p.length, 101);
      assert.deepEqual(p[0], paths.sgd[0]);
    }
  });

  it('SGD zigzags across the steep direction (η·9 = 1.8 > 1) and crawls along the flat one exactly as (1 − η·0.09)^t', () => {
    const p = paths.sgd;
    for (let t = 1; t <= 10; t++) assert.ok(Math.sign(p[t][0] - MIN[0]) === -Math.sign(p[t - 1][0] - MIN[0]), `w1 does not cross at step ${t}`);
    for (const t of [10, 50, 100]) {
      const expected = MIN[1] + (p[0][1] - MIN[1]) * (1 - LR * CURVATURE[1]) ** t;
      assert.ok(Math.abs(p[t][1] - expected) < 1e-9, `w2 at ${t}: ${p[t][1]} vs ${expected}`);
    }
    assert.ok(MIN[1] - p[100][1] > 0.5, 'still far from the minimum along the valley');
  });

  it('Adam and AdaGrad move both coordinates by exactly η on the first step, whatever their curvature; SGD by η·gradient', () => {
    for (const r of ['adam', 'adagrad'] as const) {
      const [a, b] = [paths[r][0], paths[r][1]];
      for (const i of [0, 1]) assert.ok(Math.abs(Math.abs(b[i] - a[i]) - LR) < 1e-6, `${r}: w${i + 1} moved ${b[i] - a[i]}`);
    }
    const [a, b] = [paths.sgd[0], paths.sgd[1]];
    for (const i of [0, 1]) assert.ok(Math.abs(b[i] - a[i] + LR * CURVATURE[i] * (a[i] - MIN[i])) < 1e-12);
  });

  it('AdaGrad cannot travel more than 2η√T per coordinate (Σ|g_t|/√Σg² ≤ 2√T), so it stops short of the minimum', () => {
    const p = paths.adagrad;
    const bound = 2 * LR * Math.sqrt(100);
    for (const i of [0, 1]) {
      let travelled = 0;
      for (let t = 1; t < p.length; t++) travelled += Math.abs(p[t][i] - p[t - 1][i]);
      assert.ok(travelled <= bound, `w${i + 1} travelled ${travelled}`);
    }
    const short = Math.abs(MIN[1] - p[0][1]) - bound;
    assert.ok(short > 0 && final('adagrad') >= 0.5 * CURVATURE[1] * short ** 2);
  });

  it('final losses in the order the theory predicts: momentum, RMSprop, Adam and AdamW ≪ SGD < AdaGrad', () => {
    for (const r of ['momentum', 'rmsprop', 'adam', 'adamw'] as const) assert.ok(final(r) < final('sgd') / 100, `${r} ${final(r)} vs sgd ${final('sgd')}`);
    assert.ok(final('sgd') < final('adagrad'), `sgd ${final('sgd')} vs adagrad ${final('adagrad')}`);
    assert.ok(final('rmsprop') < final('adagrad') / 1e6, 'forgetting old gradients (RMSprop) beats summing them (AdaGrad)');
  });
});
