import { strict as assert } from 'node:assert';
import { Errors } from '../../../extension/dap/errors';
import { CHECKED_REQUESTS, checkArguments } from '../../../extension/dap/validateRequest';

/** Arguments as VS Code sends them: the door lets them through. */
const WELL_FORMED: Record<string, unknown> = {
  initialize: { clientID: 'vscode', clientName: 'Visual Studio Code', adapterID: 'backstep', pathFormat: 'path', linesStartAt1: true, columnsStartAt1: true, supportsVariableType: true, locale: 'en' },
  launch: { type: 'backstep', request: 'launch', name: 'Debug model', program: '/m.nn.yaml', __sessionId: 'x' },
  attach: { name: 'x' },
  restart: { arguments: { program: '/m.nn.yaml' } },
  disconnect: { restart: false, terminateDebuggee: true },
  terminate: {},
  configurationDone: {},
  setBreakpoints: { source: { name: 'm.nn.yaml', path: '/m.nn.yaml' }, lines: [3], breakpoints: [{ line: 3, condition: 'loss < 0.5' }, { line: 9, hitCondition: '3' }], sourceModified: false },
  setExceptionBreakpoints: { filters: ['nan_inf'], filterOptions: [{ filterId: 'exploding', condition: '100' }] },
  setFunctionBreakpoints: { breakpoints: [{ name: 'softmax' }, { name: '*/gate_f', condition: 'step > 3', hitCondition: '% 2' }] },
  dataBreakpointInfo: { variablesReference: 12, name: 'hidden.W', frameId: 5 },
  setDataBreakpoints: { breakpoints: [{ dataId: 'hidden.W', accessType: 'write', condition: '> 0.01' }] },
  continue: { threadId: 1 },
  next: { threadId: 1, granularity: 'statement' },
  stepIn: { threadId: 1, targetId: 4 },
  stepOut: { threadId: 1 },
  stepBack: { threadId: 1, singleThread: true },
  reverseContinue: { threadId: 1 },
  pause: { threadId: 1 },
  stackTrace: { threadId: 1, startFrame: 0, levels: 20, format: {} },
  scopes: { frameId: 3 },
  variables: { variablesReference: 7, filter: 'indexed', start: 250, count: 20 },
  evaluate: { expression: 'hidden.W', frameId: 1, context: 'watch' },
  exceptionInfo: { threadId: 1 },
  completions: { frameId: 1, text: 'grad(mem', column: 9, line: 1 },
  gotoTargets: { source: { name: 'm.nn.yaml', path: '/m.nn.yaml' }, line: 9, column: 5 },
  goto: { threadId: 1, targetId: 3 },
  stepInTargets: { frameId: 1 },
  restartFrame: { frameId: 2 },
  setVariable: { variablesReference: 7, name: '[0]', value: '0.5' },
  setExpression: { expression: 'hidden.W[0, 1]', value: '0.5', frameId: 1 },
  cancel: { progressId: 'backstep-data-1' },
};

function message(command: string, args: unknown): string | null {
  const mismatch = checkArguments(command, args);
  return mismatch && Errors.invalidArguments(mismatch).message;
}

