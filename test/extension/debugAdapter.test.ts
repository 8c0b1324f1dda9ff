import * as assert from 'node:assert/strict';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkModel } from '../../engine/model/check';
import { exceptionFilterDef, labelWithThreshold } from '../../engine/model/catalog/exceptionFilters';
import { startInProcessAdapter, TempFiles, type InProcessAdapter } from './support/inProcessAdapter';
import { layerLines, OVERFLOW, WIDE } from './support/models';

/**
 * The debug adapter as a translator: DAP requests in, session requests out, and back, with the
 * engine's real session behind the in-process port. What is checked is the mapping — lines, frames,
 * references, paging, breakpoint ids, errors, the order of start-up — on small model files whose
 * lines and numbers are read from the files themselves.
 */
const SMALL = `name: small
data: { task: xor }
model:
  - linear: { name: hidden, out: 3 }
  - tanh: { name: act }
  - linear: { name: out, out: 1 }
loss: mse
training: { steps: 3 }
`;

const LSTM = join(__dirname, '..', '..', 'samples', 'lstm-memory.nn.yaml');

const lines = layerLines(SMALL);
const line = (layer: string) => lines.get(layer)!;

describe('debug adapter (DAP ↔ the engine session, in process)', function () {
  this.timeout(20_000);
  let a: InProcessAdapter;
  let files: TempFiles;
  let program: string;

  beforeEach(async () => {
    files = new TempFiles();
    program = files.write('small.nn.yaml', SMALL);
    a = await startInProcessAdapter();
  });

  afterEach(async () => {
    await a.close();
    files.dispose();
  });

  /** A new adapter that knows the launch configuration before `initialize`, as VS Code's inline one does. */
  async function hinted(hint: Record<string, unknown>): Promise<void> {
    await a.close();
    a = await startInProcessAdapter(hint);
  }

  async function launch(args: Record<string, unknown> = {}): Promise<DebugProtocol.StoppedEvent> {
    const [, , stopped] = await Promise.all([a.dc.configurationSequence(), a.dc.launch({ program, ...args }), a.dc.waitForEvent('stopped')]);
    return stopped as DebugProtocol.StoppedEvent;
  }

  async function frames(): Promise<DebugProtocol.StackFrame[]> {
    return (await a.dc.stackTraceRequest({ threadId: 1 })).body.stackFrames;
  }

  async function topFrame(): Promise<DebugProtocol.StackFrame> {
    return (await frames())[0];
  }

  async function evaluate(expression: string): Promise<string> {
    return (await a.dc.evaluateRequest({ expression, context: 'watch' })).body.result;
  }

  async function stopAfter(request: Promise<unknown>): Promise<DebugProtocol.StoppedEvent> {
    const [, stopped] = await Promise.all([request, a.dc.waitForEvent('stopped')]);
    return stopped as DebugProtocol.StoppedEvent;
  }

  /** Every number in a value such as `[2] float64 [0.116, −0.02167]` (with the typographic minus). */
  function numbers(value: string): number[] {
    const list = /\[([^\]]*)\]\s*$/.exec(value)?.[1] ?? '';
    return list.split(',').map((s) => Number(s.trim().replace('−', '-')));
  }

  describe('initialize', () => {
    it('announces step back, conditions, hit counts, hovers, Copy Value, completions, restart, goto, step-in targets, restart frame and the five exception filters', async () => {
      const caps = (await a.dc.initializeRequest()).body!;
      assert.equal(caps.supportsClipboardContext, true);
      assert.equal(caps.supportsCompletionsRequest, true);
      assert.deepEqual(caps.completionTriggerCharacters, ['.', '/', '(']);
      assert.equal(caps.supportsStepBack, true);
      assert.equal(caps.supportsConditionalBreakpoints, true);
      assert.equal(caps.supportsHitConditionalBreakpoints, true);
      assert.equal(caps.supportsLogPoints, true);
      assert.equal(caps.supportsFunctionBreakpoints, true);
      assert.equal(caps.supportsDataBreakpoints, true);
      assert.equal(caps.supportsEvaluateForHovers, true);
      assert.equal(caps.supportsRestartRequest, true);
      assert.equal(caps.supportsConfigurationDoneRequest, true);
      assert.equal(caps.supportsGotoTargetsRequest, true);
      assert.equal(caps.supportsStepInTargetsRequest, true);
      assert.equal(caps.supportsRestartFrame, true);
      assert.deepEqual(
        caps.exceptionBreakpointFilters!.map((f) => f.filter),
        ['nan_inf', 'exploding', 'vanishing', 'dead_relu', 'op_error'],
      );
      assert.deepEqual(
        caps.exceptionBreakpointFilters!.filter((f) => f.supportsCondition).map((f) => f.filter),
        ['exploding', 'vanishing', 'dead_relu'],
      );
    });

    it('without a launch configuration beforehand, offers the table\'s defaults', async () => {
      const filters = (await a.dc.initializeRequest()).body!.exceptionBreakpointFilters!;
      assert.deepEqual(
        filters.map((f) => [f.filter, f.default]),
        [
          ['nan_inf', true],
          ['exploding', false],
          ['vanishing', false],
          ['dead_relu', false],
          ['op_error', true],
        ],
      );
      assert.equal(filters[1].label, 'Exploding gradients: ‖∇‖ > 100');
    });

    it('knowing the launch configuration, the Breakpoints view gets the file\'s break_on ticked, thresholds in the labels', async () => {
      await hinted({ program: LSTM });
      const filters = (await a.dc.initializeRequest()).body!.exceptionBreakpointFilters!;
      const breakOn = checkModel(readFileSync(LSTM, 'utf8')).spec!.debug.breakOn;
      const exploding = filters.find((f) => f.filter === 'exploding')!;
      const vanishing = filters.find((f) => f.filter === 'vanishing')!;
      assert.deepEqual([exploding.default, exploding.label], [true, `Exploding gradients: ‖∇‖ > ${breakOn.exploding}`]);
      assert.deepEqual([vanishing.default, vanishing.label], [true, labelWithThreshold(exceptionFilterDef('vanishing')!, breakOn.vanishing as number)]);
      assert.equal(filters.find((f) => f.filter === 'dead_relu')!.default, false);
      assert.match(exploding.description ?? '', /lstm-memory\.nn\.yaml/);
    });

    it('a launch configuration\'s breakOn is what is offered; an unreadable program falls back to the defaults', async () => {
      await hinted({ program, breakOn: { dead_relu: 0.5 } });
      const offered = (await a.dc.initializeRequest()).body!.exceptionBreakpointFilters!;
      assert.deepEqual(
        offered.filter((f) => f.default).map((f) => f.label),
        ['Dead ReLUs: dead fraction ≥ 0.5', 'Op errors'],
      );
      await hinted({ program: files.path('missing.nn.yaml') });
      const fallback = (await a.dc.initializeRequest()).body!.exceptionBreakpointFilters!;
      assert.deepEqual(
        fallback.filter((f) => f.default).map((f) => f.filter),
        ['nan_inf', 'op_error'],
      );
    });
  });

  describe('launch', () => {
    it('stops on entry at the first layer line, innermost frame first', async () => {
      const stopped = await launch({ stopOnEntry: true });
      assert.equal(stopped.body.reason, 'entry');
      assert.equal(stopped.body.threadId, 1);
      const trace = await a.dc.stackTraceRequest({ threadId: 1 });
      assert.deepEqual(
        trace.body.stackFrames.map((f) => f.name),
        ['hidden (linear)', 'forward', 'step 1'],
      );
      assert.equal(trace.body.stackFrames[0].line, line('hidden'));
      assert.equal(trace.body.stackFrames[0].source?.path, program);
      assert.equal(trace.body.totalFrames, 3);
    });

    it('passes the file text and the overrides to the session, which starts once configured', async () => {
      await launch({ steps: 2, stopOnEntry: true });
      assert.equal(a.session.launched?.text, SMALL);
      assert.equal(a.session.launched?.file, program);
      assert.equal(a.session.launched?.steps, 2);
      assert.equal(a.session.launched?.stopOnEntry, true);
      assert.equal(a.session.starts, 1);
    });

    it('the order of start-up: launch answered, then initialized, and the first stop only after configurationDone', async () => {
      const order: string[] = [];
      a.dc.on('initialized', () => order.push('initialized'));
      a.dc.on('stopped', () => order.push('stopped'));
      await Promise.all([
        a.dc.launch({ program }).then(() => order.push('launch answered')),
        a.dc.waitForEvent('initialized').then(async () => {
          await new Promise((r) => setTimeout(r, 50));
          order.push('configurationDone');
          await a.dc.configurationDoneRequest();
        }),
        a.dc.waitForEvent('stopped'),
      ]);
      assert.deepEqual(order, ['launch answered', 'initialized', 'configurationDone', 'stopped']);
    });

    it('without stopOnEntry runs to the end of training, where it still stops (Step Back works there)', async () => {
      const stopped = await launch({ stopOnEntry: false });
      assert.equal(stopped.body.reason, 'step');
      assert.match(stopped.body.description ?? '', /all 3 steps are done/);
      await stopAfter(a.dc.stepBackRequest({ threadId: 1 }));
      assert.equal(await evaluate('step'), '3');
    });

    it('the file\'s stop_on_entry decides when the launch does not say', async () => {
      program = files.write('quiet.nn.yaml', `${SMALL}debug: { stop_on_entry: false }\n`);
      const stopped = await launch();
      assert.match(stopped.body.description ?? '', /all 3 steps are done/);
    });

    it('pages a frame slice with startFrame and levels', async () => {
      await launch();
      const trace = await a.dc.stackTraceRequest({ threadId: 1, startFrame: 1, levels: 2 });
      assert.deepEqual(
        trace.body.stackFrames.map((f) => f.name),
        ['forward', 'step 1'],
      );
      assert.equal(trace.body.totalFrames, 3);
    });
  });

  describe('stepping', () => {
    it('steps over, in, out and back, and says so when it cannot go further back', async () => {
      await launch();
      await stopAfter(a.dc.nextRequest({ threadId: 1 }));
      assert.equal((await topFrame()).line, line('act'));
      await stopAfter(a.dc.nextRequest({ threadId: 1 }));
      assert.equal((await topFrame()).line, line('out'));
      await stopAfter(a.dc.stepInRequest({ threadId: 1 }));
      const inside = await frames();
      assert.equal(inside.length, 4, 'an op frame on top of the layer');
      assert.equal(inside[1].name, 'out (linear)');
      await stopAfter(a.dc.stepOutRequest({ threadId: 1 }));
      assert.equal((await frames()).length, 3, 'back at the level of layers');
      assert.notEqual((await topFrame()).name, 'out (linear)');
      // Step Back retraces the stops above in reverse: the op stepped into, the layer, act, hidden.
      await stopAfter(a.dc.stepBackRequest({ threadId: 1 }));
      assert.equal((await frames()).length, 4, 'back in the op stepped out of');
      await stopAfter(a.dc.stepBackRequest({ threadId: 1 }));
      assert.equal((await frames()).length, 3, 'back at the layer stepped into');
      assert.equal((await topFrame()).line, line('out'));
      await stopAfter(a.dc.stepBackRequest({ threadId: 1 }));
      assert.equal((await topFrame()).line, line('act'));
      await stopAfter(a.dc.stepBackRequest({ threadId: 1 }));
      assert.equal((await topFrame()).line, line('hidden'));
      const start = await stopAfter(a.dc.stepBackRequest({ threadId: 1 }));
      assert.match(start.body.description ?? '', /nothing before step 1/);
      assert.equal((await topFrame()).line, line('hidden'));
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
      assert.equal((await topFrame()).line, line('hidden'));
      assert.equal(a.session.requests.filter((r) => r.command === 'pause').length, 0);
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
      // A layer's breakpoint is hit in the forward and in the backward pass: the third hit is step 2's forward pass.
      const [bp] = await setBreakpoints(program, [{ line: line('act'), hitCondition: '3' }]);
      assert.equal(bp.verified, true);
      const stopped = await stopAfter(a.dc.continueRequest({ threadId: 1 }));
      assert.equal(stopped.body.reason, 'breakpoint');
      assert.deepEqual(stopped.body.hitBreakpointIds, [bp.id]);
      assert.equal((await topFrame()).line, line('act'));
      assert.equal(await evaluate('step'), '2');
    });

    it('hands the condition to the session and stops only where it holds', async () => {
      await launch();
      await setBreakpoints(program, [{ line: line('hidden'), condition: 'step >= 3' }]);
      const setRequest = a.session.requests.find((r) => r.command === 'setBreakpoints');
      assert.deepEqual(setRequest, { command: 'setBreakpoints', breakpoints: [{ line: line('hidden'), condition: 'step >= 3' }] });
      await stopAfter(a.dc.continueRequest({ threadId: 1 }));
      assert.equal(await evaluate('step'), '3');
    });

    it('breakpoints set before configurationDone are hit when not stopping on entry', async () => {
      await Promise.all([
        a.dc.waitForEvent('initialized').then(async () => {
          await setBreakpoints(program, [{ line: line('out') }]);
          await a.dc.configurationDoneRequest();
        }),
        a.dc.launch({ program, stopOnEntry: false }),
        a.dc.assertStoppedLocation('breakpoint', { path: program, line: line('out') }),
      ]);
    });

    it('a line that is no layer is unverified, with the session message', async () => {
      await launch();
      const [bp] = await setBreakpoints(program, [{ line: 1 }]);
      assert.equal(bp.verified, false);
      assert.match(bp.message ?? '', /not in a layer/);
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
    const overflowLines = layerLines(OVERFLOW);

    it('stops where a NaN is produced and explains it in exceptionInfo', async () => {
      program = files.write('overflow.nn.yaml', OVERFLOW);
      await launch();
      await a.dc.setExceptionBreakpointsRequest({ filters: ['nan_inf'] });
      const stopped = await stopAfter(a.dc.continueRequest({ threadId: 1 }));
      assert.equal(stopped.body.reason, 'exception');
      assert.match(stopped.body.text ?? '', /NaN produced by norm\//);
      assert.equal((await topFrame()).line, overflowLines.get('norm'));
      const info = await a.dc.exceptionInfoRequest({ threadId: 1 });
      assert.equal(info.body.exceptionId, 'nan_inf');
      assert.equal(info.body.breakMode, 'always');
    });

    it('runs past the NaN when the filter is switched off after the start', async () => {
      program = files.write('overflow.nn.yaml', OVERFLOW);
      await launch();
      await a.dc.setExceptionBreakpointsRequest({ filters: [] });
      const stopped = await stopAfter(a.dc.continueRequest({ threadId: 1 }));
      assert.match(stopped.body.description ?? '', /all 3 steps are done/);
    });

    it('with no word from the view, the file\'s break_on holds', async () => {
      program = files.write('overflow.nn.yaml', OVERFLOW);
      await launch();
      const stopped = await stopAfter(a.dc.continueRequest({ threadId: 1 }));
      assert.equal(stopped.body.reason, 'exception');
      assert.equal(a.session.requests.filter((r) => r.command === 'setExceptionBreakpoints').length, 0);
    });

    it('at start-up the view\'s filters replace the file\'s; an empty condition is the threshold the label showed', async () => {
      program = files.write('watched.nn.yaml', `${SMALL}debug: { break_on: { nan_inf: true, exploding: 50 } }\n`);
      await hinted({ program });
      await Promise.all([
        a.dc.waitForEvent('initialized').then(async () => {
          const r = await a.dc.setExceptionBreakpointsRequest({ filters: [], filterOptions: [{ filterId: 'exploding' }, { filterId: 'vanishing', condition: '< 1e9' }] });
          assert.deepEqual(
            r.body?.breakpoints?.map((b) => b.verified),
            [true, true],
          );
          await a.dc.configurationDoneRequest();
        }),
        a.dc.initializeRequest().then(() => a.dc.launch({ program })),
        a.dc.waitForEvent('stopped'),
      ]);
      const sent = a.session.requests.filter((r) => r.command === 'setExceptionBreakpoints');
      assert.deepEqual(sent, [{ command: 'setExceptionBreakpoints', filters: [{ filter: 'exploding', threshold: 50 }, { filter: 'vanishing', threshold: 1e9 }] }]);
      const stopped = await stopAfter(a.dc.continueRequest({ threadId: 1 }));
      assert.equal(stopped.body.reason, 'exception');
      assert.equal((await a.dc.exceptionInfoRequest({ threadId: 1 })).body.exceptionId, 'vanishing');
    });

    it('a change in the view applies to the running session', async () => {
      program = LSTM;
      await launch();
      await a.dc.setExceptionBreakpointsRequest({ filters: [] });
      const [, stopped] = await Promise.all([
        a.dc.continueRequest({ threadId: 1 }).then(async () => {
          await new Promise((r) => setTimeout(r, 100));
          await a.dc.setExceptionBreakpointsRequest({ filters: [], filterOptions: [{ filterId: 'exploding', condition: '1e-12' }] });
        }),
        a.dc.waitForEvent('stopped'),
      ]);
      assert.equal(stopped.body.reason, 'exception');
      assert.equal((await a.dc.exceptionInfoRequest({ threadId: 1 })).body.exceptionId, 'exploding');
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
      program = files.write('wide.nn.yaml', WIDE);
      await launch();
      const scopes = (await a.dc.scopesRequest({ frameId: (await topFrame()).id })).body.scopes;
      assert.ok(scopes.length >= 2);
      assert.ok(scopes.every((s) => s.variablesReference > 0));
      const layer = (await a.dc.variablesRequest({ variablesReference: scopes[1].variablesReference })).body.variables;
      const W = layer.find((v) => v.name === 'wide.W')!;
      assert.equal(W.indexedVariables, 300);
      assert.ok(W.variablesReference > 0);
      const named = await a.dc.variablesRequest({ variablesReference: W.variablesReference, filter: 'named' });
      assert.deepEqual(named.body.variables, []);
      const page = (await a.dc.variablesRequest({ variablesReference: W.variablesReference, filter: 'indexed', start: 100, count: 50 })).body.variables;
      const asked = a.session.requests.at(-1);
      assert.ok(asked?.command === 'variables');
      assert.deepEqual([asked.start, asked.count], [100, 50]);
      assert.equal(page.length, 50);
      assert.equal(page[0].name, '[100]');
      assert.deepEqual(numbers(page[0].value), numbers(await evaluate('wide.W[100]')));
      assert.equal(page[49].evaluateName, 'wide.W[149]');
    });

    it('evaluates names and indexed values, and expandable results get a reference', async () => {
      await launch();
      const W = await a.dc.evaluateRequest({ expression: 'hidden.W', context: 'hover' });
      assert.ok(W.body.variablesReference > 0);
      const rows = (await a.dc.variablesRequest({ variablesReference: W.body.variablesReference })).body.variables;
      assert.equal(rows.length, 3);
      assert.deepEqual(numbers(rows[1].value), numbers(await evaluate('hidden.W[1]')));
      assert.deepEqual(
        numbers(W.body.result),
        rows.flatMap((r) => numbers(r.value)),
      );
      await assert.rejects(a.dc.evaluateRequest({ expression: 'nope', context: 'repl' }), /unknown name nope/);
    });

    it('a reference from an earlier stop is refused as stale', async () => {
      await launch();
      const scopes = (await a.dc.scopesRequest({ frameId: (await topFrame()).id })).body.scopes;
      await stopAfter(a.dc.nextRequest({ threadId: 1 }));
      await assert.rejects(a.dc.variablesRequest({ variablesReference: scopes[0].variablesReference }), /no longer available/);
    });

    it('serves tensor slices to the webviews and checks their bounds', async () => {
      await launch();
      const slice = await a.dc.customRequest('backstep.tensorSlice', { name: 'hidden.W', start: 2, count: 2 });
      // Row 1 of the [3,2] weights, in full precision; the Watch view shows 4 digits.
      const shown = numbers(await evaluate('hidden.W[1]'));
      assert.equal(slice.body.values.length, 2);
      slice.body.values.forEach((v: number, i: number) => assert.ok(Math.abs(v - shown[i]) <= 5e-4 * Math.abs(shown[i]), `${v} shown as ${shown[i]}`));
      await assert.rejects(a.dc.customRequest('backstep.tensorSlice', { name: 'hidden.W', start: -1, count: 2 }), /backstep.tensorSlice/);
      await assert.rejects(a.dc.customRequest('backstep.tensorSlice', { name: 'hidden.W', start: 0, count: 1e6 }), /backstep.tensorSlice/);
    });

    it('draws an expression for the Inspector as structure (shape, stats, values), and names a bad one', async () => {
      await launch();
      const plot = (await a.dc.customRequest('backstep.tensorPlot', { expression: 'hidden.W' })).body;
      assert.equal(plot.kind, 'tensor');
      assert.deepEqual(plot.shape, [3, 2]);
      assert.deepEqual(plot.grid.values.slice(2, 4), (await a.dc.customRequest('backstep.tensorSlice', { name: 'hidden.W', start: 2, count: 2 })).body.values);
      assert.equal(plot.histogram.counts.reduce((x: number, y: number) => x + y, 0), 6);
      await assert.rejects(a.dc.customRequest('backstep.tensorPlot', { expression: 'nope' }), /unknown name nope/);
      await assert.rejects(a.dc.customRequest('backstep.tensorPlot', {}), /backstep.tensorPlot/);
    });

    it('answers "Save Weights" with every parameter at the stop under PyTorch names, exact, and checks its argument', async () => {
      await launch();
      const saved = (await a.dc.customRequest('backstep.saveWeights', { optimizer: false })).body;
      assert.deepEqual(saved.tensors.map((t: { name: string }) => t.name), ['hidden.weight', 'hidden.bias', 'out.weight', 'out.bias']);
      const weight = saved.tensors[0];
      assert.deepEqual(weight.shape, [3, 2]);
      assert.deepEqual(weight.data.slice(2, 4), (await a.dc.customRequest('backstep.tensorSlice', { name: 'hidden.W', start: 2, count: 2 })).body.values);
      assert.equal(saved.model, 'small');
      await assert.rejects(a.dc.customRequest('backstep.saveWeights', { optimizer: 'yes' }), /backstep.saveWeights/);
    });
  });

  describe('the stops VS Code is told of', () => {
    it('each stop comes after a `continued` event, so the Call Stack drops the previous stop\'s description (a step, a jump, a Restart)', async () => {
      await launch();
      const events: string[] = [];
      a.dc.on('continued', () => events.push('continued'));
      a.dc.on('stopped', (e) => events.push(`stopped ${(e as DebugProtocol.StoppedEvent).body.reason}`));
      await stopAfter(a.dc.nextRequest({ threadId: 1 }));
      await stopAfter(a.dc.customRequest('backstep.goto', { trainingStep: 2 }));
      await stopAfter(a.dc.restartRequest({}));
      assert.deepEqual(events, ['continued', 'stopped step', 'continued', 'stopped goto', 'continued', 'stopped entry']);
    });
  });

  describe('restart', () => {
    it('reads the changed file, starts a new session at its entry and keeps the breakpoints and the view\'s filters', async () => {
      await launch();
      await a.dc.setBreakpointsRequest({ source: { path: program }, breakpoints: [{ line: line('out') + 2 }] });
      await a.dc.setExceptionBreakpointsRequest({ filters: ['op_error'] });
      const first = a.session;
      writeFileSync(program, `# two more lines\n# above the model\n${SMALL}`);
      const stopped = await stopAfter(a.dc.restartRequest({}));
      assert.equal(stopped.body.reason, 'entry');
      assert.equal(first.disposed, true);
      assert.notEqual(a.session, first);
      assert.equal((await topFrame()).line, line('hidden') + 2);
      assert.deepEqual(
        a.session.requests.find((r) => r.command === 'setBreakpoints'),
        { command: 'setBreakpoints', breakpoints: [{ line: line('out') + 2 }] },
      );
      assert.deepEqual(
        a.session.requests.find((r) => r.command === 'setExceptionBreakpoints'),
        { command: 'setExceptionBreakpoints', filters: [{ filter: 'op_error' }] },
      );
    });

    it('keeps the run it ends for the Inspector to draw faded: the same file and seed give the same losses and gradient norms', async () => {
      await launch();
      const goto = (trainingStep: number) => Promise.all([a.dc.customRequest('backstep.goto', { trainingStep }), a.dc.waitForEvent('stopped')]);
      await goto(3);
      const ended = (await a.dc.customRequest('backstep.history')).body.run;
      assert.deepEqual(ended.losses.map((p: { step: number }) => p.step), [1, 2]);
      assert.equal((await a.dc.customRequest('backstep.inspector')).body.previousRun, null, 'no previous run before a Restart');
      await stopAfter(a.dc.restartRequest({}));
      await goto(3);
      const view = (await a.dc.customRequest('backstep.inspector')).body;
      assert.deepEqual(view.previousRun, ended);
      assert.equal(view.previousRun.run, 1);
      assert.deepEqual(view.training.losses, ended.losses);
      assert.deepEqual(view.gradientHistory, ended.gradientHistory);
    });

    it('a Restart during a Continue pauses the run unseen and keeps its curves: the next stop is the new entry', async () => {
      program = files.write('long.nn.yaml', SMALL.replace('steps: 3', 'steps: 100000'));
      await launch();
      const reasons: string[] = [];
      a.dc.on('stopped', (e) => reasons.push((e as DebugProtocol.StoppedEvent).body.reason));
      await a.dc.continueRequest({ threadId: 1 });
      // Running: the progress events say how far, and the session answers no history.
      await a.dc.waitForEvent('backstep.progress');
      await assert.rejects(a.dc.customRequest('backstep.history'), /the session is running/);
      await stopAfter(a.dc.restartRequest({}));
      assert.deepEqual(reasons, ['entry']);
      const previous = (await a.dc.customRequest('backstep.inspector')).body.previousRun;
      assert.equal(previous?.run, 1);
      assert.ok(previous.losses.length >= 1, `the ended run's losses are kept (${previous.losses.length})`);
    });

    it('a broken file on restart is an error with its located diagnostics, and the old session stays', async () => {
      await launch();
      writeFileSync(program, `${SMALL}oops: 1\n`);
      const at = `${program}:${SMALL.split('\n').length}:1: E_UNKNOWN_KEY`;
      await assert.rejects(a.dc.restartRequest({}), (e: Error) => /has 1 error/.test(e.message) && e.message.includes(at));
      assert.equal((await topFrame()).line, line('hidden'));
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
      const broken = files.write('broken.nn.yaml', 'name: broken\ndata: { task: xor }\nmodel:\n  - linear: { out: 1, bogus: 1 }\n  - tanh: { wat: 2 }\nloss: mse\n');
      await launchFails({ program: broken }, /has 2 errors[\s\S]*broken\.nn\.yaml:4:\d+: E_UNKNOWN_KEY .*bogus[\s\S]*broken\.nn\.yaml:5:\d+: E_UNKNOWN_KEY .*wat/);
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
      const early = await a.dc.setBreakpointsRequest({ source: { path: program }, breakpoints: [{ line: line('act') }] });
      assert.equal(early.body.breakpoints[0].verified, false);
      await launch({ stopOnEntry: false });
      assert.equal((await topFrame()).line, line('act'));
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
      assert.equal((await topFrame()).line, line('hidden'));
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
      await a.dc.setBreakpointsRequest({ source: { path: program }, breakpoints: [{ line: line('act') }] });
      const output: string[] = [];
      a.dc.on('output', (e: DebugProtocol.OutputEvent) => output.push(e.body.output));
      let stops = 0;
      a.dc.on('stopped', () => stops++);
      await Promise.all([a.dc.configurationSequence(), a.dc.launch({ program, noDebug: true }), a.dc.waitForEvent('terminated')]);
      assert.equal(stops, 0);
      assert.deepEqual(a.session.launched?.exceptionFilters, []);
      assert.equal(a.session.requests.filter((r) => r.command === 'setBreakpoints').length, 0);
      assert.match(output.join(''), /step \d\/3  loss [\d.]+\n[\s\S]*all 3 steps are done/);
    });
  });
});
