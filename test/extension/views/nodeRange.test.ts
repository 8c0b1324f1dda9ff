import * as assert from 'node:assert/strict';
import { rangeOf } from '../../../extension/views/nodeRange';
import { fixture } from '../../webview/support/standInHost';

describe('Graph node → lines of the model file', () => {
  const graph = fixture('lstm-forward').graph;
  const memory = graph.nodes.find((n) => n.id === 'layer:memory')!.range;

  it('an op, a parameter and a layer reveal their layer’s lines', () => {
    assert.ok(memory);
    assert.deepEqual(rangeOf(graph, 'memory/t3/gate_f'), memory);
    assert.deepEqual(rangeOf(graph, 'memory.W_f'), memory);
    assert.deepEqual(rangeOf(graph, 'layer:memory'), memory);
    assert.notDeepEqual(rangeOf(graph, 'layer:readout'), memory);
  });

  it('a time step (a scope, not a node) reveals the lines of the ops inside it', () => {
    assert.deepEqual(rangeOf(graph, 'memory/t3'), memory);
  });

  it('a node that is not in the graph reveals nothing', () => {
    assert.equal(rangeOf(graph, 'nowhere/at/all'), null);
  });
});
