/// <reference lib="dom" />
import * as assert from 'node:assert/strict';
import type { GraphView } from '../../engine/protocol';
import { irregularGraph, unrolledGraph } from '../../bench/webviewGraphs';
import { visibleGraph } from '../../webview/graph/visibleGraph';
import { webviewPages } from './support/pages';
import { nodeOutline } from './support/probes';
import type { StandInHost } from './support/standInHost';

/** What the panel shows of each drawn node: is it on screen, and the label drawn in it (if any). */
interface Seen {
  readonly id: string;
  readonly onScreen: boolean;
  readonly label: string | null;
}

function seen(): Seen[] {
  const stage = document.querySelector('.stage')!.getBoundingClientRect();
  return Array.from(document.querySelectorAll<SVGGElement>('g.node')).map((g) => {
    const r = g.querySelector('rect')!.getBoundingClientRect();
    const onScreen = r.left >= stage.left && r.right <= stage.right && r.top >= stage.top && r.bottom <= stage.bottom;
    return { id: g.dataset.id!, onScreen, label: g.querySelector(':scope > text.label')?.textContent ?? null };
  });
}

/** Where a node's box is on screen (CSS px), and whether the sliding drawing covers the whole stage. */
function placeOf(id: string): { x: number; y: number; covered: boolean } {
  const r = document.querySelector(`[data-id="${CSS.escape(id)}"] > rect`)!.getBoundingClientRect();
  const stage = document.querySelector('.stage')!.getBoundingClientRect();
  const held = document.querySelector('svg.graph')!.getBoundingClientRect();
  const covered = held.left <= stage.left && held.top <= stage.top && held.right >= stage.right && held.bottom >= stage.bottom;
  return { x: r.x, y: r.y, covered };
}

/**
 * Compares two screenshots (PNG, base64) of the same size, decoded by the page: the share of pixels
 * that differ (by more than 48 in a channel), and the share that are not the background colour (the
 * top-left pixel) in the second.
 */
async function compare([a, b]: [string, string]): Promise<{ differ: number; drawn: number }> {
  const pixels = async (png: string): Promise<Uint8ClampedArray> => {
    const bitmap = await createImageBitmap(new Blob([Uint8Array.from(atob(png), (c) => c.charCodeAt(0))], { type: 'image/png' }));
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const g = canvas.getContext('2d')!;
    g.drawImage(bitmap, 0, 0);
    return g.getImageData(0, 0, bitmap.width, bitmap.height).data;
  };
  const [p, q] = [await pixels(a), await pixels(b)];
  let differ = 0;
  let drawn = 0;
  for (let k = 0; k < q.length; k += 4) {
    if (Math.max(Math.abs(p[k] - q[k]), Math.abs(p[k + 1] - q[k + 1]), Math.abs(p[k + 2] - q[k + 2])) > 48) differ++;
    if (q[k] !== q[0] || q[k + 1] !== q[1] || q[k + 2] !== q[2]) drawn++;
  }
  return { differ: differ / (q.length / 4), drawn: drawn / (q.length / 4) };
}

const frame = (): Promise<void> => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));

