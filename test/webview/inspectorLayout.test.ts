/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { webviewPages } from './support/pages';
import { fixture } from './support/standInHost';

interface Box {
  x: number;
  y: number;
  right: number;
  bottom: number;
}

interface Layout {
  /** The sections drawn, in the order they stand on screen (top to bottom, then left to right). */
  sections: (Box & { id: string })[];
  /** The gate heatmaps' canvases, in document order. */
  gates: Box[];
  /** Does the page itself scroll? */
  pageScrolls: boolean;
  window: { width: number; height: number };
}

function layout(page: Page): Promise<Layout> {
  return page.evaluate(() => {
    const box = (el: Element) => {
      const r = el.getBoundingClientRect();
      return { x: Math.round(r.left), y: Math.round(r.top), right: Math.round(r.right), bottom: Math.round(r.bottom) };
    };
    const sections = [...document.querySelectorAll<HTMLElement>('[data-section]')]
      .filter((s) => !s.hidden)
      .map((s) => ({ id: s.dataset.section ?? '', ...box(s) }))
      .sort((a, b) => a.y - b.y || a.x - b.x);
    const scroller = document.scrollingElement!;
    return {
      sections,
      gates: [...document.querySelectorAll('[data-section="gates"] canvas.heatmap-cells')].map(box),
      pageScrolls: scroller.scrollHeight > scroller.clientHeight + 1,
      window: { width: window.innerWidth, height: window.innerHeight },
    };
  });
}

const section = (l: Layout, id: string) => l.sections.find((s) => s.id === id)!;

describe('Inspector layout (headless Chromium): stacked in a narrow side bar, in columns in a wide panel', function () {
  this.timeout(180_000);
  const openPage = webviewPages();

  it('in a side bar 300 px wide the sections stand one under the other, and so do the four gates', async () => {
    const host = await openPage('inspector', { viewport: { width: 300, height: 900 } });
    await host.send({ type: 'inspector', view: fixture('lstm-forward').inspector });
    const l = await layout(host.page);
    assert.deepEqual(new Set(l.sections.map((s) => s.x)).size, 1, `one column: ${JSON.stringify(l.sections)}`);
    assert.equal(l.gates.length, 4);
    for (let i = 1; i < l.gates.length; i++) assert.ok(l.gates[i]!.y >= l.gates[i - 1]!.bottom, `gate ${i} under gate ${i - 1}: ${JSON.stringify(l.gates)}`);
    assert.ok(l.gates.every((g) => g.right <= l.window.width), 'no heatmap wider than the side bar');
    assert.ok(l.pageScrolls, 'a tall Inspector scrolls as a page');
    assert.deepEqual(host.consoleErrors, []);
  });

  it('in the panel (1250 × 300) the op and the gates stand side by side, the four gates in one row, each whole on screen, and the page does not scroll', async () => {
    const host = await openPage('inspector', { viewport: { width: 1250, height: 300 } });
    await host.send({ type: 'inspector', view: fixture('lstm-forward').inspector });
    const l = await layout(host.page);
    const [op, gates] = [section(l, 'op'), section(l, 'gates')];
    assert.deepEqual([l.sections[0]!.id, l.sections[1]!.id], ['op', 'gates'], `the op first, the gates of the current layer beside it: ${JSON.stringify(l.sections)}`);
    assert.ok(op.y === gates.y && op.right <= gates.x, `side by side: ${JSON.stringify({ op, gates })}`);
    assert.equal(new Set(l.gates.map((g) => g.y)).size, 1, `the gates in one row: ${JSON.stringify(l.gates)}`);
    for (const g of l.gates) assert.ok(g.x >= 0 && g.y >= 0 && g.right <= l.window.width && g.bottom <= l.window.height, `a gate heatmap whole in the window: ${JSON.stringify(g)}`);
    assert.equal(l.pageScrolls, false, 'each section scrolls in its own column; the header stays');
    assert.deepEqual(host.consoleErrors, []);
    await host.screenshot('inspector-panel-lstm-forward');
    await host.send({ type: 'idle', message: 'The debug session has ended. Press F5 on a model file to start another.' });
    assert.equal(await host.page.locator('.inspector-header').isVisible(), false, 'no step buttons while no session is stopped');
    assert.ok(await host.page.getByText('The debug session has ended.').isVisible());
  });

  it('in the panel, the section of the current layer comes right after the op: the gradients in the backward pass, the attention at the attention layer', async () => {
    const host = await openPage('inspector', { viewport: { width: 1250, height: 300 } });
    await host.send({ type: 'inspector', view: fixture('lstm-backward').inspector });
    let l = await layout(host.page);
    assert.deepEqual(l.sections.slice(0, 2).map((s) => s.id), ['op', 'gradients'], JSON.stringify(l.sections));
    await host.send({ type: 'inspector', view: fixture('attention-forward').inspector });
    l = await layout(host.page);
    assert.deepEqual(l.sections.slice(0, 2).map((s) => s.id), ['op', 'attention'], JSON.stringify(l.sections));
    assert.ok(section(l, 'gates').y >= section(l, 'attention').bottom, 'the encoder and decoder gates below');
    assert.deepEqual(host.consoleErrors, []);
  });
});
