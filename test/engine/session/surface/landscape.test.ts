import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SessionEvent, SessionResponse } from '../../../../engine/protocol/session';
import type { InspectorView, LossSurfaceView } from '../../../../engine/protocol/views';
import { drive, Session } from '../../../../engine/session/session';
import { gridRow, type GridTask } from '../../../../engine/session/surface/gridTask';
import { PlaneLosses } from '../../../../engine/session/surface/planeLosses';
import { flatten, unflatten } from '../../../../engine/session/surface/trajectory';
import { createTrainer } from '../../../../engine/train/trainer';
import type { LandscapePool } from '../../../../engine/session/surface/pool';
import { serveSession, type HostToWorker, type WorkerOptions, type WorkerPort, type WorkerToHost } from '../../../../engine/session/worker';
import { ok } from '../session_support';

const XOR = readFileSync(join(__dirname, '../../../../samples/mlp-xor.nn.yaml'), 'utf8');

function at(step: number): { session: Session; events: SessionEvent[] } {
  const session = Session.create(XOR, 'mlp-xor.nn.yaml');
  const events: SessionEvent[] = [];
  session.onEvent((e) => events.push(e));
  session.start();
  ok(session.handle({ command: 'goto', trainingStep: step }));
  return { session, events };
}

describe('the loss landscape of a model with more parameters (the plane of its path)', () => {
  it('the stop view only offers it: no grid, no path until asked', () => {
    const s = ok<InspectorView>(at(5).session.inspector()).lossSurface!;
    assert.equal(s.plane, 'pca');
    assert.equal(s.grid, null);
    assert.deepEqual(s.path, []);
    assert.equal(s.completedSteps, 4);
  });

  it('is the loss on a grid of the plane through the cursor’s parameters, with the path’s losses the engine reported', () => {
    const { session, events } = at(21);
    const losses = ok<InspectorView>(session.inspector()).training.losses;
    const s = ok<LossSurfaceView>(drive(session.landscape(9)));
    assert.equal(s.plane, 'pca');
    assert.deepEqual(s.path.map((p) => p.step), Array.from({ length: 20 }, (_, k) => k), 'θ_20 is the cursor, drawn once');
    assert.equal(s.current!.step, 20);
    // Full batch: L(θ_k) on the whole data set is the loss step k + 1 reported.
    for (const p of s.path) assert.ok(Math.abs(p.loss - losses[p.step].loss) < 1e-12, `θ_${p.step}`);
    assert.deepEqual(s.current!.at, [0, 0], 'the plane passes through the cursor’s parameters');
    assert.equal(s.grid!.values.length, 81);
    assert.ok(s.grid!.x[0] < 0 && s.grid!.x[1] > 0 && s.grid!.y[0] < 0 && s.grid!.y[1] > 0);
    assert.match(s.axes[0].meaning, /^\d+ % of the path’s variance$/);
    assert.ok(s.axes[0].explained! >= s.axes[1].explained! && s.axes[0].explained! + s.axes[1].explained! <= 1 + 1e-12);
    const progress = events.flatMap((e) => (e.event === 'landscapeProgress' ? [e] : []));
    assert.deepEqual(progress.map((e) => e.done), [9, 18, 27, 36, 45, 54, 63, 72, 81]);
    assert.ok(progress.every((e) => e.total === 81));
  });

  it('leaves the session where it was', () => {
    const { session } = at(7);
    const before = JSON.stringify(ok<InspectorView>(session.inspector()));
    ok(drive(session.landscape(5)));
    assert.equal(JSON.stringify(ok<InspectorView>(session.inspector())), before);
  });

  it('is cancelled by cancelLandscape: answered E_CANCELLED', () => {
    const { session } = at(7);
    const job = session.landscape(41);
    for (let k = 0; k < 50; k++) job.next();
    assert.deepEqual(ok(session.cancelLandscape()), { cancelled: 1 });
    const answer = drive(job);
    assert.ok(!answer.ok && answer.error.code === 'E_CANCELLED', JSON.stringify(answer));
    assert.deepEqual(ok(session.cancelLandscape()), { cancelled: 0 });
  });

  it('is refused, naming why, before the path spans a plane', () => {
    const answer = drive(at(1).session.landscape(5));
    assert.ok(!answer.ok && /spans no plane yet/.test(answer.error.message));
  });

  it('runs in a worker beside the stepping: a step asked meanwhile is answered first, progress comes as events', async () => {
    const { send, received, answered } = served();
    await send({ kind: 'start', seq: 1 });
    await send({ kind: 'request', seq: 2, request: { command: 'goto', trainingStep: 30 } });
    const grid = send({ kind: 'request', seq: 3, request: { command: 'landscape', size: 121 } });
    await new Promise((r) => setImmediate(r));
    const step = await send({ kind: 'request', seq: 4, request: { command: 'stepOver' } });
    assert.ok(step.ok);
    assert.ok(!answered.includes(3), 'the step was answered while the landscape was still being computed');
    const progressed = (): boolean => received.some((m) => m.kind === 'event' && m.event.event === 'landscapeProgress');
    while (!progressed() && !answered.includes(3)) await new Promise((r) => setImmediate(r));
    const [cancel, cancelled] = await Promise.all([send({ kind: 'request', seq: 5, request: { command: 'cancelLandscape' } }), grid]);
    assert.ok(cancel.ok && !cancelled.ok && cancelled.error.code === 'E_CANCELLED');
  });

  it('with a pool of threads: their rows, come in any order, make the grid computed in this thread, progress as rows come', async () => {
    const pool = new RowsBackwards();
    const { send, received } = served({ landscapePool: pool });
    await send({ kind: 'start', seq: 1 });
    await send({ kind: 'request', seq: 2, request: { command: 'goto', trainingStep: 21 } });
    const pooled = ok<LossSurfaceView>(await send({ kind: 'request', seq: 3, request: { command: 'landscape', size: 9 } }));
    assert.equal(pool.runs, 1, 'the grid went to the pool');
    assert.deepEqual(pooled, ok<LossSurfaceView>(drive(at(21).session.landscape(9))));
    const progress = received.flatMap((m) => (m.kind === 'event' && m.event.event === 'landscapeProgress' ? [m.event.done] : []));
    assert.deepEqual(progress, [9, 18, 27, 36, 45, 54, 63, 72, 81]);
  });

  it('with a pool of threads: Cancel stops them all and is answered at once, without waiting for a row', async () => {
    const pool = new RowsBackwards(false);
    const { send } = served({ landscapePool: pool });
    await send({ kind: 'start', seq: 1 });
    await send({ kind: 'request', seq: 2, request: { command: 'goto', trainingStep: 21 } });
    const grid = send({ kind: 'request', seq: 3, request: { command: 'landscape', size: 41 } });
    while (pool.runs === 0) await new Promise((r) => setImmediate(r));
    const [cancel, cancelled] = await Promise.all([send({ kind: 'request', seq: 4, request: { command: 'cancelLandscape' } }), grid]);
    assert.ok(cancel.ok && !cancelled.ok && cancelled.error.code === 'E_CANCELLED', JSON.stringify(cancelled));
    assert.equal(pool.cancels, 1);
  });

  it('a model that is no dense chain (a recurrent layer) gets its grid from whole forward passes, its cursor’s loss the engine’s', () => {
    const text = readFileSync(join(__dirname, '../../../../samples/rnn-vanishing.nn.yaml'), 'utf8');
    const session = Session.create(text, 'rnn-vanishing.nn.yaml');
    session.start();
    ok(session.handle({ command: 'goto', trainingStep: 6 }));
    const s = ok<LossSurfaceView>(drive(session.landscape(3)));
    assert.equal(s.grid!.values.length, 9);
    assert.ok(s.grid!.values.every(Number.isFinite));
    assert.equal(s.current!.step, 5);
    const engine = createTrainer(session.model!);
    unflatten(flatten(session.internals!.trainer.layers.flatMap((l) => l.params)), engine.layers.flatMap((l) => l.params));
    assert.equal(s.current!.loss, engine.evaluate()!.loss);
  });
});

