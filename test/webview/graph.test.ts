/// <reference lib="dom" />
import * as assert from 'node:assert/strict';
import { visibleGraph } from '../../webview/graph/visibleGraph';
import { nodeOutline } from './support/probes';
import { webviewPages } from './support/pages';
import { fixture, type Rendered, type StandInHost } from './support/standInHost';
import type { ThemeName } from './support/themes';

/** Dark Modern's debugIcon.breakpointCurrentStackframeForeground: the current stack frame's colour. */
const CURRENT_DARK = 'rgb(255, 204, 0)';

describe('Graph webview (headless Chromium, stops recorded from real sessions)', function () {
  this.timeout(240_000);
  const openPage = webviewPages((host) => {
    assert.deepEqual(host.consoleErrors.filter((e) => /page error/.test(e)), []);
  });
  const open = (theme: ThemeName = 'dark', state?: unknown): Promise<StandInHost> => openPage('graph', { theme, state });

  /** Runs `action` and waits for the graph to draw again. */
  function redrawn(host: StandInHost, action: () => Promise<void>): Promise<Rendered> {
    const done = host.page.evaluate(() => new Promise<Rendered>((resolve) => window.addEventListener('backstep:rendered', (e) => resolve((e as CustomEvent<Rendered>).detail), { once: true })));
    return action().then(() => done);
  }

  it('says it is ready, and shows how to start a session while none runs', async () => {
    const host = await open();
    assert.deepEqual((await host.posted())[0], { type: 'ready', view: 'graph' });
    assert.match((await host.page.locator('.empty-state').textContent()) ?? '', /Backstep Graph/);
    assert.equal(await host.page.locator('.graph-app').isVisible(), false);
  });

  it('draws one box per layer and highlights the layer holding the current op', async () => {
    const host = await open();
    const graph = fixture('lstm-forward').graph;
    await host.send({ type: 'graph', graph });
    const ids = new Set(graph.nodes.map((n) => n.id));
    const top = graph.nodes.filter((n) => !n.parent || !ids.has(n.parent));
    assert.equal(await host.page.locator('g.nodes > g.node').count(), top.length);
    const memory = await host.page.evaluate(nodeOutline, 'layer:memory');
    assert.match(memory!.classes, /\bcurrent\b/);
    assert.equal(memory!.stroke, CURRENT_DARK);
    const readout = await host.page.evaluate(nodeOutline, 'layer:readout');
    assert.doesNotMatch(readout!.classes, /\bcurrent\b/);
    assert.match((await host.page.locator('.toolbar .status').textContent()) ?? '', /memory\/t3\/gate_f/);
    await host.screenshot('graph-lstm-layers-dark');
  });

  it('expands a layer into its time steps and highlights the op of the stop', async () => {
    const host = await open();
    const graph = fixture('lstm-forward').graph;
    await host.send({ type: 'graph', graph });
    await redrawn(host, () => host.page.locator('[data-expand="layer:memory"]').click());
    assert.equal(await host.page.locator('.container.group').count(), 12, 'one box per time step');
    const op = await host.page.evaluate(nodeOutline, 'memory/t3/gate_f');
    assert.match(op!.classes, /\bcurrent\b/);
    assert.equal(op!.stroke, CURRENT_DARK);
    assert.equal(op!.width, '3px');
    assert.doesNotMatch((await host.page.evaluate(nodeOutline, 'memory/t4/gate_f'))!.classes, /\bcurrent\b/);
    assert.deepEqual((await host.state<{ expanded: string[] }>()).expanded, ['layer:memory']);
    await host.screenshot('graph-lstm-expanded-dark');
  });

  it('colours gradients during backward and draws edges as wide as the gradient they carry', async () => {
    const graph = fixture('lstm-backward').graph;
    const host = await open('light', { expanded: ['layer:memory'], selected: null, transform: null, follow: true });
    await host.send({ type: 'graph', graph });
    assert.match((await host.page.locator('.graph-legend').textContent()) ?? '', /‖∂L\/∂output‖₂/);
    const links = visibleGraph(graph, new Set(['layer:memory'])).links.filter((l) => !l.shared && l.gradNorm !== null && l.gradNorm > 0);
    assert.ok(links.length > 20);
    const widths = await host.page.evaluate((ids) => ids.map((id) => Number(document.querySelector(`path[data-link="${CSS.escape(id)}"]`)?.getAttribute('stroke-width'))), links.map((l) => l.id));
    const order = links.map((l, i) => [l.gradNorm!, widths[i]] as const).sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < order.length; i++) assert.ok(order[i][1] >= order[i - 1][1] - 1e-9, 'a larger gradient never gets a thinner edge');
    assert.ok(order[order.length - 1][1] > order[0][1] + 2, 'the largest gradient is visibly wider than the smallest');
    const fills = await host.page.locator('g.node .shape').evaluateAll((shapes) => new Set(shapes.map((s) => s.getAttribute('fill'))).size);
    assert.ok(fills > 10, 'boxes are coloured by their gradient');
    await host.screenshot('graph-lstm-backward-light');
  });

  it('reveals a clicked node in the model file, and moves with the keyboard', async () => {
    const host = await open();
    await host.send({ type: 'graph', graph: fixture('mlp-forward').graph });
    await host.page.locator('[data-id="layer:out"]').click();
    assert.deepEqual((await host.posted()).at(-1), { type: 'reveal', node: 'layer:out', layer: 'out' });
    assert.match((await host.page.evaluate(nodeOutline, 'layer:out'))!.classes, /\bselected\b/);
    await host.page.locator('svg.graph').focus();
    await host.page.keyboard.press('ArrowUp');
    const selected = (await host.state<{ selected: string }>()).selected;
    assert.notEqual(selected, 'layer:out');
    const feeds = fixture('mlp-forward').graph.nodes.find((n) => n.id === selected);
    assert.ok(feeds, 'a node of the graph is selected');
    await host.page.keyboard.press('Enter');
    assert.deepEqual((await host.posted()).at(-1), { type: 'reveal', node: selected, layer: feeds.layer });
    const before = await host.page.locator('svg.graph > g.viewport').getAttribute('transform');
    await host.page.keyboard.press('+');
    await host.page.waitForFunction((b) => document.querySelector('svg.graph > g.viewport')?.getAttribute('transform') !== b, before);
    assert.match((await host.page.locator('svg.graph > g.viewport').getAttribute('transform')) ?? '', /scale\(/);
  });

  it('restores the expanded layers and the viewport it saved (setState)', async () => {
    const state = { expanded: ['layer:attend'], selected: 'layer:out', transform: { x: 10, y: 20, k: 0.5 }, follow: false };
    const host = await open('dark', state);
    await host.send({ type: 'graph', graph: fixture('attention-forward').graph });
    assert.ok((await host.page.locator('.container[data-id="layer:attend"]').count()) === 1, 'the layer is open');
    assert.equal(await host.page.locator('svg.graph > g.viewport').getAttribute('transform'), 'translate(10,20) scale(0.5)');
    assert.match((await host.page.evaluate(nodeOutline, 'layer:out'))!.classes, /\bselected\b/);
  });

  it('selects the node the Inspector points at', async () => {
    const host = await open();
    const graph = fixture('attention-forward').graph;
    await host.send({ type: 'graph', graph });
    const inside = graph.nodes.find((n) => n.parent === 'layer:attend' && n.kind === 'op');
    assert.ok(inside, 'the attention layer holds ops');
    await host.post({ type: 'select', node: inside.id, layer: inside.layer });
    assert.equal((await host.state<{ selected: string }>()).selected, 'layer:attend', 'inside a closed layer: the layer');
  });

  it('keeps working after malformed messages from the host', async () => {
    const host = await open();
    for (const bad of [undefined, [], { type: 'graph' }, { type: 'graph', graph: { nodes: 'x', edges: [] } }, { type: 'graph', graph: { nodes: [{ id: 1 }], edges: [] } }]) await host.post(bad);
    assert.equal(host.consoleErrors.filter((e) => /dropped a malformed message/.test(e)).length, 5);
    await host.send({ type: 'graph', graph: fixture('mlp-backward').graph });
    assert.ok((await host.page.locator('g.node').count()) > 3);
  });

  it('is legible in a high-contrast theme, every layer open', async () => {
    const host = await open('high-contrast');
    const graph = fixture('mlp-backward').graph;
    await host.send({ type: 'graph', graph });
    await redrawn(host, () => host.page.getByText('Expand all').click());
    const current = await host.page.evaluate(nodeOutline, 'hidden/xW');
    assert.equal(current!.stroke, 'rgb(243, 133, 24)', 'the current op outlined in contrastActiveBorder');
    assert.equal(current!.width, '4px');
    await host.screenshot('graph-mlp-backward-high-contrast');
  });
});
