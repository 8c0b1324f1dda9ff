import * as assert from 'node:assert/strict';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkModel } from '../../engine/model/check';
import { startAdapter } from './support/builtAdapter';
import { TempFiles } from './support/inProcessAdapter';
import { layerLines, OVERFLOW, WIDE } from './support/models';

/**
 * `node dist/debugAdapter.js` driven over stdio, with the real engine session in its worker thread:
 * every sample starts and stops at its first layer; stepping, breakpoints, exception breakpoints,
 * variables, evaluation and restart work end to end. Expected lines and numbers come from the files
 * themselves (the checker's layer ranges, the tensors' own values), never typed in by hand.
 */
const samples = join(__dirname, '..', '..', 'samples');
const sampleFiles = readdirSync(samples).filter((f) => f.endsWith('.nn.yaml'));

describe('debug adapter process (stdio) with the engine session', function () {
  this.timeout(30_000);
  let dc: DebugClient;
  let files: TempFiles;

  beforeEach(async () => {
    files = new TempFiles();
    dc = await startAdapter();
  });

  afterEach(async () => {
    await dc.stop();
    files.dispose();
  });

  async function launch(args: Record<string, unknown>): Promise<DebugProtocol.StoppedEvent> {
    const [, , stopped] = await Promise.all([dc.configurationSequence(), dc.launch(args), dc.waitForEvent('stopped')]);
    return stopped as DebugProtocol.StoppedEvent;
  }

  async function frames(): Promise<DebugProtocol.StackFrame[]> {
    return (await dc.stackTraceRequest({ threadId: 1 })).body.stackFrames;
  }

  async function move(request: Promise<unknown>): Promise<DebugProtocol.StoppedEvent> {
    const [, stopped] = await Promise.all([request, dc.waitForEvent('stopped')]);
    return stopped as DebugProtocol.StoppedEvent;
  }

  async function evaluate(expression: string): Promise<DebugProtocol.EvaluateResponse['body']> {
    return (await dc.evaluateRequest({ expression, context: 'watch' })).body;
  }

  /** Every number in a value such as `[2] float64 [0.116, −0.02167]` (a summary's, with the typographic minus) or `-0.0216` (a number's). */
  function numbers(value: string): number[] {
    const list = /\[([^\]]*)\]\s*$/.exec(value)?.[1] ?? value;
    return list.split(',').map((s) => Number(s.trim().replace('−', '-')));
  }

  for (const file of sampleFiles) {
    it(`${file}: stops on entry at its first layer's line`, async () => {
      const program = join(samples, file);
      const text = readFileSync(program, 'utf8');
      const first = checkModel(text).spec!.layers[0];
      const stopped = await launch({ program });
      assert.equal(stopped.body.reason, 'entry');
      const [top] = await frames();
      assert.equal(top.line, first.range.line);
      assert.equal(top.source?.path, program);
      assert.match(top.name, new RegExp(`^${first.name}\\b`));
    });
  }

  it('steps over layers, into ops and back to where it started', async () => {
    const program = join(samples, 'mlp-xor.nn.yaml');
    const lines = layerLines(readFileSync(program, 'utf8'));
    await launch({ program });
    const entry = await frames();
    await move(dc.nextRequest({ threadId: 1 }));
    assert.equal((await frames())[0].line, lines.get('tanh1'));
    await move(dc.nextRequest({ threadId: 1 }));
    assert.equal((await frames())[0].line, lines.get('out'));
    await move(dc.stepBackRequest({ threadId: 1 }));
    await move(dc.stepBackRequest({ threadId: 1 }));
    assert.deepEqual(
      (await frames()).map((f) => [f.name, f.line]),
      entry.map((f) => [f.name, f.line]),
    );
    await move(dc.stepInRequest({ threadId: 1 }));
    const inside = await frames();
    assert.equal(inside.length, entry.length + 1, 'an op frame on top of the layer');
    assert.equal(inside[0].line, lines.get('hidden'));
    assert.match(inside[0].name, /= matmul\(…\)$/);
    await move(dc.stepOutRequest({ threadId: 1 }));
    assert.notDeepEqual(await frames(), inside);
  });

  it('steps into the module scopes of an imported ONNX model: each module a frame of the stack trace, restartable', async () => {
    const program = join(samples, 'onnx-transformer.nn.yaml');
    await launch({ program });
    const encoder = (await dc.stepInTargetsRequest({ frameId: (await frames())[0].id })).body.targets.find((t) => t.label === 'encoder');
    assert.ok(encoder, 'encoder is a step-in target of the layer');
    await move(dc.stepInRequest({ threadId: 1, targetId: encoder.id }));
    await move(dc.stepInRequest({ threadId: 1 }));
    await move(dc.stepInRequest({ threadId: 1 }));
    const stack = await frames();
    assert.deepEqual(
      stack.map((f) => f.name),
      ['self_attn', 'layers.0', 'encoder', 'reverser (onnx)', 'forward', 'step 1'],
    );
    assert.ok(stack.slice(0, 3).every((f) => f.canRestart && f.line === stack[3].line), 'a module frame stands at its layer’s line and can be restarted');
    await move(dc.stepInRequest({ threadId: 1 }));
    await move(dc.nextRequest({ threadId: 1 }));
    await move(dc.restartFrameRequest({ frameId: (await frames()).find((f) => f.name === 'layers.0')!.id }));
    assert.deepEqual(
      (await frames()).map((f) => f.name),
      ['layers.0', 'encoder', 'reverser (onnx)', 'forward', 'step 1'],
    );
  });

  it('a breakpoint with a hit count and one with a condition on the loss', async () => {
    const program = join(samples, 'mlp-xor.nn.yaml');
    const lines = layerLines(readFileSync(program, 'utf8'));
    await launch({ program });
    const set = await dc.setBreakpointsRequest({ source: { path: program }, breakpoints: [{ line: lines.get('out')!, hitCondition: '3' }] });
    assert.equal(set.body.breakpoints[0].verified, true);
    const hit = await move(dc.continueRequest({ threadId: 1 }));
    assert.equal(hit.body.reason, 'breakpoint');
    assert.deepEqual(hit.body.hitBreakpointIds, [set.body.breakpoints[0].id]);
    assert.equal((await frames())[0].line, lines.get('out'));

    await dc.setBreakpointsRequest({ source: { path: program }, breakpoints: [{ line: lines.get('hidden')!, condition: 'loss < 0.5' }] });
    const cond = await move(dc.continueRequest({ threadId: 1 }));
    assert.equal(cond.body.reason, 'breakpoint');
    const loss = Number((await evaluate('loss')).result);
    assert.ok(loss > 0 && loss < 0.5, `loss ${loss} in (0, 0.5)`);
    const stepOf = async (): Promise<number> => Number(/^step (\d+)$/.exec((await frames()).at(-1)!.name)?.[1]);
    const condStep = await stepOf();
    await move(dc.stepBackRequest({ threadId: 1 }));
    await move(dc.reverseContinueRequest({ threadId: 1 }));
    // No earlier stop has a loss below 0.5: Reverse Continue goes back to the first stop, where no loss is computed yet.
    assert.equal(await stepOf(), 1, `from step ${condStep}`);
    await assert.rejects(evaluate('loss'), /loss is not computed yet/);
  });

  it('stops where a NaN is produced, with the filter on', async () => {
    const program = files.write('overflow.nn.yaml', OVERFLOW);
    const lines = layerLines(OVERFLOW);
    await launch({ program });
    await dc.setExceptionBreakpointsRequest({ filters: ['nan_inf'] });
    const stopped = await move(dc.continueRequest({ threadId: 1 }));
    assert.equal(stopped.body.reason, 'exception');
    assert.match(stopped.body.text ?? '', /NaN/);
    assert.equal((await frames())[0].line, lines.get('norm'));
    const info = await dc.exceptionInfoRequest({ threadId: 1 });
    assert.equal(info.body.exceptionId, 'nan_inf');
    assert.ok(numbers((await evaluate('norm/y')).result).some((v) => Number.isNaN(v)));
  });

  it('variables and evaluate agree with each other and with the tensors\' own numbers', async () => {
    const program = join(samples, 'mlp-xor.nn.yaml');
    await launch({ program });
    const W = await evaluate('hidden.W');
    assert.ok(W.variablesReference > 0);
    const rows = (await dc.variablesRequest({ variablesReference: W.variablesReference })).body.variables;
    assert.equal(rows.length, 4);
    const values = rows.flatMap((r) => numbers(r.value));
    const norm = Number((await evaluate('norm(hidden.W)')).result);
    assert.ok(Math.abs(norm - Math.hypot(...values)) < 1e-3 * norm, `norm ${norm} vs rows ${values}`);
    assert.deepEqual(numbers((await evaluate('data.x[3]')).result), [1, 1]);
    const scopes = (await dc.scopesRequest({ frameId: (await frames())[0].id })).body.scopes;
    assert.ok(scopes.length >= 2);
    const op = (await dc.variablesRequest({ variablesReference: scopes[0].variablesReference })).body.variables;
    assert.ok(op.every((v) => typeof v.value === 'string' && v.value.length > 0));
  });

  it('a scalar reads as a number in hovers, Watch and the Debug Console, and Copy Value copies every digit, which pastes back', async () => {
    const program = join(samples, 'mlp-xor.nn.yaml');
    await launch({ program });
    const W = (await dc.customRequest('backstep.tensorSlice', { name: 'hidden.W', start: 0, count: 100 })).body.values as number[];
    const ask = async (expression: string, context: string): Promise<DebugProtocol.EvaluateResponse['body']> => (await dc.evaluateRequest({ expression, context })).body;
    // The weights themselves exactly; their norm to the rounding of two ways of summing.
    for (const [expression, x, tolerance] of [
      ['hidden.W[0, 0]', W[0], 0],
      ['-abs(hidden.W[0, 1])', -Math.abs(W[1]), 0],
      ['norm(hidden.W)', Math.hypot(...W), 1e-12],
    ] as const) {
      const copied = (await ask(expression, 'clipboard')).result;
      if (tolerance === 0) assert.equal(copied, String(x));
      assert.ok(Math.abs(Number(copied) - x) <= tolerance * Math.abs(x), `${expression}: ${copied} vs ${x}`);
      for (const context of ['hover', 'watch', 'repl']) {
        const shown = await ask(expression, context);
        assert.match(shown.result, /^-?\d+(\.\d+)?(e-?\d+)?$/, `${expression} in ${context}: a number alone`);
        assert.ok(shown.result.replace(/^-/, '').replace(/\D/g, '').replace(/^0+/, '').length <= 6, `${expression} in ${context}: at most 6 digits, ${shown.result}`);
        assert.ok(Math.abs(Number(shown.result) - x) <= 5e-6 * Math.abs(x), `${expression} in ${context}: ${shown.result} vs ${x}`);
        assert.equal(shown.variablesReference, 0);
      }
      // Pasted back into an expression, the copy is the very same number, the shown text the same to its rounding.
      assert.equal((await ask(`${expression} - (${copied})`, 'repl')).result, '0');
      const shown = (await ask(expression, 'watch')).result;
      assert.equal((await ask(shown, 'clipboard')).result, String(Number(shown)));
    }
    assert.match((await ask('-abs(hidden.W[0, 1])', 'hover')).result, /^-0\.\d/, 'an ASCII minus');
    assert.match((await ask('hidden.W', 'clipboard')).result, /^\[\d+,\d+\] float64 /, 'a tensor keeps its summary');
  });

  it('completions in the Debug Console list memory.W_f on the LSTM sample, with its shape, replacing the word typed', async () => {
    const program = join(samples, 'lstm-memory.nn.yaml');
    await launch({ program });
    const complete = async (text: string, column = text.length + 1, line?: number): Promise<DebugProtocol.CompletionItem[]> => (await dc.completionsRequest({ text, column, ...(line ? { line } : {}) })).body.targets;
    const W = await evaluate('memory.W_f');
    const shape = /^\[(\d+),(\d+)\] float64/.exec(W.result)!;
    const item = (await complete('memory.W')).find((c) => c.label === 'memory.W_f');
    assert.deepEqual(item && { ...item, sortText: undefined }, { label: 'memory.W_f', type: 'property', detail: `[${shape[1]},${shape[2]}] float64`, sortText: undefined, start: 1, length: 8 });
    // In a call: the columns count from 1, as the client said; only `mem` is replaced.
    const inCall = await complete('norm(grad(mem');
    assert.ok(inCall.some((c) => c.label === 'memory.W_f'));
    assert.ok(inCall.every((c) => c.start === 11 && c.length === 3));
    // The cursor on the second line of a two-line input, in the middle of it.
    const second = await complete('loss\nlr + grad(memory.W_f', 'lr + grad(memory.W'.length + 1, 2);
    assert.ok(second.some((c) => c.label === 'memory.W_f' && c.start === 11 && c.length === 8));
    // The sort the engine chose stays the client's: sortText in the engine's order.
    const all = await complete('');
    assert.deepEqual(all.map((c) => c.sortText), [...all.map((c) => c.sortText)].sort());
    await assert.rejects(dc.completionsRequest({ text: 'loss', column: 9 }), /the cursor column 8 is outside the text \(4 characters\)/);
    await assert.rejects(dc.customRequest('completions', { text: 3, column: 1 }), /invalid arguments: completions\.text must be a string/);
  });

  it('completions for VS Code leave `start` out: it replaces the `length` characters before the cursor, and reads `start` as a 0-based offset to filter by', async () => {
    const program = join(samples, 'lstm-memory.nn.yaml');
    const vscode = { adapterID: 'backstep', clientID: 'vscode', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' };
    await Promise.all([dc.waitForEvent('initialized').then(() => dc.configurationDoneRequest()), dc.initializeRequest(vscode).then(() => dc.launchRequest({ program } as DebugProtocol.LaunchRequestArguments)), dc.waitForEvent('stopped')]);
    const targets = (await dc.completionsRequest({ text: 'norm(grad(mem', column: 14 })).body.targets;
    assert.ok(targets.some((c) => c.label === 'memory.W_f'));
    assert.ok(targets.every((c) => c.start === undefined && c.length === 3));
  });

  it('pages the rows of a large tensor', async () => {
    const program = files.write('wide.nn.yaml', WIDE);
    await launch({ program });
    const W = await evaluate('wide.W');
    assert.equal(W.indexedVariables, 300);
    const page = (await dc.variablesRequest({ variablesReference: W.variablesReference, filter: 'indexed', start: 250, count: 20 })).body.variables;
    assert.equal(page.length, 20);
    assert.equal(page[0].name, '[250]');
    assert.deepEqual(numbers(page[0].value), numbers((await evaluate('wide.W[250]')).result));
  });

  it('a long Continue runs in the worker: the adapter still answers, and Pause stops it', async () => {
    const program = join(samples, 'lstm-memory.nn.yaml');
    await launch({ program });
    await dc.setExceptionBreakpointsRequest({ filters: [] });
    const [continued] = await Promise.all([dc.continueRequest({ threadId: 1 }), new Promise((r) => setTimeout(r, 300))]);
    assert.equal(continued.body.allThreadsContinued, true);
    const threads = await dc.threadsRequest();
    assert.equal(threads.body.threads.length, 1, 'answered while training runs');
    await assert.rejects(dc.stackTraceRequest({ threadId: 1 }), /the session is running; pause it/);
    const [, paused] = await Promise.all([dc.pauseRequest({ threadId: 1 }), dc.waitForEvent('stopped')]);
    assert.equal(paused.body.reason, 'pause');
    const step = Number(/^step (\d+)/.exec((await frames()).at(-1)!.name)?.[1]);
    assert.ok(step >= 1 && step < 400, `paused mid-run at step ${step}`);
  });

  it('restart reads the changed file', async () => {
    const text = readFileSync(join(samples, 'mlp-xor.nn.yaml'), 'utf8');
    const program = files.write('xor.nn.yaml', text);
    const first = checkModel(text).spec!.layers[0].range.line;
    await launch({ program });
    assert.equal((await frames())[0].line, first);
    writeFileSync(program, `# two more lines\n# above the model\n${text}`);
    const stopped = await move(dc.restartRequest({}));
    assert.equal(stopped.body.reason, 'entry');
    assert.equal((await frames())[0].line, first + 2);
  });

  it('bad launches are error responses that say what and where', async () => {
    await assert.rejects(dc.launch({ program: files.path('nowhere.nn.yaml') }), /Cannot find the model file .*nowhere\.nn\.yaml/);
    const broken = files.write('broken.nn.yaml', 'name: broken\ndata: { task: xor }\nmodel:\n  - linear: { out: 4, bogus: 1 }\n');
    await assert.rejects(dc.launchRequest({ program: broken } as DebugProtocol.LaunchRequestArguments), /broken\.nn\.yaml:4:\d+: E_UNKNOWN_KEY .*bogus/);
    await assert.rejects(dc.launchRequest({ program: join(samples, 'mlp-xor.nn.yaml'), steps: 'many' } as DebugProtocol.LaunchRequestArguments), /`steps` is a whole number/);
    const [, , stopped] = await Promise.all([dc.configurationSequence(), dc.launchRequest({ program: join(samples, 'mlp-xor.nn.yaml'), steps: 2 } as DebugProtocol.LaunchRequestArguments), dc.waitForEvent('stopped')]);
    assert.equal(stopped.body.reason, 'entry');
    assert.equal((await evaluate('step')).result.startsWith('1'), true);
  });

  it('the steps option shortens training, and run mode trains to the end and terminates', async () => {
    const program = join(samples, 'mlp-xor.nn.yaml');
    const output: string[] = [];
    dc.on('output', (e: DebugProtocol.OutputEvent) => output.push(e.body.output));
    await Promise.all([dc.configurationSequence(), dc.launch({ program, noDebug: true, steps: 20 }), dc.waitForEvent('terminated')]);
    assert.match(output.join(''), /all 20 steps are done/);
  });
});
