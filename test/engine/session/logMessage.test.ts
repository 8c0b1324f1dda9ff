import { strict as assert } from 'node:assert';
import { LIMITS } from '../../../engine/limits';
import type { BreakpointResult, SessionEvent, StopInfo } from '../../../engine/protocol/session';
import { parseLogMessage, renderLogMessage, type LogMessage } from '../../../engine/session/logMessage';
import { valueText } from '../../../engine/session/variables';
import { FAKE_MODEL } from '../../support/fake-trainer';
import { fakeSession, ok, stop } from './session_support';

const lines = FAKE_MODEL.split('\n');
const lineOf = (text: string): number => lines.findIndex((l) => l.includes(text)) + 1;

/** A scope with two names. */
const SCOPE = { lookup: (n: string) => ({ a: 2, b: 0.5 })[n], names: () => ['a', 'b'] };

function parsed(text: string): LogMessage {
  const m = parseLogMessage(text);
  if ('problem' in m) assert.fail(m.problem);
  return m;
}

/** Every line the session printed to the Debug Console. */
function printed(events: readonly SessionEvent[]): string[] {
  return events.flatMap((e) => (e.event === 'output' ? e.text.split('\n').filter(Boolean) : []));
}

describe('logpoint messages', () => {
  it('evaluate each {expression} with the names in scope and keep the text around them', () => {
    assert.equal(renderLogMessage(parsed('a={a} a*b={a * b}!'), SCOPE, valueText), `a=${valueText({ kind: 'number', value: 2 })} a*b=${valueText({ kind: 'number', value: 1 })}!`);
  });

  it('print {{ and }} as braces', () => {
    assert.equal(renderLogMessage(parsed('{{a}} is {a}}}'), SCOPE, valueText), `{a} is ${valueText({ kind: 'number', value: 2 })}}`);
  });

  it('print a failing expression’s error in place', () => {
    assert.equal(renderLogMessage(parsed('x={bogus} y={b}'), SCOPE, valueText), `x=<unknown name bogus> y=${valueText({ kind: 'number', value: 0.5 })}`);
    assert.match(renderLogMessage(parsed('{a +}'), SCOPE, valueText), /^<.+>$/);
  });

  it('refuse a { never closed, and a message longer than an expression may be', () => {
    assert.deepEqual(parseLogMessage('loss={loss'), { problem: 'log message: the { at column 6 is not closed (write {{ for a brace)' });
    const long = parseLogMessage('x'.repeat(LIMITS.expressionLength.max + 1));
    assert.ok('problem' in long && long.problem.includes('expressionLength'));
  });
});

describe('logpoints in a session', () => {
  it('print one line per hit and never stop; a hit condition logs every Nth hit', () => {
    const { session, events } = fakeSession({}, FAKE_MODEL, { launch: { steps: 12 } });
    const [every, tenth] = ok<BreakpointResult[]>(
      session.setBreakpoints([
        { line: lineOf('loss: bce'), logMessage: 'step {step} x={bogus}' },
        { line: lineOf('loss: bce'), logMessage: 'tenth {step}', hitCondition: '% 5' },
      ]),
    );
    assert.ok(every.verified && tenth.verified);
    assert.match(every.message ?? '', /^logs at the loss/);
    session.start();
    const end = stop(session.continue());
    assert.equal(end.reason, 'end');
    const total = session.internals!.totalSteps;
    const out = printed(events);
    assert.deepEqual(
      out.filter((l) => l.startsWith('step')),
      Array.from({ length: total }, (_, k) => `step ${k + 1} x=<unknown name bogus>`),
    );
    assert.deepEqual(
      out.filter((l) => l.startsWith('tenth')),
      Array.from({ length: Math.floor(total / 5) }, (_, k) => `tenth ${5 * (k + 1)}`),
    );
  });

  it('do not print going back: Reverse Continue passes them silently and stops at none', () => {
    const { session, events } = fakeSession({}, FAKE_MODEL, { launch: { steps: 4 } });
    session.setBreakpoints([{ line: lineOf('name: hidden'), logMessage: 'at {step}' }]);
    session.start();
    stop(session.continue());
    const before = printed(events).length;
    const back = stop(session.reverseContinue());
    assert.equal(back.reason, 'entry');
    assert.equal(printed(events).length, before);
  });

  it('leave Reverse Continue free to skip steps: a logpoint never stops, so it counts as no breakpoint there', () => {
    const mayStop = (specs: Parameters<typeof session.setBreakpoints>[0]): boolean[] => {
      session.setBreakpoints(specs);
      return Array.from({ length: 5 }, (_, k) => session.internals!.mayStopIn(k + 1));
    };
    const { session } = fakeSession({}, FAKE_MODEL, { launch: { steps: 6 } });
    session.setExceptionBreakpoints([]);
    session.start();
    stop(session.continue());
    const line = lineOf('name: hidden');
    assert.deepEqual(mayStop([]), [false, false, false, false, false]);
    assert.deepEqual(mayStop([{ line, logMessage: '{step}' }]), [false, false, false, false, false]);
    assert.deepEqual(mayStop([{ line }]), [true, true, true, true, true]);
  });

  it('print at most LIMITS.logLines lines in one run, then say how many were left out', () => {
    const steps = Math.ceil(LIMITS.logLines.max / 2) + 3;
    const { session, events } = fakeSession({}, FAKE_MODEL, { launch: { steps } });
    // A layer's line is hit twice a step: at its forward entry and at the end of its backward pass.
    session.setBreakpoints([{ line: lineOf('name: hidden'), logMessage: 'h' }]);
    session.start();
    stop(session.continue());
    const out = printed(events);
    assert.equal(out.filter((l) => l === 'h').length, LIMITS.logLines.max);
    assert.equal(out.at(-1), `… ${2 * steps - LIMITS.logLines.max} more logpoint lines left out: a run prints at most ${LIMITS.logLines.max.toLocaleString('en-US')} (a hit condition such as % 100 logs every 100th hit)`);
  });

  it('with a condition log only where it holds, and stop nowhere', () => {
    const { session, events } = fakeSession({}, FAKE_MODEL, { launch: { steps: 6 } });
    session.setBreakpoints([{ line: lineOf('loss: bce'), condition: 'step > 4', logMessage: '{step}' }]);
    session.start();
    const end: StopInfo = stop(session.continue());
    assert.equal(end.reason, 'end');
    assert.deepEqual(printed(events), ['5', '6']);
  });
});
