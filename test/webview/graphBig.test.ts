/// <reference lib="dom" />
import * as assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { unrolledGraph } from '../../bench/webviewGraphs';
import { visibleGraph } from '../../webview/graph/visibleGraph';
import { nodeOutline } from './support/probes';
import { buildWebviews, launchBrowser, serve, StandInHost, type Served } from './support/standInHost';

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

const frame = (): Promise<void> => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));

describe('Graph webview on a 2,000-op graph (headless Chromium)', function () {
  this.timeout(300_000);
  const view = unrolledGraph(6, 16);
  const layers = view.nodes.filter((n) => n.kind === 'layer').map((n) => n.id);
  const drawn = visibleGraph(view, new Set(layers));
  const leaves = [...drawn.boxes.values()].filter((b) => b.children.length === 0);
  let served: Served;
  let browser: Browser;
  let host: StandInHost | null = null;

  before(async () => {
    buildWebviews();
    served = await serve();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await served?.close();
  });

  afterEach(async () => {
    if (!host) return;
    assert.deepEqual(await host.cspViolations(), [], 'the page broke its content security policy');
    assert.deepEqual(host.consoleErrors, [], 'no page errors, and the layout ran in its worker');
    await host.close();
    host = null;
  });

  async function open(transform: { x: number; y: number; k: number } | null): Promise<StandInHost> {
    host = await StandInHost.open(browser, served, 'graph', { state: { expanded: layers, selected: null, transform, follow: false } });
    await host.send({ type: 'graph', graph: view }, 180_000);
    await host.page.evaluate(frame);
    return host;
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

    const box = (await host.page.locator('svg.graph').boundingBox())!;
    const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
    await host.page.mouse.move(x, y);
    await host.page.mouse.down();
    for (let i = 1; i <= 20; i++) await host.page.mouse.move(x - i * 30, y - i * 20);
    await host.page.evaluate(frame);
    assert.equal(await host.page.locator('svg.graph').evaluate((svg) => (svg as SVGSVGElement).style.transform), 'translate(-600px, -400px)', 'while dragged, the drawing slides');
    assert.equal(await host.page.locator('svg.graph > g.viewport').getAttribute('transform'), 'translate(0,0) scale(1)');
    await host.page.mouse.up();
    await host.page.evaluate(frame);
    assert.equal(await host.page.locator('svg.graph').evaluate((svg) => (svg as SVGSVGElement).style.transform), '');
    assert.equal(await host.page.locator('svg.graph > g.viewport').getAttribute('transform'), 'translate(-600,-400) scale(1)', 'the view keeps the distance dragged');
    assert.deepEqual((await host.state<{ transform: unknown }>()).transform, { x: -600, y: -400, k: 1 });
    const after = (await host.page.evaluate(seen)).filter((s) => s.onScreen);
    assert.ok(after.some((s) => !shown.some((b) => b.id === s.id)), 'the drag brought other ops into view');
    for (const s of after) assert.equal(s.label, drawn.boxes.get(s.id)!.label, `${s.id} is labelled after the drag`);
    assert.equal((await host.posted()).filter((m) => m.type === 'reveal').length, 0, 'a drag is not a click');
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
    assert.deepEqual((await host.posted()).at(-1), { type: 'reveal', node: current });
  });
});
