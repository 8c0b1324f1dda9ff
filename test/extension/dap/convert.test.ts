import * as assert from 'node:assert/strict';
import type { FrameInfo, StopInfo } from '../../../engine/protocol';
import { baseName, PAGE_THRESHOLD, samePath, sameStop, stackFrames, stoppedBody, variable } from '../../../extension/dap/convert';
import { RefTable } from '../../../extension/dap/refs';

const range = { line: 3, column: 5, endLine: 4, endColumn: 9 };
const location = { trainingStep: 2, phase: 'backward' as const, layer: 'memory', timeStep: 3, node: 'memory/t3/gate_f', op: 'sigmoid', eventIndex: 7, eventCount: 40, range };

describe('convert: session protocol → DAP bodies', () => {
  it('frames innermost first whatever order the session used; frames without lines are labels; no frame is folded away or selects text', () => {
    const frames: FrameInfo[] = [
      { id: 1, kind: 'step', name: 'step 2', range: null, canRestart: true },
      { id: 2, kind: 'phase', name: 'backward', range, canRestart: true },
      { id: 3, kind: 'layer', name: 'memory (lstm)', range, canRestart: true },
      { id: 4, kind: 'timestep', name: 't3', scope: ['memory', 't3'], range, canRestart: true },
      { id: 5, kind: 'op', name: '∂ gate_f (sigmoid)', range, canRestart: false },
    ];
    const source = { name: 'm.nn.yaml', path: '/m.nn.yaml' };
    const id = (n: number) => n;
    for (const order of [frames, [...frames].reverse()]) {
      const out = stackFrames(order, source, id, id);
      assert.deepEqual(
        out.map((f) => f.id),
        [5, 4, 3, 2, 1],
      );
      assert.deepEqual([out[0].line, out[0].column, out[0].endLine, out[0].endColumn], [3, 5, undefined, undefined], 'no end: VS Code would select the text');
      // VS Code folds 'subtle' frames away ("Show 3 More Stack Frames"): every level stays visible.
      assert.ok(out.slice(0, 4).every((f) => f.presentationHint === undefined));
      assert.equal(out[4].presentationHint, 'label');
      assert.equal(out[4].source, undefined);
      assert.deepEqual(
        out.map((f) => f.canRestart),
        [false, true, true, true, true],
        'Restart Frame is offered where the session can restart',
      );
    }
  });

  it('a frame in another file than the model (a recording’s module, in its Python source) names that file, its path converted for the client', () => {
    const frames: FrameInfo[] = [
      { id: 1, kind: 'layer', name: 'encoder (TransformerEncoder)', range, canRestart: true },
      { id: 2, kind: 'module', name: 'self_attn', scope: ['encoder', 'layers.0', 'self_attn'], range: { line: 1012, column: 1, endLine: 1012, endColumn: 1 }, file: '/usr/lib/torch/nn/modules/activation.py', canRestart: true },
    ];
    const out = stackFrames(frames, { name: 'run.bstrace', path: '/run.bstrace' }, (n) => n, (n) => n, (f) => `client:${f}`);
    assert.deepEqual(
      out.map((f) => [f.name, f.source?.name, f.source?.path, f.line]),
      [
        ['self_attn', 'activation.py', 'client:/usr/lib/torch/nn/modules/activation.py', 1012],
        ['encoder (TransformerEncoder)', 'run.bstrace', '/run.bstrace', 3],
      ],
    );
  });

  it('a stop: DAP reason, description, exception text; the end of training is a step', () => {
    const stop: StopInfo = { reason: 'exception', description: 'NaN in gate_f', location, breakpointIds: [7], exception: { filter: 'nan_inf', message: 'NaN produced by memory/t3/gate_f' } };
    assert.deepEqual(stoppedBody(stop), { reason: 'exception', description: 'NaN in gate_f', threadId: 1, allThreadsStopped: true, text: 'NaN produced by memory/t3/gate_f', hitBreakpointIds: [7] });
    assert.equal(stoppedBody({ ...stop, reason: 'end', exception: undefined }).reason, 'step');
  });

  it('variables: integer references, paging past the threshold only', () => {
    const refs = new RefTable();
    const big = variable({ name: 'W', value: '[8,300]', type: 'tensor', ref: 'W', childCount: 300, expression: 'W' }, refs);
    const small = variable({ name: 'b', value: '[8]', type: 'tensor', ref: 'b', childCount: PAGE_THRESHOLD }, refs);
    const leaf = variable({ name: 'lr', value: '0.1', type: 'number', ref: null }, refs);
    assert.equal(big.indexedVariables, 300);
    assert.equal(big.evaluateName, 'W');
    assert.equal(small.indexedVariables, undefined);
    assert.equal(leaf.variablesReference, 0);
    assert.equal(refs.refOf(big.variablesReference), 'W');
    assert.equal(refs.idOf('W'), big.variablesReference, 'the same ref keeps its id');
  });

  it('references never come back after a clear', () => {
    const refs = new RefTable();
    const id = refs.idOf('a');
    refs.clear();
    assert.equal(refs.refOf(id), undefined);
    assert.notEqual(refs.idOf('a'), id);
  });

  it('the same stop twice is recognised', () => {
    const stop: StopInfo = { reason: 'step', description: '', location, breakpointIds: [] };
    assert.equal(sameStop({ ...stop }, stop), true);
    assert.equal(sameStop({ ...stop, location: { ...location, eventIndex: 8 } }, stop), false);
    assert.equal(sameStop(stop, null), false);
  });

  it('paths and names', () => {
    assert.equal(baseName('/a/b/mlp.nn.yaml'), 'mlp.nn.yaml');
    assert.equal(baseName('C:\\m\\x.nn.yaml'), 'x.nn.yaml');
    assert.equal(samePath('C:\\m\\x.nn.yaml', 'c:/m/x.nn.yaml'), true);
    assert.equal(samePath('/a/x.nn.yaml', '/b/x.nn.yaml'), false);
  });
});
