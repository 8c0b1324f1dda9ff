import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GraphNode, GraphView } from '../../../../engine/protocol/views';
import type { EventInfo } from '../../../../engine/session/outline';
import { Session } from '../../../../engine/session/session';
import { sampleFiles } from '../../train/support';
import { ok } from '../session_support';

/**
 * Graph nodes say where they sit (layer, scope path, time step), so that no view takes an id apart:
 * checked on the samples' nested scopes, at a stop chosen by event as a breakpoint would put it.
 */
const text = (name: string): string => readFileSync(join(__dirname, '../../../../samples', `${name}.nn.yaml`), 'utf8');

function graphAt(source: string, at: (e: EventInfo) => boolean, files?: ReturnType<typeof sampleFiles>): GraphView {
  const session = Session.create(source, 'model.nn.yaml', files ? { files } : {});
  ok(session.start());
  const state = session.internals!;
  const index = state.timeline.outline!.events.findIndex(at);
  assert.ok(index >= 0, 'the step has the event');
  state.moveTo({ step: state.cursor.step, event: index }, 'op');
  return ok<GraphView>(session.graph());
}

function nodeOf(g: GraphView, id: string): GraphNode {
  const n = g.nodes.find((m) => m.id === id);
  assert.ok(n, `the graph has ${id}`);
  return n;
}

const place = (n: GraphNode): Pick<GraphNode, 'kind' | 'label' | 'parent' | 'layer' | 'scope' | 'timeStep'> => ({ kind: n.kind, label: n.label, parent: n.parent, layer: n.layer, scope: n.scope, timeStep: n.timeStep });

describe('session views: graph nodes carry their layer, scope and time step', function () {
  this.timeout(60_000);

  it('an LSTM op at a time step: its layer, the scope path down to the time step, and the step', () => {
    const g = graphAt(text('lstm-memory'), (e) => e.phase === 'forward' && e.name === 'memory/t3/gate_f');
    assert.deepEqual(place(nodeOf(g, 'memory/t3/gate_f')), { kind: 'op', label: 'gate_f', parent: 'layer:memory', layer: 'memory', scope: ['memory', 't3'], timeStep: 3 });
    assert.deepEqual(place(nodeOf(g, 'memory/x_rows')), { kind: 'op', label: 'x_rows', parent: 'layer:memory', layer: 'memory', scope: ['memory'], timeStep: null });
    assert.equal(g.current, 'memory/t3/gate_f');
    assert.equal(g.currentLayer, 'memory');
  });

  it('a recurrent layer inside a composite layer: the time step below the sub-layer', () => {
    const g = graphAt(text('seq2seq-attention'), (e) => e.phase === 'forward' && e.name === 's2s/encoder/t2/gate_f');
    assert.deepEqual(place(nodeOf(g, 's2s/encoder/t2/gate_f')), { kind: 'op', label: 'gate_f', parent: 'layer:s2s', layer: 's2s', scope: ['s2s', 'encoder', 't2'], timeStep: 2 });
  });

  it('an attention head: its layer and head scope, no time step', () => {
    const g = graphAt(text('multi-head-attention'), (e) => e.phase === 'forward' && e.name === 'heads/head1/weights');
    assert.deepEqual(place(nodeOf(g, 'heads/head1/weights')), { kind: 'op', label: 'weights', parent: 'layer:heads', layer: 'heads', scope: ['heads', 'head1'], timeStep: null });
    assert.deepEqual(place(nodeOf(g, 'heads.Wq')), { kind: 'param', label: 'heads.Wq', parent: 'layer:heads', layer: 'heads', scope: [], timeStep: null });
  });

  it('the loss: its box and its ops belong to the layer `loss`, even ops that run in a layer’s scope', () => {
    const g = graphAt(text('lstm-memory'), (e) => e.phase === 'loss');
    assert.deepEqual(place(nodeOf(g, 'layer:loss')), { kind: 'loss', label: 'loss', parent: null, layer: 'loss', scope: [], timeStep: null });
    assert.deepEqual(place(nodeOf(g, 'loss/bce')), { kind: 'op', label: 'bce', parent: 'layer:loss', layer: 'loss', scope: ['loss'], timeStep: null });
    assert.equal(g.current, 'loss/bce');
    assert.equal(g.currentLayer, 'loss');
    const w2v = graphAt(text('word2vec-skipgram'), (e) => e.phase === 'loss');
    assert.deepEqual(place(nodeOf(w2v, 'w2v/sgns_loss/score_pos')), { kind: 'op', label: 'score_pos', parent: 'layer:loss', layer: 'loss', scope: ['w2v', 'sgns_loss'], timeStep: null });
  });

  it('an update stands on the parameter it changes, in its layer', () => {
    const g = graphAt(text('lstm-memory'), (e) => e.phase === 'update' && e.param === 'memory.W_f');
    assert.equal(g.current, 'memory.W_f');
    assert.equal(g.currentLayer, 'memory');
    assert.equal(nodeOf(g, 'memory.W_f').layer, 'memory');
  });

  it('every edge carries the shape of the tensor along it: its producer’s output, a parameter’s or the data’s', () => {
    for (const [name, at] of [
      ['lstm-memory', (e: EventInfo) => e.phase === 'loss'],
      ['multi-head-attention', (e: EventInfo) => e.phase === 'loss'],
      ['seq2seq-attention', (e: EventInfo) => e.phase === 'loss'],
    ] as const) {
      const g = graphAt(text(name), at);
      assert.ok(g.edges.length > 20, `${name}: ${g.edges.length} edges`);
      for (const e of g.edges) assert.deepEqual(e.shape, nodeOf(g, e.from).shape, `${name}: ${e.from} → ${e.to}`);
    }
  });

  it('a number no op made and no name tells is drawn beside the op that reads it, labelled by its value: the attention scale of an imported model', () => {
    const g = graphAt(text('onnx-transformer'), (e) => e.phase === 'forward' && e.node?.name === 'reverser/encoder/layers.0/self_attn/Div_1', sampleFiles('onnx-transformer'));
    const into = g.edges.filter((e) => e.to === 'reverser/encoder/layers.0/self_attn/Div_1').map((e) => nodeOf(g, e.from));
    const scale = into.find((n) => n.kind === 'data');
    assert.ok(scale, `Div_1 reads a number: ${into.map((n) => n.id).join(', ')}`);
    // d_model 32 over 4 heads: √8.
    assert.deepEqual(place(scale), { kind: 'data', label: Math.sqrt(8).toPrecision(6), parent: 'layer:reverser', layer: 'reverser', scope: ['reverser', 'encoder', 'layers.0', 'self_attn'], timeStep: null });
    assert.ok(g.nodes.every((n) => n.label !== 'data'), 'no node says only "data"');
  });

  it('data belongs to no layer, even beside a layer named `data`', () => {
    const g = graphAt(text('mlp-xor').replace('name: hidden', 'name: data'), (e) => e.phase === 'forward');
    assert.deepEqual(place(nodeOf(g, 'data.x')), { kind: 'data', label: 'data.x', parent: null, layer: null, scope: [], timeStep: null });
    assert.deepEqual(place(nodeOf(g, 'data.W')), { kind: 'param', label: 'data.W', parent: 'layer:data', layer: 'data', scope: [], timeStep: null });
    assert.deepEqual(place(nodeOf(g, 'data/xW')), { kind: 'op', label: 'xW', parent: 'layer:data', layer: 'data', scope: ['data'], timeStep: null });
  });
});
