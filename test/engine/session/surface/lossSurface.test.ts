import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InspectorView, LossSurfaceView, RaceView } from '../../../../engine/protocol/views';
import { Session } from '../../../../engine/session/session';
import { ok } from '../session_support';

const OPTIMIZERS = readFileSync(join(__dirname, '../../../../samples/optimizers.nn.yaml'), 'utf8');

/** The sample's loss, as its comment writes it: L(w) = ½ [9 (w1 − 1)² + 0.09 (w2 − 5)²]. */
const valley = (w1: number, w2: number): number => 0.5 * (9 * (w1 - 1) ** 2 + 0.09 * (w2 - 5) ** 2);

function open(text = OPTIMIZERS): Session {
  const session = Session.create(text, 'optimizers.nn.yaml');
  session.start();
  return session;
}

const surfaceOf = (session: Session): LossSurfaceView => {
  const view = ok<InspectorView>(session.inspector());
  assert.ok(view.lossSurface, 'the optimizers sample has a loss surface');
  return view.lossSurface;
};

/** The grid's value at (x, y) by bilinear interpolation between its four nearest points. */
function interpolate(s: LossSurfaceView, x: number, y: number): number {
  const g = s.grid!;
  const fx = ((x - g.x[0]) / (g.x[1] - g.x[0])) * (g.nx - 1);
  const fy = ((y - g.y[0]) / (g.y[1] - g.y[0])) * (g.ny - 1);
  const [i, j] = [Math.min(Math.floor(fx), g.nx - 2), Math.min(Math.floor(fy), g.ny - 2)];
  const [u, v] = [fx - i, fy - j];
  const at = (a: number, b: number): number => g.values[b * g.nx + a];
  return (1 - u) * (1 - v) * at(i, j) + u * (1 - v) * at(i + 1, j) + (1 - u) * v * at(i, j + 1) + u * v * at(i + 1, j + 1);
}