describe('Graph webview on a 2,000-op graph (headless Chromium)', function () {
  this.timeout(300_000);
  const view = unrolledGraph(6, 16);
  const layers = view.nodes.filter((n) => n.kind === 'layer').map((n) => n.id);
  const drawn = visibleGraph(view, new Set(layers));
  const leaves = [...drawn.boxes.values()].filter((b) => b.children.length === 0);
  const openPage = webviewPages((host) => assert.deepEqual(host.consoleErrors, [], 'no page errors, and the layout ran in its worker'));

  async function open(transform: { x: number; y: number; k: number } | null, graph: GraphView = view): Promise<StandInHost> {
    const expanded = graph.nodes.filter((n) => n.kind === 'layer').map((n) => n.id);
    const host = await openPage('graph', { state: { expanded, selected: null, transform, follow: false } });
    await host.send({ type: 'graph', graph }, 180_000);
    await host.page.evaluate(frame);
    return host;
  }

  /**
   * Drags the graph by `steps` moves of (dx, dy) from the middle of the view, and checks while the
   * button is still down that the drawing followed the pointer and covers the whole view: `id`'s box
   * moved by exactly the distance dragged, and the screen then matches what is drawn once the drag
   * has ended (nothing missing beyond the view's former edges).
   */
  async function drag(host: StandInHost, id: string, steps: number, [dx, dy]: [number, number]): Promise<void> {
    const box = (await host.page.locator('.stage').boundingBox())!;
    const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
    const before = await host.page.evaluate(placeOf, id);
    await host.page.mouse.move(x, y);
    await host.page.mouse.down();
    for (let i = 1; i <= steps; i++) await host.page.mouse.move(x + i * dx, y + i * dy);
    await host.page.evaluate(frame);
    const during = await host.page.evaluate(placeOf, id);
    const moved = (p: { x: number; y: number }): number[] => [p.x - before.x, p.y - before.y].map((d) => Math.round(d * 100) / 100);
    assert.deepEqual(moved(during), [steps * dx, steps * dy], 'while dragged, the drawing follows the pointer');
    assert.ok(during.covered, 'while dragged, the drawing covers the whole view');
    const shot = (): Promise<string> => host.page.screenshot({ clip: box }).then((b) => b.toString('base64'));
    const sliding = await shot();
    await host.page.mouse.up();
    await host.page.evaluate(frame);
    const after = await host.page.evaluate(placeOf, id);
    assert.deepEqual(moved(after), [steps * dx, steps * dy], 'the view keeps the distance dragged');
    const { differ, drawn } = await host.page.evaluate(compare, [sliding, await shot()] as [string, string]);
    assert.ok(drawn > 0.02, `the view shows some of the drawing (${(drawn * 100).toFixed(1)}% of it is not background)`);
    assert.ok(differ < 0.01, `while dragged, the view shows what is drawn there once the drag ends (${(differ * 100).toFixed(1)}% of pixels differ)`);
    assert.equal(await host.page.locator('.graph-holder').evaluate((h) => (h as HTMLElement).style.transform), '', 'after the drag, nothing slides');
    assert.equal((await host.posted()).filter((m) => m.type === 'reveal').length, 0, 'a drag is not a click');
  }

  it('draws every op, the current one highlighted, and no labels while the whole graph is too small to read', async () => {
    const host = await open(null);
    assert.equal(await host.page.locator('g.nodes > g.node').count(), leaves.length);
    assert.ok(leaves.length > 1900);
    assert.ok((await host.state<{ transform: { k: number } }>()).transform.k < 0.4, 'fitted, the graph is drawn small');
    assert.equal(await host.page.locator('g.node text.label').count(), 0);
    assert.match((await host.page.evaluate(nodeOutline, view.current!))!.classes, /\bcurrent\b/);
    await host.screenshot('graph-2000-fit-dark');
  });

  it('at 1:1 labels every op on screen (and few beyond), and labels what a drag brings into view', async () => {
    const host = await open({ x: 0, y: 0, k: 1 });
    const before = await host.page.evaluate(seen);
    const shown = before.filter((s) => s.onScreen);
    assert.ok(shown.length > 10, 'some ops are on screen');
    for (const s of shown) assert.equal(s.label, drawn.boxes.get(s.id)!.label, `${s.id} is labelled`);
    assert.ok(before.filter((s) => s.label !== null).length < leaves.length / 4, 'ops far off screen are not labelled');
    await host.screenshot('graph-2000-one-to-one-dark');

    // Further than the margin drawn around the view while sliding: the drag goes on past it.
    await drag(host, shown[0].id, 20, [-30, -20]);
    assert.equal(await host.page.locator('svg.graph > g.viewport').getAttribute('transform'), 'translate(-600,-400) scale(1)');
    assert.deepEqual((await host.state<{ transform: unknown }>()).transform, { x: -600, y: -400, k: 1 });
    const after = (await host.page.evaluate(seen)).filter((s) => s.onScreen);
    assert.ok(after.some((s) => !shown.some((b) => b.id === s.id)), 'the drag brought other ops into view');
    for (const s of after) assert.equal(s.label, drawn.boxes.get(s.id)!.label, `${s.id} is labelled after the drag`);
  });

  it('drags a graph far taller than the view, zoomed out as far as it goes, and shows what comes into view', async () => {
    const tall = irregularGraph(40, 50);
    const host = await open(null, tall);
    const { k, y } = (await host.state<{ transform: { k: number; y: number } }>()).transform;
    assert.equal(k, 0.05, 'fitted as far as the zoom goes');
    const below = await host.page.evaluate(() => document.querySelector('svg.graph > g.viewport')!.getBoundingClientRect().height);
    assert.ok(below > 3 * (await host.page.locator('.stage').boundingBox())!.height, 'the drawing is several views tall');
    await drag(host, tall.current!, 24, [10, -25]);
    assert.equal((await host.state<{ transform: { y: number } }>()).transform.y, y - 600);
    await host.screenshot('graph-2000-tall-dragged-dark');
  });

  it('goes to the current op (C), labelled and outlined, and reveals a clicked op in the model file', async () => {
    const host = await open(null);
    await host.page.locator('svg.graph').focus();
    for (let i = 0; i < 8; i++) await host.page.keyboard.press('+');
    await host.page.keyboard.press('c');
    await host.page.evaluate(frame);
    const current = view.current!;
    const here = (await host.page.evaluate(seen)).find((s) => s.id === current)!;
    assert.ok(here.onScreen);
    assert.equal(here.label, drawn.boxes.get(current)!.label);
    assert.match((await host.page.evaluate(nodeOutline, current))!.classes, /\bcurrent\b.*\bselected\b|\bselected\b.*\bcurrent\b/);
    await host.screenshot('graph-2000-current-dark');
    await host.page.locator(`[data-id="${current}"]`).click();
    assert.deepEqual((await host.posted()).at(-1), { type: 'reveal', node: current, layer: 'rnn0' });
  });
});
