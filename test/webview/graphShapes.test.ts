/// <reference lib="dom" />
import * as assert from 'node:assert/strict';
import type { GraphView } from '../../engine/protocol';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { moduleGraph } from '../../bench/webviewGraphs';
import { Session } from '../../engine/session/session';
import { sampleFiles } from '../engine/train/support';
import { visibleGraph } from '../../webview/graph/visibleGraph';
import { webviewPages } from './support/pages';
import { fixture, type StandInHost } from './support/standInHost';
import { THEMES, type ThemeName } from './support/themes';

/** Every shape label drawn: its text, its link, its centre, the midpoint of its edge's path, and whether it shows. */
interface ShapeLabel {
  readonly link: string;
  readonly text: string;
  readonly centre: { x: number; y: number };
  readonly midpoint: { x: number; y: number };
  readonly shown: boolean;
  readonly fill: string;
  readonly stroke: string;
}

function shapeLabels(): ShapeLabel[] {
  return Array.from(document.querySelectorAll<SVGTextElement>('text.edge-shape')).map((t) => {
    const link = t.dataset.link!;
    const path = document.querySelector<SVGPathElement>(`path[data-link="${CSS.escape(link)}"]`)!;
    const m = path.getPointAtLength(path.getTotalLength() / 2);
    const b = t.getBBox();
    const style = getComputedStyle(t);
    const shown = t.getClientRects().length > 0 && getComputedStyle(t.parentElement!).display !== 'none';
    return { link, text: t.textContent ?? '', centre: { x: b.x + b.width / 2, y: b.y + b.height / 2 }, midpoint: { x: m.x, y: m.y }, shown, fill: style.fill, stroke: style.stroke };
  });
}

/** `#rrggbb` as the browser computes it. */
const rgb = (hex: string): string => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;

/** The distinct shapes of the tensors a drawn link carries, from the view itself (node by node, edge by edge). */
function shapesBehind(view: GraphView, expanded: ReadonlySet<string>, link: string): number[][] {
  const g = visibleGraph(view, expanded);
  const l = g.links.find((x) => x.id === link);
  assert.ok(l, `the view has link ${link}`);
  const drawn = (id: string): string => {
    for (let n = view.nodes.find((x) => x.id === id); n; n = view.nodes.find((x) => x.id === n!.parent)) if (g.boxes.has(n.id)) return n.id;
    return id;
  };
  const out: number[][] = [];
  for (const e of view.edges) if (drawn(e.from) === l.from && drawn(e.to) === l.to && !out.some((s) => s.join() === e.shape.join())) out.push([...e.shape]);
  return out;
}