describe('the adapter\'s door: request arguments', () => {
  it('covers every request Backstep handles, and lets well-formed arguments through', () => {
    assert.deepEqual([...CHECKED_REQUESTS].sort(), Object.keys(WELL_FORMED).sort());
    for (const [command, args] of Object.entries(WELL_FORMED)) assert.equal(checkArguments(command, args), null, command);
  });

  it('refuses the mistyped arguments of issue 13 with the field, what it must be and what came', () => {
    const cases: [string, unknown, string][] = [
      ['setExceptionBreakpoints', { filters: 'nan_inf' }, 'invalid arguments: setExceptionBreakpoints.filters must be an array, got "nan_inf".'],
      ['setExceptionBreakpoints', null, 'invalid arguments: setExceptionBreakpoints.arguments must be an object, got null.'],
      ['setBreakpoints', { source: { path: '/m.nn.yaml' }, breakpoints: 'x' }, 'invalid arguments: setBreakpoints.breakpoints must be an array, got "x".'],
      ['stackTrace', null, 'invalid arguments: stackTrace.arguments must be an object, got null.'],
      ['setFunctionBreakpoints', { breakpoints: [{ name: 3 }] }, 'invalid arguments: setFunctionBreakpoints.breakpoints[0].name must be a string, got 3.'],
      ['dataBreakpointInfo', { variablesReference: 1.5, name: 'x' }, 'invalid arguments: dataBreakpointInfo.variablesReference must be a whole number, got 1.5.'],
      ['setDataBreakpoints', { breakpoints: [{ dataId: 'hidden.W', accessType: 'peek' }] }, 'invalid arguments: setDataBreakpoints.breakpoints[0].accessType must be "read" or "write" or "readWrite", got "peek".'],
      ['exceptionInfo', null, 'invalid arguments: exceptionInfo.arguments must be an object, got null.'],
      ['evaluate', null, 'invalid arguments: evaluate.arguments must be an object, got null.'],
      ['evaluate', { expression: 42 }, 'invalid arguments: evaluate.expression must be a string, got 42.'],
      ['setVariable', { variablesReference: 7, name: '[0]', value: 0.5 }, 'invalid arguments: setVariable.value must be a string, got 0.5.'],
      ['setExpression', { value: '1' }, 'invalid arguments: setExpression.expression must be a string, but it is missing.'],
      ['initialize', undefined, 'invalid arguments: initialize.adapterID must be a string, but it is missing.'],
      ['stackTrace', undefined, 'invalid arguments: stackTrace.threadId must be a whole number, but it is missing.'],
    ];
    for (const [command, args, expected] of cases) assert.equal(message(command, args), expected);
  });

  it('names the element of a list that is wrong, and the missing required fields', () => {
    assert.equal(message('setBreakpoints', { source: {}, breakpoints: [{ line: 3 }, { line: '4' }] }), 'invalid arguments: setBreakpoints.breakpoints[1].line must be a whole number, got "4".');
    assert.equal(message('setExceptionBreakpoints', { filters: ['nan_inf', 7] }), 'invalid arguments: setExceptionBreakpoints.filters[1] must be a string, got 7.');
    assert.equal(message('variables', { variablesReference: 3, filter: 'all' }), 'invalid arguments: variables.filter must be "indexed" or "named", got "all".');
    assert.equal(message('stackTrace', { threadId: 1, levels: -1 }), 'invalid arguments: stackTrace.levels must be a whole number, at least 0, got -1.');
    assert.equal(message('next', {}), 'invalid arguments: next.threadId must be a whole number, but it is missing.');
    assert.equal(message('scopes', { frameId: 1.5 }), 'invalid arguments: scopes.frameId must be a whole number, got 1.5.');
    assert.equal(message('setBreakpoints', { breakpoints: [] }), 'invalid arguments: setBreakpoints.source must be an object, but it is missing.');
  });

  it('takes an optional field given as null for a wrong one, and a missing optional one as absent', () => {
    assert.match(message('stackTrace', { threadId: 1, startFrame: null }) ?? '', /stackTrace\.startFrame must be a whole number, at least 0, got null/);
    assert.equal(checkArguments('stackTrace', { threadId: 1 }), null);
  });

  it('takes arguments left out for an empty object, and null for wrong', () => {
    for (const command of ['configurationDone', 'terminate', 'disconnect', 'restart', 'launch', 'attach']) {
      assert.equal(checkArguments(command, undefined), null, command);
      assert.match(message(command, null) ?? '', new RegExp(`${command}\\.arguments must be an object`));
    }
  });

  it('reads only the fields that are the request\'s own, never inherited ones', () => {
    assert.equal(message('evaluate', JSON.parse('{"__proto__": {"expression": "x"}}')), 'invalid arguments: evaluate.expression must be a string, but it is missing.');
  });

  it('passes requests it does not know (custom requests read their own arguments; others are refused later)', () => {
    for (const command of ['threads', 'backstep.inspector', 'toString', '__proto__']) assert.equal(checkArguments(command, 'anything'), null, command);
  });

  it('keeps long values short in its message', () => {
    assert.ok((message('scopes', { frameId: 'y'.repeat(10_000) }) ?? '').length < 140);
  });
});
