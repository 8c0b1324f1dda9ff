import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { GradientHistoryView, HistoryView, InspectorView, RunSeries } from '../../../engine/protocol/views';
import { Session } from '../../../engine/session/session';
import { ok } from './session_support';

const FILE = 'samples/mlp-xor.nn.yaml';
const TEXT = readFileSync(path.join(__dirname, '../../..', FILE), 'utf8');

const inspector = (session: Session) => ok<InspectorView>(session.inspector());
const history = (session: Session) => ok<HistoryView>(session.history());

/** Step → norm of each layer, for the steps both views have. */
function normsByStep(h: GradientHistoryView | null, steps: ReadonlySet<number>): Map<string, number | null>[] {
  if (!h) return [];
  return h.steps.flatMap((step, k) => (steps.has(step) ? [new Map(h.layers.map((l) => [l.layer, l.norms[k]]))] : []));
}

function startedAt(session: Session, step: number): void {
  ok(session.start());
  ok(session.goto(step));
}

describe('the previous run (Compare with the last run)', () => {
  it('is none before a Restart; the history always has this run’s curves, every step recorded wherever the cursor is', () => {
    const session = Session.create(TEXT, FILE);
    startedAt(session, 20);
    assert.equal(inspector(session).previousRun, null);
    ok(session.goto(10));
    const h = history(session);
    assert.equal(h.previousRun, null);
    assert.equal(h.run.run, 1);
    assert.deepEqual(
      h.run.losses.map((p) => p.step),
      Array.from({ length: 19 }, (_, i) => i + 1),
      'steps 1 … 19, though the cursor went back to step 10',
    );
  });

  it('after a Restart with the same file (same seed), the previous run’s losses and gradient norms equal the new run’s where both were recorded', () => {
    const session = Session.create(TEXT, FILE);
    startedAt(session, 20);
    const ended = history(session).run;
    ok(session.restart());
    ok(session.goto(12));
    const view = inspector(session);
    const previous = view.previousRun!;
    assert.deepEqual(previous, ended, 'kept as it was');
    const now = view.training.losses;
    assert.equal(now.length, 11);
    assert.deepEqual(now, previous.losses.slice(0, now.length));
    const steps = new Set(view.gradientHistory!.steps);
    assert.equal(steps.size, 11);
    assert.deepEqual(normsByStep(view.gradientHistory, steps), normsByStep(previous.gradientHistory, steps));
  });

  it('after a Restart with an edit, the numbers agree until the edited point and then part; each Restart keeps the run it ends', () => {
    const session = Session.create(TEXT, FILE);
    startedAt(session, 6);
    ok(session.restart(TEXT.replace('lr: 0.5', 'lr: 0.05')));
    ok(session.goto(6));
    const view = inspector(session);
    const [before, after] = [view.previousRun!.losses, view.training.losses];
    assert.equal(after[0].loss, before[0].loss, 'step 1 runs before the first update: the same weights, the same loss');
    assert.notEqual(after[1].loss, before[1].loss, 'from step 2 the learning rate has made other weights');
    ok(session.restart());
    const second: RunSeries = inspector(session).previousRun!;
    assert.equal(second.run, 2);
    assert.deepEqual(second.losses, after);
  });

  it('a session opened with a previous run (a debug adapter’s Restart) draws it and counts on from it', () => {
    const first = Session.create(TEXT, FILE);
    startedAt(first, 4);
    const ended = history(first).run;
    const next = Session.create(TEXT, FILE, { previousRun: ended });
    ok(next.start());
    assert.deepEqual(inspector(next).previousRun, ended);
    assert.equal(history(next).run.run, 2);
  });
});
