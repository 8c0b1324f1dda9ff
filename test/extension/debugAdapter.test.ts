import * as assert from 'node:assert/strict';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { writeFileSync } from 'node:fs';
import { FAKE_TENSOR_SIZE } from '../support/fake-session';
import { startInProcessAdapter, TempFiles, type InProcessAdapter } from './support/inProcessAdapter';

/**
 * The debug adapter as a translator: DAP requests in, session requests out, and back. A fake session
 * stands in for the engine (its rules: test/support/fake-session.ts), so what is checked here is the
 * mapping — lines, frames, references, paging, breakpoint ids, errors — not the stepping itself.
 */
const MODEL = ['name: fake', 'model:', '  - layer: hidden', '  - layer: act', '  - layer: out', 'steps: 3', ''].join('\n');
const NAN_MODEL = ['name: fake-nan', 'model:', '  - layer: hidden', '  - layer: nanlog', 'steps: 3', ''].join('\n');

describe('debug adapter (DAP ↔ session, with a fake session)', () => {
  let a: InProcessAdapter;
  let files: TempFiles;
  let program: string;

  beforeEach(async () => {
    files = new TempFiles();
    program = files.write('fake.nn.yaml', MODEL);
    a = await startInProcessAdapter();
  });

  afterEach(async () => {
    await a.close();
    files.dispose();
  });

  async function launch(args: Record<string, unknown> = {}): Promise<DebugProtocol.StoppedEvent> {
    const [, , stopped] = await Promise.all([a.dc.configurationSequence(), a.dc.launch({ program, ...args }), a.dc.waitForEvent('stopped')]);
    return stopped as DebugProtocol.StoppedEvent;
  }

  async function topFrame(): Promise<DebugProtocol.StackFrame> {
    return (await a.dc.stackTraceRequest({ threadId: 1 })).body.stackFrames[0];
  }

  async function evaluate(expression: string): Promise<string> {
    return (await a.dc.evaluateRequest({ expression, context: 'watch' })).body.result;
  }

  async function stopAfter(request: Promise<unknown>): Promise<DebugProtocol.StoppedEvent> {
    const [, stopped] = await Promise.all([request, a.dc.waitForEvent('stopped')]);
    return stopped as DebugProtocol.StoppedEvent;
  }

  describe('initialize', () => {
    it('announces step back, conditions, hit counts, hovers, restart and the five exception filters', async () => {
      const caps = (await a.dc.initializeRequest()).body!;
      assert.equal(caps.supportsStepBack, true);
      assert.equal(caps.supportsConditionalBreakpoints, true);
      assert.equal(caps.supportsHitConditionalBreakpoints, true);
      assert.equal(caps.supportsEvaluateForHovers, true);
      assert.equal(caps.supportsRestartRequest, true);
      assert.equal(caps.supportsConfigurationDoneRequest, true);
      assert.deepEqual(
        caps.exceptionBreakpointFilters!.map((f) => f.filter),
        ['nan_inf', 'exploding', 'vanishing', 'dead_relu', 'op_error'],
      );
      assert.deepEqual(
        caps.exceptionBreakpointFilters!.filter((f) => f.supportsCondition).map((f) => f.filter),
        ['exploding', 'vanishing', 'dead_relu'],
      );
    });
  });

  describe('launch', () => {
    it('stops on entry at the first layer line, innermost frame first', async () => {
      const stopped = await launch({ stopOnEntry: true });
      assert.equal(stopped.body.reason, 'entry');
      assert.equal(stopped.body.threadId, 1);
      const trace = await a.dc.stackTraceRequest({ threadId: 1 });
      const frames = trace.body.stackFrames;
      assert.deepEqual(
        frames.map((f) => f.name),
        ['hidden/y = tanh(…)', 'hidden', 'forward', 'step 1'],
      );
      assert.equal(frames[0].line, 3);
      assert.equal(frames[0].source?.path, program);
      assert.equal(frames[3].presentationHint, 'label');
      assert.equal(trace.body.totalFrames, 4);
    });

    it('passes the file text, the steps override and stopOnEntry to the session', async () => {
      await launch({ steps: 2 });
      assert.equal(a.session.launched?.text, MODEL);
      assert.equal(a.session.launched?.file, program);
      assert.equal(a.session.launched?.steps, 2);
    });

    it('without stopOnEntry runs to the end of training, where it still stops (Step Back works there)', async () => {
      const stopped = await launch({ stopOnEntry: false });
      assert.equal(stopped.body.reason, 'step');
      assert.match(stopped.body.description ?? '', /Training finished after 3 steps/);
      await stopAfter(a.dc.stepBackRequest({ threadId: 1 }));
      assert.equal(await evaluate('step'), '3');
    });

    it('pages a frame slice with startFrame and levels', async () => {
      await launch();
      const trace = await a.dc.stackTraceRequest({ threadId: 1, startFrame: 1, levels: 2 });
      assert.deepEqual(
        trace.body.stackFrames.map((f) => f.name),
        ['hidden', 'forward'],
      );
      assert.equal(trace.body.totalFrames, 4);
    });
  });

  describe('stepping', () => {
    it('steps over, out and back, and says so when it cannot go further back', async () => {
      await launch();
      await stopAfter(a.dc.nextRequest({ threadId: 1 }));
      assert.equal((await topFrame()).line, 4);
      await stopAfter(a.dc.stepInRequest({ threadId: 1 }));
      assert.equal((await topFrame()).line, 5);
      await stopAfter(a.dc.stepOutRequest({ threadId: 1 }));
      assert.equal((await topFrame()).name, 'loss/mse = mse(…)');
      await stopAfter(a.dc.stepBackRequest({ threadId: 1 }));
      assert.equal((await topFrame()).line, 5);
      await stopAfter(a.dc.stepBackRequest({ threadId: 1 }));
      await stopAfter(a.dc.stepBackRequest({ threadId: 1 }));
      assert.equal((await topFrame()).line, 3);
      await assert.rejects(a.dc.stepBackRequest({ threadId: 1 }), /Already at the very start/);
    });

    it('answers continue at once and reports the stop as an event', async () => {
      await launch();
      const [response, stopped] = await Promise.all([a.dc.continueRequest({ threadId: 1 }), a.dc.waitForEvent('stopped')]);
      assert.equal(response.body.allThreadsContinued, true);
      assert.equal(stopped.body.reason, 'step');
    });

    it('reverse-continues back to the start', async () => {
      await launch({ stopOnEntry: false });
      const stopped = await stopAfter(a.dc.reverseContinueRequest({ threadId: 1 }));
      assert.equal(stopped.body.reason, 'entry');
      assert.equal(await evaluate('step'), '1');
    });

    it('goes to a training step on the custom goto request', async () => {
      await launch();
      const [response, stopped] = await Promise.all([a.dc.customRequest('backstep.goto', { trainingStep: 3 }), a.dc.waitForEvent('stopped')]);
      assert.equal(stopped.body.reason, 'goto');
      assert.equal(response.body.location.trainingStep, 3);
      await assert.rejects(a.dc.customRequest('backstep.goto', { trainingStep: 0 }), /backstep.goto.*trainingStep/);
    });

    it('a pause with nothing running is answered and changes nothing', async () => {
      await launch();
      await a.dc.pauseRequest({ threadId: 1 });
      assert.equal((await topFrame()).line, 3);
    });

    it('sends a custom stopped event with the session stop for the editor and the webviews', async () => {
      const [, , custom] = await Promise.all([a.dc.configurationSequence(), a.dc.launch({ program }), a.dc.waitForEvent('backstep.stopped')]);
      assert.equal(custom.body.stop.location.layer, 'hidden');
      assert.equal(custom.body.program, program);
    });
  });

  describe('breakpoints', () => {
    async function setBreakpoints(path: string, breakpoints: DebugProtocol.SourceBreakpoint[]) {
      return (await a.dc.setBreakpointsRequest({ source: { path }, breakpoints })).body.breakpoints;
    }

    it('stops on the Nth hit of a layer line and names the breakpoint VS Code knows', async () => {
      await launch();
      const [bp] = await setBreakpoints(program, [{ line: 4, hitCondition: '2' }]);
      assert.equal(bp.verified, true);
      const stopped = await stopAfter(a.dc.continueRequest({ threadId: 1 }));
      assert.equal(stopped.body.reason, 'breakpoint');
      assert.deepEqual(stopped.body.hitBreakpointIds, [bp.id]);
      assert.equal((await topFrame()).line, 4);
      assert.equal(await evaluate('step'), '2');
    });

    it('hands the condition to the session and stops only where it holds', async () => {
      await launch();
      await setBreakpoints(program, [{ line: 3, condition: 'step >= 3' }]);
      const setRequest = a.session.requests.find((r) => r.command === 'setBreakpoints');
      assert.deepEqual(setRequest, { command: 'setBreakpoints', breakpoints: [{ line: 3, condition: 'step >= 3' }] });
      await stopAfter(a.dc.continueRequest({ threadId: 1 }));
      assert.equal(await evaluate('step'), '3');
    });

    it('breakpoints set before configurationDone are hit when not stopping on entry', async () => {
      await Promise.all([
        a.dc.waitForEvent('initialized').then(async () => {
          await setBreakpoints(program, [{ line: 5 }]);
          await a.dc.configurationDoneRequest();
        }),
        a.dc.launch({ program, stopOnEntry: false }),
        a.dc.assertStoppedLocation('breakpoint', { path: program, line: 5 }),
      ]);
    });

    it('a line that is no layer is unverified, with the session message', async () => {
      await launch();
      const [bp] = await setBreakpoints(program, [{ line: 1 }]);
      assert.equal(bp.verified, false);
      assert.match(bp.message ?? '', /no layer/);
    });

    it('breakpoints in another file are unverified and never reach the session', async () => {
      await launch();
      const [bp] = await setBreakpoints(files.path('other.nn.yaml'), [{ line: 3 }]);
      assert.equal(bp.verified, false);
      assert.match(bp.message ?? '', /only in the model file being debugged/);
      assert.equal(a.session.requests.filter((r) => r.command === 'setBreakpoints').length, 0);
    });
  });

  describe('exception breakpoints', () => {
    it('stops where a NaN is produced and explains it in exceptionInfo', async () => {
      program = files.write('nan.nn.yaml', NAN_MODEL);
      await launch();
      await a.dc.setExceptionBreakpointsRequest({ filters: ['nan_inf'] });
      const stopped = await stopAfter(a.dc.continueRequest({ threadId: 1 }));
      assert.equal(stopped.body.reason, 'exception');
      assert.match(stopped.body.text ?? '', /NaN produced by nanlog\/y/);
      const info = await a.dc.exceptionInfoRequest({ threadId: 1 });
      assert.equal(info.body.exceptionId, 'nan_inf');
      assert.equal(info.body.breakMode, 'always');
    });

    it('runs past the NaN when the filter is switched off after the start', async () => {
      program = files.write('nan.nn.yaml', NAN_MODEL);
      await launch();
      await a.dc.setExceptionBreakpointsRequest({ filters: [] });
      const stopped = await stopAfter(a.dc.continueRequest({ threadId: 1 }));
      assert.match(stopped.body.description ?? '', /Training finished/);
    });

    it('at start-up adds the ticked filters to the file\'s own, with thresholds from conditions', async () => {
      await Promise.all([
        a.dc.waitForEvent('initialized').then(async () => {
          const r = await a.dc.setExceptionBreakpointsRequest({ filters: [], filterOptions: [{ filterId: 'exploding', condition: '> 100' }] });
          assert.deepEqual(
            r.body?.breakpoints?.map((b) => b.verified),
            [true],
          );
          await a.dc.configurationDoneRequest();
        }),
        a.dc.launch({ program }),
        a.dc.waitForEvent('stopped'),
      ]);
      const sent = a.session.requests.find((r) => r.command === 'setExceptionBreakpoints');
      assert.deepEqual(sent, { command: 'setExceptionBreakpoints', filters: [{ filter: 'nan_inf' }, { filter: 'exploding', threshold: 100 }] });
    });

    it('a threshold that is not a positive number is unverified with a message', async () => {
      await launch();
      const r = await a.dc.setExceptionBreakpointsRequest({ filters: [], filterOptions: [{ filterId: 'vanishing', condition: 'tiny' }, { filterId: 'dead_relu', condition: '2' }] });
      const [vanishing, dead] = r.body!.breakpoints!;
      assert.equal(vanishing.verified, false);
      assert.match(vanishing.message ?? '', /positive number/);
      assert.equal(dead.verified, false);
      assert.match(dead.message ?? '', /fraction/);
    });

    it('the launch option breakOn replaces the file\'s switches', async () => {
      await launch({ breakOn: { nan_inf: false, vanishing: 1e-6 } });
      assert.deepEqual(a.session.launched?.exceptionFilters, [{ filter: 'vanishing', threshold: 1e-6 }]);
    });
  });

  describe('variables and evaluate', () => {
    it('maps scopes and variables to integer references and pages a large tensor', async () => {
      await launch();
      const scopes = (await a.dc.scopesRequest({ frameId: 4 })).body.scopes;
      assert.deepEqual(
        scopes.map((s) => s.name),
        ['Op', 'Training'],
      );
      const vars = (await a.dc.variablesRequest({ variablesReference: scopes[0].variablesReference })).body.variables;
      const x = vars.find((v) => v.name === 'x')!;
      assert.equal(x.indexedVariables, FAKE_TENSOR_SIZE);
      assert.ok(x.variablesReference > 0);
      const named = await a.dc.variablesRequest({ variablesReference: x.variablesReference, filter: 'named' });
      assert.deepEqual(named.body.variables, []);
      const page = (await a.dc.variablesRequest({ variablesReference: x.variablesReference, filter: 'indexed', start: 100, count: 50 })).body.variables;
      assert.equal(page.length, 50);
      assert.equal(page[0].name, '[100]');
      assert.equal(page[0].value, '50');
      assert.equal(page[49].evaluateName, 'x[149]');
      assert.deepEqual(a.session.requests.at(-1), { command: 'variables', ref: 'x', start: 100, count: 50 });
    });

    it('evaluates names and indexed values, and expandable results get a reference', async () => {
      await launch();
      assert.equal(await evaluate('x[3]'), '1.5');
      const x = await a.dc.evaluateRequest({ expression: 'x', context: 'hover' });
      assert.equal(x.body.indexedVariables, FAKE_TENSOR_SIZE);
      const rows = await a.dc.variablesRequest({ variablesReference: x.body.variablesReference, filter: 'indexed', start: 0, count: 3 });
      assert.deepEqual(
        rows.body.variables.map((v) => v.value),
        ['0', '0.5', '1'],
      );
      await assert.rejects(a.dc.evaluateRequest({ expression: 'nope', context: 'repl' }), /unknown name in "nope"/);
    });

    it('a reference from an earlier stop is refused as stale', async () => {
      await launch();
      const scopes = (await a.dc.scopesRequest({ frameId: 4 })).body.scopes;
      await stopAfter(a.dc.nextRequest({ threadId: 1 }));
      await assert.rejects(a.dc.variablesRequest({ variablesReference: scopes[0].variablesReference }), /no longer available/);
    });

    it('serves tensor slices to the webviews and checks their bounds', async () => {
      await launch();
      const slice = await a.dc.customRequest('backstep.tensorSlice', { name: 'x', start: 10, count: 2 });
      assert.deepEqual(slice.body.values, [5, 5.5]);
      await assert.rejects(a.dc.customRequest('backstep.tensorSlice', { name: 'x', start: -1, count: 2 }), /backstep.tensorSlice/);
      await assert.rejects(a.dc.customRequest('backstep.tensorSlice', { name: 'x', start: 0, count: 1e6 }), /backstep.tensorSlice/);
    });
  });

  describe('restart', () => {
    it('reads the changed file, starts a new session at its entry and keeps the breakpoints', async () => {
      await launch();
      await a.dc.setBreakpointsRequest({ source: { path: program }, breakpoints: [{ line: 5 }] });
      const first = a.session;
      writeFileSync(program, ['name: fake', '', 'model:', '  - layer: input', '  - layer: hidden', '  - layer: out', ''].join('\n'));
      const stopped = await stopAfter(a.dc.restartRequest({}));
      assert.equal(stopped.body.reason, 'entry');
      assert.equal(first.disposed, true);
      assert.notEqual(a.session, first);
      assert.equal((await topFrame()).line, 4);
      assert.deepEqual(
        a.session.requests.find((r) => r.command === 'setBreakpoints'),
        { command: 'setBreakpoints', breakpoints: [{ line: 5 }] },
      );
    });

    it('a broken file on restart is an error with its located diagnostics, and the old session stays', async () => {
      await launch();
      writeFileSync(program, `${MODEL}oops: !!broken\n`);
      await assert.rejects(a.dc.restartRequest({}), (e: Error) => /has 1 error/.test(e.message) && e.message.includes(`${program}:7:7: E_YAML a broken line`));
      assert.equal((await topFrame()).line, 3);
    });
  });

  describe('bad launches: an error response, and the adapter still works', () => {
    async function launchFails(args: Record<string, unknown>, expected: RegExp): Promise<void> {
      await assert.rejects(a.dc.launch(args), expected);
    }

    it('without program', async () => {
      await launchFails({}, /needs `program`/);
    });

    it('a missing file', async () => {
      await launchFails({ program: files.path('missing.nn.yaml') }, /Cannot find the model file .*missing\.nn\.yaml/);
    });

    it('a folder instead of a file', async () => {
      await launchFails({ program: files.path('') }, /Cannot read the model file .*it is a folder/);
    });

    it('a broken model file, with every located error in the message', async () => {
      const broken = files.write('broken.nn.yaml', 'model:\n  - layer: a !!broken\nx: !!broken\n');
      await launchFails({ program: broken }, /has 2 errors[\s\S]*broken\.nn\.yaml:2:14: E_YAML[\s\S]*broken\.nn\.yaml:3:4: E_YAML/);
      assert.equal(a.session.disposed, true);
    });

    it('wrong options', async () => {
      await launchFails({ program, steps: 0 }, /`steps` is a whole number/);
      await assert.rejects(a.dc.launchRequest({ program, stopOnEntry: 'yes' } as DebugProtocol.LaunchRequestArguments), /`stopOnEntry` is true or false/);
      await assert.rejects(a.dc.launchRequest({ program, breakOn: { nan: true } } as DebugProtocol.LaunchRequestArguments), /no filter "nan"/);
      await assert.rejects(a.dc.launchRequest({ program, breakOn: { exploding: -1 } } as DebugProtocol.LaunchRequestArguments), /positive number/);
    });

    it('after a failed launch a good one works', async () => {
      await launchFails({ program: files.path('missing.nn.yaml') }, /Cannot find/);
      const [, , stopped] = await Promise.all([a.dc.configurationSequence(), a.dc.launchRequest({ program } as DebugProtocol.LaunchRequestArguments), a.dc.waitForEvent('stopped')]);
      assert.equal(stopped.body.reason, 'entry');
    });
  });

  describe('unexpected or out-of-order requests', () => {
    it('stepping, stack traces and evaluation before a launch are refused with a reason', async () => {
      await a.dc.initializeRequest();
      await assert.rejects(a.dc.nextRequest({ threadId: 1 }), /no model is running yet/);
      await assert.rejects(a.dc.stackTraceRequest({ threadId: 1 }), /no model is running yet/);
      await assert.rejects(a.dc.evaluateRequest({ expression: 'x' }), /no model is running yet/);
      await assert.rejects(a.dc.restartRequest({}), /no model is running yet/);
      assert.deepEqual((await a.dc.threadsRequest()).body.threads, []);
    });

    it('breakpoints set before a launch are kept unverified, then applied', async () => {
      await a.dc.initializeRequest();
      const early = await a.dc.setBreakpointsRequest({ source: { path: program }, breakpoints: [{ line: 4 }] });
      assert.equal(early.body.breakpoints[0].verified, false);
      await launch({ stopOnEntry: false });
      assert.equal((await topFrame()).line, 4);
    });

    it('a second launch, an unknown thread, a bogus reference, an unknown custom request, attach', async () => {
      await launch();
      await assert.rejects(a.dc.launchRequest({ program } as DebugProtocol.LaunchRequestArguments), /already runs a model/);
      await assert.rejects(a.dc.nextRequest({ threadId: 7 }), /no thread 7/);
      await assert.rejects(a.dc.variablesRequest({ variablesReference: 999 }), /no longer available/);
      await assert.rejects(a.dc.customRequest('explode'), /does not support the request `explode`/);
      await assert.rejects(a.dc.attachRequest({}), /does not support the request `attach`/);
      await assert.rejects(a.dc.exceptionInfoRequest({ threadId: 1 }), /not stopped on an exception/);
      await assert.rejects(a.dc.evaluateRequest({ expression: '  ' }), /expression is empty/);
      assert.equal((await topFrame()).line, 3);
    });

    it('requests after terminate are refused, and terminate ends the session', async () => {
      await launch();
      await Promise.all([a.dc.terminateRequest(), a.dc.waitForEvent('terminated')]);
      assert.equal(a.session.disposed, true);
      await assert.rejects(a.dc.nextRequest({ threadId: 1 }), /no model is running/);
    });
  });

  describe('run without debugging', () => {
    it('trains to the end without stopping, prints progress and terminates', async () => {
      await a.dc.setBreakpointsRequest({ source: { path: program }, breakpoints: [{ line: 4 }] });
      const output: string[] = [];
      a.dc.on('output', (e: DebugProtocol.OutputEvent) => output.push(e.body.output));
      let stops = 0;
      a.dc.on('stopped', () => stops++);
      await Promise.all([a.dc.configurationSequence(), a.dc.launch({ program, noDebug: true }), a.dc.waitForEvent('terminated')]);
      assert.equal(stops, 0);
      assert.deepEqual(a.session.launched?.exceptionFilters, []);
      assert.match(output.join(''), /step 1\/3  loss 1\.0000[\s\S]*step 2\/3[\s\S]*Training finished after 3 steps/);
    });
  });
});
