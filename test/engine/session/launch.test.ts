import { strict as assert } from 'node:assert';
import { FAKE_MODEL } from '../../support/fake-trainer';
import { fakeSession, stop } from './session_support';

/** A launch configuration's overrides of the model file (`options.launch`), as the debug adapter passes them. */
describe('session launch overrides', () => {
  it('steps replaces training.steps: training ends there', () => {
    const { session } = fakeSession({}, FAKE_MODEL, { launch: { steps: 3, stopOnEntry: false } });
    assert.equal(session.model!.spec.training.steps, 3);
    const end = stop(session.start());
    assert.equal(end.reason, 'end');
    assert.equal(end.location.trainingStep, 3);
  });

  it('stopOnEntry overrides the file either way', () => {
    const runs = fakeSession({}, FAKE_MODEL, { launch: { stopOnEntry: false } });
    assert.equal(stop(runs.session.start()).reason, 'end');
    const quiet = `${FAKE_MODEL}debug: { stop_on_entry: false }\n`;
    const stops = fakeSession({}, quiet, { launch: { stopOnEntry: true } });
    const entry = stop(stops.session.start());
    assert.equal(entry.reason, 'entry');
    assert.equal(entry.location.trainingStep, 1);
  });

  it('exceptionFilters replace the file’s break_on until setExceptionBreakpoints', () => {
    const launch = { stopOnEntry: false, exceptionFilters: [{ filter: 'exploding' as const, threshold: 1e-12 }] };
    const { session } = fakeSession({}, FAKE_MODEL, { launch });
    const s = stop(session.start());
    assert.equal(s.reason, 'exception');
    assert.equal(s.exception?.filter, 'exploding');
    session.setExceptionBreakpoints([]);
    assert.equal(stop(session.continue()).reason, 'end');
  });

  it('the overrides hold across a restart', () => {
    const { session } = fakeSession({}, FAKE_MODEL, { launch: { steps: 2, stopOnEntry: false } });
    session.start();
    const again = stop(session.restart());
    assert.equal(again.reason, 'end');
    assert.equal(again.location.trainingStep, 2);
  });

  it('a steps override that is not a whole number ≥ 1 is reported as a diagnostic', () => {
    const { session } = fakeSession({}, FAKE_MODEL, { launch: { steps: 0 } });
    assert.equal(session.ready, false);
    assert.match(session.diagnostics[0].message, /steps must be a whole number ≥ 1, got 0/);
  });
});
