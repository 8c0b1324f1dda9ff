/// <reference lib="dom" />
import * as assert from 'node:assert/strict';
import { moduleGraph } from '../../bench/webviewGraphs';
import { zoomToCurrent } from './support/graphZoom';
import { webviewPages } from './support/pages';
import type { Rendered, StandInHost } from './support/standInHost';

interface Drawn {
  readonly rendered: Rendered & { refining?: boolean };
  /** Where the module's box is on screen (CSS px) when first drawn. */
  readonly first: DOMRect;
  /** Ops drawn inside it when first drawn. */
  readonly ops: number;
}

/** Clicks a module's expander; resolves when the graph is drawn again, with what was on screen then. */
function clickExpander(host: StandInHost, id: string): Promise<Drawn> {
  return host.page.evaluate(
    (id) =>
      new Promise<Drawn>((resolve) => {
        window.addEventListener(
          'backstep:rendered',
          (e) => {
            const box = document.querySelector(`[data-id="${CSS.escape(id)}"] > rect`)!.getBoundingClientRect();
            const ops = document.querySelectorAll(`g.node[data-id^="${CSS.escape(id.slice('layer:'.length))}/"]`).length;
            resolve({ rendered: (e as CustomEvent<Drawn['rendered']>).detail, first: box.toJSON() as DOMRect, ops });
          },
          { once: true },
        );
        document.querySelector(`[data-expand="${CSS.escape(id)}"]`)!.dispatchEvent(new MouseEvent('click', { bubbles: true }));
      }),
    id,
  );
}

/** Waits for ELK's layout to replace the first picture; where the box is on screen then. */
function refined(host: StandInHost, id: string): Promise<DOMRect> {
  return host.page.evaluate(
    (id) =>
      new Promise<DOMRect>((resolve) =>
        window.addEventListener('backstep:refined', () => requestAnimationFrame(() => resolve(document.querySelector(`[data-id="${CSS.escape(id)}"] > rect`)!.getBoundingClientRect().toJSON() as DOMRect)), { once: true }),
      ),
    id,
  );
}

/** The op boxes inside a module, relative to the module's box (drawing coordinates). */
function inside(id: string): Record<string, [number, number]> {
  const at = (g: Element): [number, number] => {
    const r = g.querySelector('rect')!;
    return [Number(r.getAttribute('x')), Number(r.getAttribute('y'))];
  };
  const [x0, y0] = at(document.querySelector(`[data-id="${CSS.escape(id)}"]`)!);
  const out: Record<string, [number, number]> = {};
  for (const g of document.querySelectorAll(`g.node[data-id^="${CSS.escape(id.slice('layer:'.length))}/"]`)) {
    const [x, y] = at(g);
    // To a hundredth of a pixel: the sums of floats differ in their last digits from module to module.
    out[g.getAttribute('data-id')!.split('/').slice(1).join('/')] = [Math.round((x - x0) * 100) / 100, Math.round((y - y0) * 100) / 100];
  }
  return out;
}

describe('Graph webview: expanding a module of an imported model at once (headless Chromium)', function () {
  this.timeout(300_000);
  const open = webviewPages((host) => {
    assert.deepEqual(host.consoleErrors.filter((e) => /page error/.test(e)), []);
  });
  const opened = async (alike: boolean): Promise<StandInHost> => {
    const host = await open('graph', { state: { expanded: [], selected: null, transform: null, follow: false } });
    await host.page.waitForFunction(() => document.body.dataset.warm === 'yes', undefined, { timeout: 60_000 });
    await host.send({ type: 'graph', graph: moduleGraph(100, 50, alike) }, 60_000);
    return host;
  };

  it('draws the opened module’s ops at once, then swaps in ELK’s layout with the module where it was on screen', async () => {
    const host = await opened(false);
    const module = 'layer:layers.42';
    const done = refined(host, module);
    const drawn = await clickExpander(host, module);
    assert.equal(drawn.rendered.refining, true, 'a first picture, ELK’s layout to follow');
    assert.equal(drawn.ops, 50, 'every op of the module drawn at once');
    const after = await done;
    assert.ok(Math.abs(after.x - drawn.first.x) < 1 && Math.abs(after.y - drawn.first.y) < 1, `the module stays put: (${drawn.first.x}, ${drawn.first.y}) → (${after.x}, ${after.y})`);
    assert.equal(await host.page.locator(`g.node[data-id^="layers.42/"]`).count(), 50);
  });

  it('lays out a module alike one already opened as ELK did, with nothing to swap in later', async () => {
    const host = await opened(true);
    const done = refined(host, 'layer:layers.3');
    await clickExpander(host, 'layer:layers.3');
    await done;
    const drawn = await clickExpander(host, 'layer:layers.60');
    assert.equal(drawn.rendered.refining, false, 'the page knew ELK’s layout of this shape');
    const [a, b] = await Promise.all(['layer:layers.3', 'layer:layers.60'].map((id) => host.page.evaluate(inside, id)));
    assert.equal(Object.keys(b).length, 50);
    assert.deepEqual(b, a, 'the same layout inside both modules');
  });

  it('zoomed in to read, opening a module taller than the view shows its title and first ops, labelled', async () => {
    const host = await opened(false);
    await zoomToCurrent(host);
    const done = refined(host, 'layer:layers.0');
    await host.page.keyboard.press(' ');
    await done;
    const seen = await host.page.evaluate(() => {
      const view = document.querySelector('svg.graph')!.getBoundingClientRect();
      const within = (r: DOMRect): boolean => r.left >= view.left && r.top >= view.top && r.right <= view.right && r.bottom <= view.bottom;
      const module = document.querySelector('[data-id="layer:layers.0"]')!;
      const title = module.querySelector(':scope > text.title')!;
      const labels = [...document.querySelectorAll('g.node[data-id^="layers.0/"] > text.label')].filter((t) => within(t.getBoundingClientRect()));
      return { taller: module.getBoundingClientRect().height > view.height, title: within(title.getBoundingClientRect()) ? title.textContent : null, labels: labels.map((t) => t.textContent) };
    });
    assert.ok(seen.taller, 'the opened module is taller than the view');
    assert.match(seen.title ?? '', /layers\.0/, 'its title is on screen');
    assert.ok(seen.labels.includes('MatMul_0'), `its first op is on screen, labelled (labels on screen: ${seen.labels.join(', ')})`);
  });

  it('collapses a module at once, with nothing to swap in later', async () => {
    const host = await opened(false);
    const done = refined(host, 'layer:layers.7');
    await clickExpander(host, 'layer:layers.7');
    await done;
    const drawn = await clickExpander(host, 'layer:layers.7');
    assert.equal(drawn.rendered.refining, false);
    assert.equal(drawn.ops, 0);
  });
});