describe('Graph webview: tensor shapes on the edges (headless Chromium)', function () {
  this.timeout(240_000);
  const openPage = webviewPages((host) => {
    assert.deepEqual(host.consoleErrors.filter((e) => /page error/.test(e)), []);
  });
  const at = (k: number): unknown => ({ expanded: [], selected: null, transform: { x: 20, y: 20, k }, follow: false });
  const open = (theme: ThemeName, state: unknown): Promise<StandInHost> => openPage('graph', { theme, state });

  it('writes each edge’s shape (1×64×256) at its midpoint, in the theme’s colours', async () => {
    for (const theme of ['dark', 'light'] as const) {
      const host = await open(theme, at(1));
      const view = fixture('mlp-forward').graph;
      await host.send({ type: 'graph', graph: view });
      const labels = await host.page.evaluate(shapeLabels);
      const links = visibleGraph(view, new Set()).links.filter((l) => !l.shared);
      assert.equal(labels.length, links.length, 'one label per edge');
      for (const label of labels) {
        const shapes = shapesBehind(view, new Set(), label.link);
        assert.ok(label.text.startsWith(shapes[0].length ? shapes[0].join('×') : 'scalar'), `${label.link}: "${label.text}" names ${shapes[0].join('×')}`);
        assert.ok(label.shown, `${label.link} is shown at zoom 1`);
        // Beside the line (to its right, or above it): within a label's height and half its width of the midpoint.
        assert.ok(Math.abs(label.centre.y - label.midpoint.y) < 10, `${label.link}: label at y ${label.centre.y}, edge midpoint at ${label.midpoint.y}`);
        assert.ok(Math.abs(label.centre.x - label.midpoint.x) < 6 + label.text.length * 4, `${label.link}: label at x ${label.centre.x}, edge midpoint at ${label.midpoint.x}`);
        assert.equal(label.fill, rgb(THEMES[theme].vars['--vscode-descriptionForeground']));
        assert.equal(label.stroke, rgb(THEMES[theme].vars['--vscode-editor-background']), 'ringed in the background colour');
      }
      // The input's edge carries the data tensor: its shape is the data node's.
      const input = labels.find((l) => l.link.startsWith('data.x→'));
      assert.equal(input?.text, view.nodes.find((n) => n.id === 'data.x')!.shape!.join('×'));
      await host.screenshot(`graph-shapes-mlp-${theme}`);
    }
  });

  it('writes the shapes inside an expanded layer, and hides them all when zoomed out too far to read', async () => {
    const host = await open('dark', { ...(at(0.3) as object), expanded: ['layer:memory'] });
    const view = fixture('lstm-forward').graph;
    await host.send({ type: 'graph', graph: view });
    const edges = visibleGraph(view, new Set(['layer:memory'])).links.filter((l) => !l.shared && l.shapes.length > 0);
    assert.ok(edges.length > 100, `${edges.length} edges with shapes in the unrolled LSTM`);
    const far = await host.page.evaluate(shapeLabels);
    assert.ok(far.every((l) => !l.shown), `none of ${far.length} shown at zoom 0.3`);
    await host.page.locator('svg.graph').focus();
    for (let k = 0; k < 6; k++) await host.page.keyboard.press('+');
    await host.page.keyboard.press('c');
    await host.page.waitForFunction(() => getComputedStyle(document.querySelector('g.edge-shapes')!).display !== 'none');
    const near = await host.page.evaluate(shapeLabels);
    assert.ok(near.some((l) => l.shown), 'shown once zoomed in');
    for (const label of near.slice(0, 40)) assert.ok(label.text.startsWith(shapesBehind(view, new Set(['layer:memory']), label.link)[0].join('×')), label.link);
    await host.screenshot('graph-shapes-lstm-expanded-dark');
  });

  it('an imported ONNX model (samples/onnx-transformer), its layer opened: the shapes between its module groups', async () => {
    const name = 'onnx-transformer';
    const session = Session.create(readFileSync(join(__dirname, '../../samples', `${name}.nn.yaml`), 'utf8'), `${name}.nn.yaml`, { files: sampleFiles(name) });
    session.start();
    for (let k = 0; k < 30; k++) session.stepIn();
    const response = session.graph();
    assert.ok(response.ok);
    const view = response.body as GraphView;
    const host = await open('dark', { ...(at(1) as object), expanded: ['layer:reverser'] });
    await host.send({ type: 'graph', graph: view }, 60_000);
    await host.page.locator('svg.graph').focus();
    await host.page.keyboard.press('c');
    await host.page.waitForFunction(() => document.querySelectorAll('text.edge-shape').length > 0);
    const labels = (await host.page.evaluate(shapeLabels)).filter((l) => l.shown);
    assert.ok(labels.length > 10, `${labels.length} shapes shown`);
    for (const label of labels) assert.ok(label.text.startsWith(shapesBehind(view, new Set(['layer:reverser']), label.link)[0].join('×')), `${label.link}: ${label.text}`);
    assert.ok(labels.some((l) => l.text === '8×6×32'), 'the model width of a batch of 8 × 6 tokens');
    await host.screenshot('graph-shapes-onnx-transformer-dark');
  });

  it('in a graph of thousands of ops, draws the shapes of the edges on screen only', async () => {
    // Ten modules open: 500 ops, most of them off screen.
    const expanded = Array.from({ length: 10 }, (_, k) => `layer:layers.${k}`);
    const host = await open('dark', { ...(at(1) as object), expanded });
    const view = moduleGraph(100, 50, true);
    await host.send({ type: 'graph', graph: view }, 60_000);
    const labels = await host.page.evaluate(shapeLabels);
    const links = visibleGraph(view, new Set(expanded)).links.length;
    assert.ok(labels.length > 0 && labels.length < links, `${labels.length} of ${links} edges labelled`);
    assert.ok(labels.every((l) => l.text === '1×64×256' && l.shown));
  });
});
