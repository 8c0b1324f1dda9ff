/// <reference lib="dom" />
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { GraphView, InspectorView } from '../../engine/protocol';
import { Session } from '../../engine/session/session';
import { webviewPages } from './support/pages';
import { fixture, ROOT } from './support/standInHost';

/**
 * Graph and Inspector read a node's layer from the fields the host sends, never from the spelling of
 * its id: a data tensor `data.x` beside a layer named `data` is not that layer's, and a time-step
 * group stands for the ops inside it.
 */
function stopOf(text: string): { graph: GraphView; inspector: InspectorView } {
  const session = Session.create(text, 'model.nn.yaml');
  const started = session.start();
  const graph = session.graph();
  const inspector = session.inspector();
  if (!started.ok || !graph.ok || !inspector.ok) throw new Error('the session did not answer');
  return { graph: graph.body, inspector: inspector.body };
}

describe('Graph webview: nodes located by their fields, not their names (headless Chromium)', function () {
  this.timeout(240_000);
  const open = webviewPages((host) => assert.deepEqual(host.consoleErrors.filter((e) => /page error/.test(e)), []));
  // A layer may be named `data` (names are identifiers); the data tensors are `data.x` and `data.y`.
  const named = stopOf(readFileSync(path.join(ROOT, 'samples/mlp-xor.nn.yaml'), 'utf8').replace('name: hidden', 'name: data'));

  it('a click on data beside a layer named `data` reveals data of no layer; on the layer, the layer', async () => {
    const host = await open('graph');
    await host.send({ type: 'graph', graph: named.graph });
    await host.page.locator('[data-id="data.x"]').click();
    assert.deepEqual((await host.posted()).at(-1), { type: 'reveal', node: 'data.x', layer: null });
    await host.page.locator('[data-id="layer:data"]').click();
    assert.deepEqual((await host.posted()).at(-1), { type: 'reveal', node: 'layer:data', layer: 'data' });
  });

  it('the Inspector scrolls to the layer a selection names, and to none for data', async () => {
    const host = await open('inspector');
    await host.send({ type: 'inspector', view: named.inspector });
    await host.post({ type: 'select', node: 'data.x', layer: null });
    assert.match((await host.page.locator('.selected').textContent()) ?? '', /data\.x/);
    assert.equal(await host.page.locator('.flash').count(), 0, 'data.x is not the layer `data`');
    await host.post({ type: 'select', node: 'data.W', layer: 'data' });
    assert.equal(await host.page.locator('.flash').count(), 1, 'the layer `data` is shown');
  });

  it('a click on a time step reveals the first op inside it, in its layer', async () => {
    const graph = fixture('lstm-forward').graph;
    const host = await open('graph', { state: { expanded: ['layer:memory'], selected: null, transform: null, follow: true } });
    await host.send({ type: 'graph', graph });
    const first = graph.nodes.find((n) => n.kind === 'op' && n.scope.join() === 'memory,t3');
    assert.ok(first, 'the time step holds ops');
    await host.page.locator('.container.group', { hasText: /^t3$/ }).locator(':scope > text.title').dispatchEvent('click');
    assert.deepEqual((await host.posted()).at(-1), { type: 'reveal', node: first.id, layer: 'memory' });
  });

  it('during an update, the parameter being updated is the current node', async () => {
    const graph = fixture('lstm-update').graph;
    const host = await open('graph', { state: { expanded: ['layer:memory'], selected: null, transform: null, follow: true } });
    await host.send({ type: 'graph', graph });
    assert.match((await host.page.locator('[data-id="memory.W_f"]').getAttribute('class')) ?? '', /\bcurrent\b/);
    assert.doesNotMatch((await host.page.locator('[data-id="memory.W_f"]').getAttribute('class')) ?? '', /holds-current/);
  });
});
