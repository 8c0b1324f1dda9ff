import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { StopInfo } from '../../../engine/protocol/session';
import type { GraphView } from '../../../engine/protocol/views';
import { Session } from '../../../engine/session/session';
import { recordingSource } from '../../../engine/trace/replayOpen';
import { nodeChunkFiles } from '../../../extension/dap/chunkFiles';
import { ok, scopePath, stackOf } from '../session/session_support';
import { hasTorch, PYTHON } from '../../support/torch';

/**
 * The Call Stack of a recording with nested modules (test/python/record_case.py's `transformer`: a
 * Transformer with `encoder` › `layers` (a ModuleList) › `0` › `self_attn`, `linear1`, … and `head`):
 * step › phase › encoder › layers.0 › self_attn › op, every stepping command working at each depth.
 * Needs Debian's torch (/usr/bin/python3); installed in CI by the setup.
 */
const ROOT = path.resolve(__dirname, '../../..');


const step = (s: Session, command: 'stepIn' | 'stepOver' | 'stepOut' | 'stepBack'): string => {
  ok<StopInfo>(s[command]());
  return scopePath(s);
};

describe('replaying a recording with nested modules', function () {
  if (!hasTorch) return;
  this.timeout(120_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'backstep-nested-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  let file = '';
  before(() => {
    const run = spawnSync(PYTHON, [path.join(ROOT, 'test/python/record_case.py'), 'transformer', dir], { encoding: 'utf8' });
    assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
    file = path.join(dir, 'transformer.bstrace');
  });

  function open(): Session {
    const s = Session.create('', file, { source: recordingSource(file, readFileSync(file, 'utf8'), nodeChunkFiles(file)) });
    assert.deepEqual(s.diagnostics, []);
    ok(s.start());
    return s;
  }

  it('Step Into goes from the top-level module into layers.0 (the ModuleList and its entry are one frame), then self_attn, then its ops; each module frame carries its scope path', () => {
    const s = open();
    assert.equal(scopePath(s), 'encoder (TransformerEncoder)');
    assert.equal(step(s, 'stepIn'), 'encoder (TransformerEncoder) › layers.0');
    assert.equal(step(s, 'stepIn'), 'encoder (TransformerEncoder) › layers.0 › self_attn');
    const [attn, layer0, encoder] = stackOf(s);
    assert.deepEqual([attn.kind, attn.kind === 'module' && attn.scope], ['module', ['encoder', 'layers.0', 'self_attn']]);
    assert.deepEqual([layer0.kind, layer0.kind === 'module' && layer0.scope], ['module', ['encoder', 'layers.0']]);
    assert.equal(encoder.kind, 'layer');
    assert.equal(step(s, 'stepIn'), 'encoder (TransformerEncoder) › layers.0 › self_attn › transpose = aten::transpose(…)');
    assert.equal(s.internals!.location().node, 'encoder/layers.0/self_attn/transpose');
  });

  it('points each module frame and the layer at the Python source of its class’s forward, as recorded; the op stays in the recording', () => {
    const s = open();
    const index = JSON.parse(readFileSync(file, 'utf8')) as { modules: { path: string; source?: { file: string; line: number } }[] };
    const source = (p: string) => index.modules.find((m) => m.path === p)!.source!;
    for (let k = 0; k < 3; k++) ok(s.stepIn());
    const [op, attn, layer0, encoder] = stackOf(s);
    assert.deepEqual([op.kind, op.file], ['op', undefined]);
    for (const [frame, module] of [[attn, 'encoder.layers.0.self_attn'], [layer0, 'encoder.layers.0'], [encoder, 'encoder']] as const) {
      assert.deepEqual([frame.file, frame.range?.line], [source(module).file, source(module).line], frame.name);
    }
    assert.match(attn.file!, /activation\.py$/);
    // The loss's frames are the recording's own: no module of the model ran it.
    ok(s.goto(1, { phase: 'loss' }));
    assert.ok(stackOf(s).every((f) => f.file === undefined));
  });

  it('Step Over goes to the next sibling at its depth, Step Out to what follows the enclosing module, and on to the next top-level module', () => {
    const s = open();
    step(s, 'stepIn');
    step(s, 'stepIn');
    assert.equal(step(s, 'stepOver'), 'encoder (TransformerEncoder) › layers.0 › add = aten::add(…)');
    assert.equal(step(s, 'stepOver'), 'encoder (TransformerEncoder) › layers.0 › norm1');
    assert.equal(step(s, 'stepOver'), 'encoder (TransformerEncoder) › layers.0 › linear1');
    assert.equal(step(s, 'stepIn'), 'encoder (TransformerEncoder) › layers.0 › linear1 › t = aten::t(…)');
    assert.equal(step(s, 'stepOut'), 'encoder (TransformerEncoder) › layers.0 › relu = aten::relu(…)');
    // The root's own op (the mean) lies between the encoder and the head.
    assert.equal(step(s, 'stepOut'), 'model › mean = aten::mean(…)');
    assert.equal(step(s, 'stepOver'), 'head (Linear) › t = aten::t(…)');
  });

  it('Step Back retraces the stops at the depths they were made', () => {
    const s = open();
    const stops = [scopePath(s)];
    for (const c of ['stepIn', 'stepIn', 'stepOver', 'stepOver', 'stepIn'] as const) stops.push(step(s, c));
    const back: string[] = [];
    for (let k = 0; k < 5; k++) back.push(step(s, 'stepBack'));
    assert.deepEqual(back, stops.slice(0, 5).reverse());
  });

  it('the backward pass goes through the modules in reverse: the loss’s backward (the root’s), head, then encoder › layers.0 › norm2', () => {
    const s = open();
    ok(s.goto(1, { phase: 'backward' }));
    const layers = [scopePath(s), step(s, 'stepOver'), step(s, 'stepOver')];
    assert.deepEqual(layers, ['model', 'head (Linear)', 'encoder (TransformerEncoder)']);
    assert.equal(step(s, 'stepIn'), 'encoder (TransformerEncoder) › layers.0');
    assert.equal(step(s, 'stepIn'), 'encoder (TransformerEncoder) › layers.0 › norm2');
  });

  it('a function breakpoint on a top-level module stops where it begins in each phase; a name pattern reaches a nested module', () => {
    const s = open();
    const set = ok<{ verified: boolean }[]>(s.setFunctionBreakpoints([{ name: 'encoder' }, { name: 'encoder/layers.0/linear1/*' }]));
    assert.deepEqual(set.map((b) => b.verified), [true, true]);
    const nodes: string[] = [];
    for (let k = 0; k < 5; k++) nodes.push(ok<StopInfo>(s.continue()).location.node!);
    assert.deepEqual(nodes, ['encoder/layers.0/linear1/t', 'encoder/layers.0/linear1/view', 'encoder/layers.0/linear1/addmm', 'encoder/layers.0/linear1/view_1', 'encoder/layers.0/norm2/NativeLayerNormBackward0']);
  });

  it('a function breakpoint on a nested module’s path stops where its frame begins, in the forward and the backward pass', () => {
    const s = open();
    const set = ok<{ verified: boolean }[]>(s.setFunctionBreakpoints([{ name: 'encoder.layers.0.linear1' }]));
    assert.deepEqual(set.map((b) => b.verified), [true]);
    const nodes = [0, 1].map(() => ok<StopInfo>(s.continue()).location.node);
    assert.deepEqual(nodes, ['encoder/layers.0/linear1/t', 'encoder/layers.0/linear1/ViewBackward0']);
    assert.equal(scopePath(s), 'encoder (TransformerEncoder) › layers.0 › linear1 › ∂ ViewBackward0 (ViewBackward0)');
    const wrong = ok<{ verified: boolean; message?: string }[]>(s.setFunctionBreakpoints([{ name: 'encoder.layers.7' }]));
    assert.equal(wrong[0].verified, false);
    assert.match(wrong[0].message ?? '', /encoder\.layers\.0\.self_attn/);
  });

  it('groups the graph by top-level module, each op with its module scope, and gives every parameter of the layer its gradient norm', () => {
    const s = open();
    ok(s.goto(1, { phase: 'update' }));
    const graph = ok<GraphView>(s.graph());
    assert.deepEqual(
      graph.nodes.filter((n) => n.kind === 'layer').map((n) => n.label),
      ['encoder (TransformerEncoder)', 'head (Linear)'],
    );
    const softmax = graph.nodes.find((n) => n.id === 'encoder/layers.0/self_attn/weights')!;
    assert.deepEqual([softmax.parent, softmax.scope], ['layer:encoder', ['encoder', 'layers.0', 'self_attn']]);
    const params = graph.nodes.filter((n) => n.kind === 'param' && n.parent === 'layer:encoder');
    assert.ok(params.some((p) => p.id === 'encoder.layers.0.self_attn.in_proj_weight'));
    for (const p of params) assert.ok(p.gradNorm !== null && p.gradNorm > 0, `${p.id} has a gradient norm`);
  });
});
