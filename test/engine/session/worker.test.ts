import { strict as assert } from 'node:assert';
import type { SessionResponse, StopInfo } from '../../../engine/protocol/session';
import { serveSession, type HostToWorker, type WorkerPort, type WorkerToHost } from '../../../engine/session/worker';
import { FAKE_MODEL, fakeTrainerFactory } from '../../support/fake-trainer';

/** A worker served in-process: messages cross on later turns of the event loop, as between threads. */
function connect(): { send(m: HostToWorker): void; response(seq: number): Promise<SessionResponse>; received: WorkerToHost[] } {
  const received: WorkerToHost[] = [];
  let handler: (m: HostToWorker) => void = () => undefined;
  const waiting = new Map<number, (r: SessionResponse) => void>();
  const port: WorkerPort = {
    post: (m) => {
      received.push(m);
      if (m.kind === 'response') waiting.get(m.seq)?.(m.response);
    },
    listen: (h) => (handler = h),
    nextTurn: () => new Promise((r) => setImmediate(r)),
  };
  serveSession(port, { createTrainer: fakeTrainerFactory() });
  return {
    send: (m) => setImmediate(() => handler(m)),
    response: (seq) => new Promise((r) => waiting.set(seq, r)),
    received,
  };
}

const LONG = FAKE_MODEL.replace('steps: 40', 'steps: 100000');

describe('session worker', () => {
  it('answers requests by seq and forwards events', async () => {
    const w = connect();
    w.send({ kind: 'open', text: FAKE_MODEL, fileName: 'fake.nn.yaml' });
    w.send({ kind: 'start', seq: 1 });
    const entry = await w.response(1);
    assert.ok(entry.ok && (entry.body as StopInfo).reason === 'entry');
    assert.deepEqual(w.received[0], { kind: 'opened', ready: true, diagnostics: [] });
    w.send({ kind: 'request', seq: 2, request: { command: 'stepOver' } });
    const step = await w.response(2);
    assert.ok(step.ok && (step.body as StopInfo).location.layer === 'hidden');
    assert.ok(w.received.some((m) => m.kind === 'event' && m.event.event === 'stopped'));
  });

  it('runs Continue in slices: Pause interrupts it, other requests wait', async () => {
    const w = connect();
    w.send({ kind: 'open', text: LONG, fileName: 'fake.nn.yaml' });
    w.send({ kind: 'start', seq: 1 });
    await w.response(1);
    w.send({ kind: 'request', seq: 2, request: { command: 'continue' } });
    const running = w.response(2);
    await new Promise((r) => setTimeout(r, 60));
    w.send({ kind: 'request', seq: 3, request: { command: 'stackTrace' } });
    w.send({ kind: 'request', seq: 4, request: { command: 'setBreakpoints', breakpoints: [] } });
    w.send({ kind: 'request', seq: 5, request: { command: 'pause' } });
    const [busy, bps, paused, ran] = await Promise.all([w.response(3), w.response(4), w.response(5), running]);
    assert.equal(!busy.ok && busy.error.code, 'E_RUNNING');
    assert.ok(bps.ok);
    assert.ok(paused.ok && ran.ok);
    const stop = paused.body as StopInfo;
    assert.equal(stop.reason, 'pause');
    assert.deepEqual(ran.body, stop);
    assert.ok(stop.location.trainingStep > 1 && stop.location.trainingStep < 100000, `paused at step ${stop.location.trainingStep}`);
    assert.ok(w.received.some((m) => m.kind === 'event' && m.event.event === 'continued'));
    w.send({ kind: 'request', seq: 6, request: { command: 'stepBack' } });
    assert.ok((await w.response(6)).ok);
  });

  it('reports a file with errors when opened, and answers requests with errors', async () => {
    const w = connect();
    w.send({ kind: 'open', text: 'model: [', fileName: 'bad.nn.yaml' });
    w.send({ kind: 'start', seq: 1 });
    const r = await w.response(1);
    assert.equal(r.ok, false);
    const opened = w.received[0];
    assert.ok(opened.kind === 'opened' && !opened.ready && opened.diagnostics.length > 0);
  });
});
