import * as assert from 'node:assert/strict';
import { rangeOf } from '../../../extension/views/nodeRange';
import { fixture } from '../../webview/support/standInHost';

describe('Graph node → lines of the model file', () => {
  const graph = fixture('lstm-forward').graph;
  const memory = graph.nodes.find((n) => n.id === 'layer:memory')!.range;
  const loss = graph.nodes.find((n) => n.id === 'layer:loss')!.range;

  it('an op, a parameter and a layer reveal their layer’s lines', () => {
    assert.ok(memory);
    assert.deepEqual(rangeOf(graph, { node: 'memory/t3/gate_f', layer: 'memory' }), memory);
    assert.deepEqual(rangeOf(graph, { node: 'memory.W_f', layer: 'memory' }), memory);
    assert.deepEqual(rangeOf(graph, { node: 'layer:memory', layer: 'memory' }), memory);
    assert.notDeepEqual(rangeOf(graph, { node: 'layer:readout', layer: 'readout' }), memory);
  });

  it('the loss’s ops reveal the loss’s lines', () => {
    assert.ok(loss);
    assert.deepEqual(rangeOf(graph, { node: 'loss/bce', layer: 'loss' }), loss);
  });

  it('a node not in the graph reveals its layer, or nothing without one', () => {
    assert.deepEqual(rangeOf(graph, { node: 'memory/t99/gate_f', layer: 'memory' }), memory);
    assert.equal(rangeOf(graph, { node: 'nowhere/at/all', layer: null }), null);
    assert.equal(rangeOf(graph, { node: 'data.x', layer: null }), null, 'data has no lines of its own');
  });
});
