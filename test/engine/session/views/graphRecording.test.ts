import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StopInfo } from '../../../../engine/protocol/session';
import type { GraphView } from '../../../../engine/protocol/views';
import { Session } from '../../../../engine/session/session';
import type { TraceIndex } from '../../../../engine/trace/format';
import { ReplayTrainer } from '../../../../engine/trace/replay';
import { recordingSource } from '../../../../engine/trace/replayOpen';
import { nodeChunkFiles } from '../../../../extension/dap/chunkFiles';
import { locate, visibleGraph } from '../../../../webview/graph/visibleGraph';
import { mlpRecording } from '../../trace/support/recording';
import { ok } from '../session_support';


/** Steps over from entry until `stop` holds (within the first training step). */
function stepUntil(session: Session, stop: (s: StopInfo) => boolean): StopInfo {
  for (let s = ok<StopInfo>(session.start()); s.location.trainingStep === 1; s = ok<StopInfo>(session.stepOver())) if (stop(s)) return s;
  return assert.fail('no such stop in the first step');
}

/** The boxes drawn with every layer collapsed, and the layer boxes with their ops. */
const layerBoxes = (g: GraphView): string[] => g.nodes.filter((n) => n.kind === 'layer').map((n) => n.id);

/**
 * The mlp recording with its modules nested as a PyTorch model nests them: `body` (a Sequential of
 * `fc1` and `act`) and `head` (the old `fc2`), module paths dotted as named_modules() gives them.
 */
function nested(index: TraceIndex): TraceIndex {
  const path: Record<string, string> = { '': '', fc1: 'body.fc1', act: 'body.act', fc2: 'head' };
  return {
    ...index,
    modules: [{ path: '', type: 'Net', params: [] }, { path: 'body', type: 'Sequential', params: [] }, ...index.modules.filter((m) => m.path !== '').map((m) => ({ ...m, path: path[m.path] }))],
    steps: index.steps.map((s) => ({ ...s, events: s.events.map((e) => (e.phase === 'update' ? e : { ...e, module: path[e.module] })) })),
  };
}

describe('session views: the graph of a recording, grouped by module path', function () {
  this.timeout(60_000);

  it('the recorder’s MLP (test/fixtures/trace/mlp.bstrace): one box per module, holding its ops and parameters', () => {
    const file = join(__dirname, '../../../fixtures/trace/mlp.bstrace');
    const session = Session.create('', file, { source: recordingSource(file, readFileSync(file, 'utf8'), nodeChunkFiles(file)) });
    stepUntil(session, (s) => s.location.phase === 'loss');
    const g = ok<GraphView>(session.graph());
    assert.deepEqual(layerBoxes(g), ['layer:fc1', 'layer:act', 'layer:fc2']);
    const index = JSON.parse(readFileSync(file, 'utf8')) as TraceIndex;
    const forward = index.steps[0].events.filter((e) => e.phase === 'forward');
    const ops = g.nodes.filter((n) => n.kind === 'op' && n.layer !== 'loss');
    assert.equal(ops.length, forward.length, 'every forward op drawn');
    forward.forEach((e, k) => assert.equal(ops[k].parent, `layer:${e.phase === 'forward' ? e.module : ''}`, ops[k].id));
    for (const m of index.modules) for (const p of m.params) assert.equal(g.nodes.find((n) => n.id === p)?.parent, `layer:${m.path}`, p);
  });

  it('modules inside modules: one box per module under the root, its ops grouped by the rest of their module path', () => {
    const { builder, index } = mlpRecording();
    const reader = builder.reader(nested(index));
    const session = Session.create('', reader.file, { source: () => new ReplayTrainer(reader) });
    const stop = stepUntil(session, (s) => s.location.phase === 'backward' && s.location.layer === 'body');
    const g = ok<GraphView>(session.graph());
    assert.deepEqual(layerBoxes(g), ['layer:body', 'layer:head'], 'no box for a module inside another');
    const addmm = g.nodes.find((n) => n.kind === 'op' && n.scope.join('/') === 'body/fc1');
    assert.deepEqual(addmm && { parent: addmm.parent, scope: addmm.scope }, { parent: 'layer:body', scope: ['body', 'fc1'] });
    assert.equal(g.nodes.find((n) => n.id === 'fc1.weight')?.parent, 'layer:body');
    assert.equal(g.nodes.find((n) => n.id === 'fc2.weight')?.parent, 'layer:head');
    // Drawn: `body` opens into a group per module inside it, as an imported model's layer does.
    const open = visibleGraph(g, new Set(['layer:body']));
    assert.deepEqual(open.boxes.get('layer:body')!.children.filter((b) => b.kind === 'group').map((b) => b.label), ['fc1', 'act']);
    // A stop in a module inside another (a backward op, not drawn) is shown on the box holding the module.
    assert.equal(stop.location.layer, g.currentLayer);
    const collapsed = visibleGraph(g, new Set());
    assert.equal(locate(g, (id) => collapsed.boxes.has(id), g.current, g.currentLayer), 'layer:body');
  });
});