describe('the loss surface of a model with two parameters (samples/optimizers.nn.yaml)', () => {
  it('is the exact loss over (w1, w2) on the whole data set, the grid around the path', () => {
    const s = surfaceOf(open());
    assert.equal(s.plane, 'weights');
    assert.deepEqual(s.axes.map((a) => [a.name, a.meaning]), [['w1', 'point.W[0]'], ['w2', 'point.W[1]']]);
    assert.match(s.lossIs, /mse loss, mean over all 2 examples/);
    const g = s.grid!;
    assert.equal(g.values.length, g.nx * g.ny);
    for (const [i, j] of [[0, 0], [g.nx - 1, 0], [7, 30], [g.nx - 1, g.ny - 1]]) {
      const w1 = g.x[0] + ((g.x[1] - g.x[0]) * i) / (g.nx - 1);
      const w2 = g.y[0] + ((g.y[1] - g.y[0]) * j) / (g.ny - 1);
      assert.ok(Math.abs(g.values[j * g.nx + i] - valley(w1, w2)) <= 1e-9 * (1 + valley(w1, w2)), `grid point (${i}, ${j})`);
    }
    for (const p of [...s.path, s.current!]) {
      assert.ok(p.at[0] >= g.x[0] && p.at[0] <= g.x[1] && p.at[1] >= g.y[0] && p.at[1] <= g.y[1], `step ${p.step} lies inside the grid`);
    }
  });

  it('marks the cursor: at each step’s loss the marked point’s loss (and the surface there) is the loss the engine reports', () => {
    const session = open();
    for (let step = 1; step <= 4; step++) {
      while (ok<InspectorView>(session.inspector()).stop.location.phase !== 'loss') session.stepOver();
      const view = ok<InspectorView>(session.inspector());
      const reported = view.training.losses.find((l) => l.step === step)!.loss;
      const s = view.lossSurface!;
      assert.equal(s.current!.step, step - 1, 'before the update of step k the parameters are θ_{k−1}');
      assert.ok(Math.abs(s.current!.loss - reported) <= 1e-12 * (1 + reported), `step ${step}: ${s.current!.loss} vs ${reported}`);
      assert.ok(Math.abs(valley(s.current!.at[0], s.current!.at[1]) - reported) <= 1e-9 * (1 + reported));
      // The grid is 41 × 41: bilinear interpolation of the smooth bowl is within a few grid cells' curvature.
      const cell = Math.max((s.grid!.x[1] - s.grid!.x[0]) / 40, (s.grid!.y[1] - s.grid!.y[0]) / 40);
      assert.ok(Math.abs(interpolate(s, s.current!.at[0], s.current!.at[1]) - reported) <= 9 * cell * cell, `step ${step}: the surface at the mark`);
      session.stepOver();
    }
  });

  it('shows the path up to the cursor only; Step Back moves the mark back along it', () => {
    const session = open();
    ok(session.handle({ command: 'goto', trainingStep: 4 }));
    const at4 = surfaceOf(session);
    assert.deepEqual(at4.path.map((p) => p.step), [0, 1, 2], 'θ_3 is the cursor, drawn once');
    assert.equal(at4.completedSteps, 3);
    assert.equal(at4.current!.step, 3);
    const first = ok<InspectorView>(session.inspector()).stop;
    assert.equal(first.location.trainingStep, 4);
    let back = at4;
    for (let k = 0; k < 10 && back.completedSteps === 3; k++) {
      session.stepBack();
      back = surfaceOf(session);
    }
    assert.equal(back.completedSteps, 2, 'back over the update of step 3');
    assert.equal(ok<InspectorView>(session.inspector()).stop.location.trainingStep, 3);
    assert.deepEqual(back.current!.at, at4.path[2].at);
    assert.deepEqual(back.path.map((p) => p.step), [0, 1]);
    // SGD on the valley zigzags across w1 (the sample's comment: 1.83, 0.34, 1.53, …).
    assert.deepEqual([...at4.path.slice(1), at4.current!].map((p) => Number(p.at[0].toFixed(2))), [1.83, 0.34, 1.53]);
  });

  it('races the other optimizers from the same start and learning rate: the raced sgd path is the session’s own', () => {
    const session = open();
    ok(session.continue());
    const own = session.internals!.trajectory.upTo(Infinity);
    const race = ok<RaceView>(session.race());
    assert.equal(race.lr, 0.2);
    assert.deepEqual(race.racers.map((r) => r.optimizer), ['sgd', 'momentum', 'adagrad', 'rmsprop', 'adam']);
    const sgd = race.racers[0].path;
    assert.equal(sgd.length, own.length);
    sgd.forEach((p, k) => assert.deepEqual([p.step, ...p.at], [own[k].step, own[k].theta[0], own[k].theta[1]], `step ${p.step}`));
    for (const r of race.racers) assert.deepEqual(r.path[0].at, sgd[0].at, `${r.optimizer} starts where the run started`);
    const last = (o: string): number => race.racers.find((r) => r.optimizer === o)!.path.at(-1)!.loss;
    // The sample's comment: momentum ends at the minimum (3e-5) against SGD's 0.02; AdaGrad never arrives.
    assert.ok(last('momentum') < 1e-3 && last('sgd') > 1e-2, `momentum ${last('momentum')}, sgd ${last('sgd')}`);
    for (const r of race.racers) r.path.forEach((p) => assert.ok(Math.abs(p.loss - valley(p.at[0], p.at[1])) <= 1e-9 * (1 + p.loss)));
  });

  it('a race is refused for a model with more than two parameters, naming why', () => {
    const session = open(readFileSync(join(__dirname, '../../../../samples/mlp-xor.nn.yaml'), 'utf8'));
    const answer = session.race();
    assert.ok(!answer.ok && /exactly two parameters/.test(answer.error.message));
    assert.equal(surfaceOf(session).plane, 'pca');
  });
});
