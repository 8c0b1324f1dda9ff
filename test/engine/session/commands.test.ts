import { strict as assert } from 'node:assert';
import type { SessionCommand, SessionRequest } from '../../../engine/protocol/session';
import { COMMANDS, commandOf, movesCursor, VIEW_COMMANDS, type RequestOf } from '../../../engine/session/commands';
import { FAKE_MODEL } from '../../support/fake-trainer';
import { fakeSession, ok } from './session_support';

/** One well-formed request of each command (the type makes it list every command of the protocol). */
const REQUESTS: { readonly [C in SessionCommand]: RequestOf<C> } = {
  stepOver: { command: 'stepOver' },
  stepIn: { command: 'stepIn' },
  stepOut: { command: 'stepOut' },
  stepBack: { command: 'stepBack' },
  continue: { command: 'continue' },
  reverseContinue: { command: 'reverseContinue' },
  goto: { command: 'goto', trainingStep: 3 },
  gotoTargets: { command: 'gotoTargets', line: 10 },
  stepInTargets: { command: 'stepInTargets' },
  restartFrame: { command: 'restartFrame', frameId: 1 },
  restart: { command: 'restart' },
  pause: { command: 'pause' },
  setBreakpoints: { command: 'setBreakpoints', breakpoints: [] },
  setExceptionBreakpoints: { command: 'setExceptionBreakpoints', filters: [] },
  setFunctionBreakpoints: { command: 'setFunctionBreakpoints', breakpoints: [{ name: 'sigmoid' }] },
  dataBreakpointInfo: { command: 'dataBreakpointInfo', ref: null, name: 'memory.W_f' },
  setDataBreakpoints: { command: 'setDataBreakpoints', breakpoints: [{ dataId: 'memory.W_f' }] },
  stackTrace: { command: 'stackTrace' },
  scopes: { command: 'scopes' },
  variables: { command: 'variables', ref: 'scope:op' },
  evaluate: { command: 'evaluate', expression: 'lr' },
  completions: { command: 'completions', text: 'grad(mem', column: 8 },
  setExpression: { command: 'setExpression', expression: 'hidden.W[0, 0]', value: '0.5' },
  setVariable: { command: 'setVariable', ref: 'x:hidden.W#0', name: '[0]', value: '0.25' },
  tensorSlice: { command: 'tensorSlice', name: 'memory.W_f', start: 0, count: 4 },
  tensorPlot: { command: 'tensorPlot', expression: 'memory.W_f' },
  inspector: { command: 'inspector' },
  graph: { command: 'graph' },
  history: { command: 'history' },
  saveWeights: { command: 'saveWeights', optimizer: true },
  race: { command: 'race' },
  landscape: { command: 'landscape', size: 5 },
  cancelLandscape: { command: 'cancelLandscape' },
};
/** Commands refused to the table's model (an LSTM) where the loop asks (after `restart`: at the first step), and why. */
const REFUSED: Partial<Record<SessionCommand, RegExp>> = { race: /exactly two parameters/, landscape: /spans no plane yet/ };
const ALL = Object.values(REQUESTS) as SessionRequest[];

describe('the command table', () => {
  it('has one row per request of the protocol, and each answers its own command', () => {
    assert.deepEqual(Object.keys(COMMANDS).sort(), Object.keys(REQUESTS).sort());
    const { session } = fakeSession();
    session.start();
    for (const request of ALL) {
      const answer = session.handle(request);
      assert.equal(answer.command, request.command);
      const refused = REFUSED[request.command];
      if (refused) {
        assert.match(answer.ok ? 'answered' : answer.error.message, refused, request.command);
        continue;
      }
      assert.ok(answer.ok, `${request.command}: ${answer.ok ? '' : answer.error.message}`);
      const isStop = typeof answer.body === 'object' && answer.body !== null && 'reason' in answer.body && 'location' in answer.body;
      assert.equal(movesCursor(request), isStop, `${request.command} moves the cursor exactly when it is answered with a stop`);
    }
  });

  it('a long run yields between slices, so that a Pause gets in; a command answered at once ends at the first turn', () => {
    const long = FAKE_MODEL.replace('steps: 40', 'steps: 100000');
    const first = (request: SessionRequest): boolean => {
      const { session } = fakeSession({}, long);
      session.start();
      return session.running(request).next().done === true;
    };
    for (const request of ALL) if (!('run' in COMMANDS[request.command]) && !('job' in COMMANDS[request.command])) assert.ok(first(request), request.command);
    assert.equal(first({ command: 'continue' }), false);
    assert.equal(first({ command: 'goto', trainingStep: 90_000 }), false);
  });

  it('without a model, the commands that need one answer with the file’s errors; breakpoints are still kept', () => {
    const { session } = fakeSession({}, 'model: [\n');
    for (const request of ALL) {
      const answer = session.handle(request);
      if (COMMANDS[request.command].needsModel) assert.match(!answer.ok ? answer.error.message : 'answered', /fake\.nn\.yaml has 1 error/, request.command);
    }
    assert.ok(ok(session.setBreakpoints([{ line: 3 }])));
  });

  it('refuses a command it does not have, even one named like an object’s own property', () => {
    const { session } = fakeSession();
    session.start();
    for (const name of ['launch', 'toString', '__proto__']) {
      assert.equal(commandOf(name), null);
      const answer = session.handle({ command: name } as unknown as SessionRequest);
      assert.ok(!answer.ok && answer.error.code === 'E_ARGUMENT' && /invalid request/.test(answer.error.message), name);
    }
  });

  it('the views ask for their data, the history and for going to a training step', () => {
    assert.deepEqual([...VIEW_COMMANDS].sort(), ['cancelLandscape', 'goto', 'graph', 'history', 'inspector', 'landscape', 'race', 'saveWeights', 'tensorPlot', 'tensorSlice']);
  });
});
