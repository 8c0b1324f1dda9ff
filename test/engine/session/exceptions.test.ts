import { strict as assert } from 'node:assert';
import type { ExceptionFilter } from '../../../engine/protocol/session';
import { deadFraction, ExceptionBreakpoints, filtersFromFile } from '../../../engine/session/exceptions';
import { Tensor } from '../../../engine/tensor/tensor';
import { fakeSession, ok, stop, where } from './session_support';

describe('session exception breakpoints', () => {
  it('take their defaults from the file’s debug.break_on (and always stop on a failing op)', () => {
    assert.deepEqual(filtersFromFile({ nan_inf: true, exploding: 100, vanishing: false, dead_relu: false }), [{ filter: 'nan_inf' }, { filter: 'exploding', threshold: 100 }, { filter: 'op_error' }]);
    const { session } = fakeSession();
    assert.deepEqual(ok<ExceptionFilter[]>(session.setExceptionBreakpoints([{ filter: 'vanishing', threshold: 1 }])), ['vanishing', 'op_error']);
  });

  // A filter on without a threshold (`true` in a file, an empty condition): the table's default.
  const healthy = { finite: true, maxGradNorm: 1, minGradNorm: 1, deadRelu: 0 };
  for (const [filter, below, above] of [
    ['exploding', { ...healthy, maxGradNorm: 99.9 }, { ...healthy, maxGradNorm: 100.1 }],
    ['vanishing', { ...healthy, minGradNorm: 1.1e-6 }, { ...healthy, minGradNorm: 0.9e-6 }],
    ['dead_relu', { ...healthy, deadRelu: 0.89 }, { ...healthy, deadRelu: 0.9 }],
  ] as const) {
    it(`${filter} on without a threshold fires on the far side of its default only`, () => {
      const checks = new ExceptionBreakpoints();
      checks.set([{ filter }]);
      assert.equal(checks.mayFire(below), false);
      assert.equal(checks.mayFire(above), true);
    });
  }

  it('nan_inf stops at the op that produced the NaN, not at the ops it flows through', () => {
    const { session } = fakeSession({ nanAt: { step: 3, layer: 'hidden' } });
    session.start();
    const s = stop(session.continue());
    assert.equal(s.reason, 'exception');
    assert.equal(s.exception?.filter, 'nan_inf');
    assert.equal(where(s), 'step 3 forward hidden/bad');
    assert.equal(s.location.layer, 'hidden');
    assert.match(s.description, /^Paused on NaN or Inf: NaN produced by hidden\/bad \(log\): 8 NaN of 8 values/);
    assert.equal(session.internals!.cursor.level, 'op');
    const next = stop(session.continue());
    assert.notEqual(where(next), 'step 3 forward relu1/y', 'relu1 only passes the NaN on');
  });

  it('nan_inf off: the run goes past the NaN', () => {
    const { session } = fakeSession({ nanAt: { step: 3, layer: 'hidden' } });
    session.start();
    session.setExceptionBreakpoints([]);
    assert.equal(stop(session.continue()).reason, 'end');
  });

  it('exploding stops where a layer’s parameter gradients are complete and over the threshold', () => {
    const { session } = fakeSession({ scaleLossAt: { step: 4, factor: 1e6 } });
    session.start();
    session.setExceptionBreakpoints([{ filter: 'exploding', threshold: 1000 }]);
    const s = stop(session.continue());
    assert.equal(s.exception?.filter, 'exploding');
    assert.equal(s.location.trainingStep, 4);
    assert.equal(where(s), 'step 4 backward out/xW');
    assert.match(s.description, /^Paused on Exploding gradients: gradient norm of layer out is .* above 1000$/);
  });

  it('vanishing stops at the first layer whose gradients are complete and under the threshold', () => {
    const { session } = fakeSession();
    session.start();
    session.setExceptionBreakpoints([{ filter: 'vanishing', threshold: 1e9 }]);
    const s = stop(session.continue());
    assert.equal(s.exception?.filter, 'vanishing');
    assert.equal(where(s), 'step 1 backward out/xW');
    assert.match(s.description, /^Paused on Vanishing gradients: gradient norm of layer out is .* below 1e9$/);
  });

  it('dead_relu stops at a relu whose units are zero for every example', () => {
    assert.equal(deadFraction(Tensor.fromNested([[0, 1, 0], [0, 2, 0.5]])), 1 / 3);
    const { session } = fakeSession();
    session.start();
    session.setExceptionBreakpoints([{ filter: 'dead_relu', threshold: 0 }]);
    const s = stop(session.continue());
    assert.equal(s.exception?.filter, 'dead_relu');
    assert.equal(where(s), 'step 1 forward relu1/y');
  });

  it('a failing op stops the session at that op with its error, and again on every try', () => {
    const { session } = fakeSession({ throwAt: { step: 2, event: 80 } });
    session.start();
    const s = stop(session.continue());
    assert.equal(s.reason, 'exception');
    assert.equal(s.exception?.filter, 'op_error');
    assert.equal(s.location.trainingStep, 2);
    assert.equal(s.location.eventIndex, 80);
    assert.match(s.exception!.message, /injected op failure/);
    assert.deepEqual(stop(session.stepOver()), s);
    assert.deepEqual(stop(session.continue()), s);
    const back = stop(session.stepBack());
    assert.equal(back.reason, 'step');
    assert.equal(back.location.eventIndex, 79);
    assert.ok(ok<unknown[]>(session.variables('scope:op')).length > 0);
  });

  it('a failing forward pass stops at the layer it failed in, and Step Back leaves it', () => {
    const { session } = fakeSession({ forwardThrowAt: { step: 2, layer: 'out' } });
    session.start();
    const s = stop(session.continue());
    assert.equal(s.exception?.filter, 'op_error');
    assert.equal(s.location.trainingStep, 2);
    assert.equal(s.location.layer, 'out');
    assert.deepEqual(s.location.range, session.model!.spec.layers.find((l) => l.name === 'out')!.range);
    assert.equal(where(stop(session.stepBack())), 'step 1 update update/out.b');
    assert.deepEqual(ok(session.inspector()) !== null, true);
  });
});
