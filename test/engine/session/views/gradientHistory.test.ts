import { strict as assert } from 'node:assert';
import type { GradientHistoryView, InspectorView } from '../../../../engine/protocol/views';
import type { Session } from '../../../../engine/session/session';
import { FAKE_MODEL } from '../../../support/fake-trainer';
import { fakeSession, ok, where } from '../session_support';

const lines = FAKE_MODEL.split('\n');
const lineOf = (text: string): number => lines.findIndex((l) => l.includes(text)) + 1;

const inspect = (session: Session): InspectorView => ok<InspectorView>(session.inspector());

/** ‖∂L/∂θ‖₂ per layer, summed over the parameters' gradients as they are now (independent of the session's summary). */
function gradNormsNow(session: Session): Map<string, number> {
  const out = new Map<string, number>();
  for (const l of session.internals!.trainer.layers) {
    if (l.params.length === 0) continue;
    let sq = 0;
    for (const p of l.params) for (const g of p.grad?.data ?? []) sq += g * g;
    out.set(l.name, Math.sqrt(sq));
  }
  return out;
}

/** Per layer, the norms of steps 1 … last, read at the last backward event of each step (all gradients in, before clipping). */
function normsByStepping(text: string, last: number): Map<string, number[]> {
  const { session } = fakeSession({}, text);
  session.start();
  const out = new Map<string, number[]>();
  for (let step = 1; step <= last; step++) {
    ok(session.goto(step));
    const state = session.internals!;
    const events = state.timeline.outline!.events;
    const lastBackward = events.map((e) => e.phase).lastIndexOf('backward');
    state.moveTo({ step, event: lastBackward }, 'op');
    for (const [layer, norm] of gradNormsNow(session)) out.set(layer, [...(out.get(layer) ?? []), norm]);
  }
  return out;
}

function asMap(h: GradientHistoryView): Map<string, (number | null)[]> {
  return new Map(h.layers.map((l) => [l.layer, [...l.norms]]));
}

/** Equal to the 6 significant digits the view sends. */
function assertClose(actual: Map<string, (number | null)[]>, expected: Map<string, number[]>, what: string): void {
  assert.deepEqual([...actual.keys()], [...expected.keys()], `${what}: layers`);
  for (const [layer, norms] of expected) {
    const got = actual.get(layer)!;
    assert.equal(got.length, norms.length, `${what}: ${layer} has one norm per step`);
    norms.forEach((n, k) => assert.ok(got[k] !== null && Math.abs(got[k]! - n) <= 5e-6 * n, `${what}: ${layer} at step ${k + 1}: ${got[k]} ≠ ${n}`));
  }
}

describe('session views: gradient history over training steps', () => {
  const expected = normsByStepping(FAKE_MODEL, 12);
  const upTo = (n: number): Map<string, number[]> => new Map([...expected].map(([l, v]) => [l, v.slice(0, n)]));

  it('is empty on entry, before any backward pass', () => {
    const { session } = fakeSession();
    session.start();
    assert.equal(inspect(session).gradientHistory, null);
  });

  it('after a Continue over 11 steps holds every one of them, as stepping through each showed, and the loss curve too', () => {
    const { session } = fakeSession();
    session.start();
    session.setBreakpoints([{ line: lineOf('name: out'), condition: 'step == 12' }]);
    assert.equal(where(ok(session.continue())), 'step 12 forward out/xW');
    const view = inspect(session);
    const h = view.gradientHistory!;
    assert.deepEqual(h.steps, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    assert.equal(h.every, 1);
    assertClose(asMap(h), upTo(11), 'after Continue');
    assert.deepEqual(
      view.training.losses.map((l) => l.step),
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
      'stopped in the forward pass of step 12, before its loss',
    );
  });

  it('adds the current step once its backward pass is done, not before', () => {
    const { session } = fakeSession();
    session.start();
    session.goto(3);
    const state = session.internals!;
    const events = state.timeline.outline!.events;
    state.moveTo({ step: 3, event: events.map((e) => e.phase).lastIndexOf('backward') }, 'op');
    assert.deepEqual(inspect(session).gradientHistory!.steps, [1, 2]);
    state.moveTo({ step: 3, event: events.length - 1 }, 'op');
    const h = inspect(session).gradientHistory!;
    assert.deepEqual(h.steps, [1, 2, 3]);
    assertClose(asMap(h), upTo(3), 'in the update of step 3');
  });

  it('follows Step Back and goto: steps after the cursor’s are left out, the others keep their values', () => {
    const { session } = fakeSession();
    session.start();
    session.goto(12);
    ok(session.stepBack());
    const back = inspect(session);
    assert.equal(back.stop.location.trainingStep, 11);
    assert.equal(back.stop.location.phase, 'update');
    assertClose(asMap(back.gradientHistory!), upTo(11), 'after Step Back into the update of step 11');
    session.goto(5);
    const h = inspect(session).gradientHistory!;
    assert.deepEqual(h.steps, [1, 2, 3, 4]);
    assertClose(asMap(h), upTo(4), 'after goto 5');
    session.goto(12);
    assertClose(asMap(inspect(session).gradientHistory!), upTo(11), 'forward again to step 12');
  });

  it('starts again on Restart, and a changed model file replaces every entry', () => {
    const { session } = fakeSession();
    session.start();
    session.goto(8);
    ok(session.restart());
    assert.equal(inspect(session).gradientHistory, null);
    session.goto(8);
    assertClose(asMap(inspect(session).gradientHistory!), upTo(7), 'after Restart');
    const faster = FAKE_MODEL.replace('lr: 0.1', 'lr: 0.7');
    ok(session.restart(faster));
    session.goto(8);
    const changed = asMap(inspect(session).gradientHistory!);
    assertClose(changed, normsByStepping(faster, 7), 'after Restart with lr 0.7');
    const [now, before] = [changed.get('out')![6]!, expected.get('out')![6]];
    assert.ok(Math.abs(now - before) > 1e-3 * before, `the new file’s step 7 (${now}) is not the old one (${before})`);
  });
});