/** A session served behind an in-process port (../../session/worker.ts), with what it posted. */
function served(options: WorkerOptions = {}): { send: (m: HostToWorker & { seq: number }) => Promise<SessionResponse>; received: WorkerToHost[]; answered: number[] } {
  const received: WorkerToHost[] = [];
  let handler: (m: HostToWorker) => void = () => undefined;
  const waiting = new Map<number, (r: SessionResponse) => void>();
  const answered: number[] = [];
  const port: WorkerPort = {
    post: (m) => {
      received.push(m);
      if (m.kind === 'response') {
        answered.push(m.seq);
        waiting.get(m.seq)?.(m.response);
      }
    },
    listen: (h) => (handler = h),
    nextTurn: () => new Promise((r) => setImmediate(r)),
  };
  serveSession(port, options);
  handler({ kind: 'open', text: XOR, fileName: 'mlp-xor.nn.yaml' });
  /** The answer to a message (awaited before it is sent: a short request is answered at once). */
  const send = (m: HostToWorker & { seq: number }): Promise<SessionResponse> => {
    const answer = new Promise<SessionResponse>((r) => waiting.set(m.seq, r));
    handler(m);
    return answer;
  };
  return { send, received, answered };
}

/** A pool whose "threads" are later turns of this one, giving the rows last first (or never), counting runs and cancels. */
class RowsBackwards implements LandscapePool {
  runs = 0;
  cancels = 0;

  constructor(private readonly deliver = true) {}

  run(task: GridTask, onRow: (j: number, values: Float64Array) => void): { cancel(): void } {
    this.runs++;
    const losses = new PlaneLosses(structuredClone(task.chain), structuredClone(task.plane));
    let stopped = false;
    const row = (j: number): void => {
      if (stopped || j < 0 || !this.deliver) return;
      onRow(j, gridRow(losses, task, j));
      setImmediate(() => row(j - 1));
    };
    setImmediate(() => row(task.n - 1));
    return { cancel: () => ((stopped = true), this.cancels++) };
  }
}
