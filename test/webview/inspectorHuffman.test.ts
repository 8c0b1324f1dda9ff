/// <reference lib="dom" />
import * as assert from 'node:assert/strict';
import type { HuffmanView, InspectorView, TreeChild } from '../../engine/protocol';
import { formatNumber } from '../../engine/protocol/numberText';
import { pixelAt, rgbOf, sameColour, tableRows } from './inspector/wordPixels';
import { webviewPages } from './support/pages';
import { fixture, type StandInHost } from './support/standInHost';
import { THEMES } from './support/themes';

/** The figure's geometry, as the section draws it (huffmanSection.ts): 320 px wide, leaves from x = 30 to 310, one row of 22 px per depth from y = 14. */
const GEOMETRY = { left: 30, right: 310, top: 14, row: 22 };
const BATCH = 16;
const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** Leaf positions from the tree alone: leaves in tree order (branch 0 first), evenly spaced, at their depth. */
function leaves(h: HuffmanView): { x: number; y: number; depth: number }[] {
  const out: { x: number; y: number; depth: number }[] = [];
  let next = 0;
  const step = (GEOMETRY.right - GEOMETRY.left) / h.words.length;
  const walk = (c: TreeChild, depth: number): void => {
    if ('word' in c) out[c.word] = { x: GEOMETRY.left + (next++ + 0.5) * step, y: GEOMETRY.top + depth * GEOMETRY.row, depth };
    else for (const k of [h.inner[c.inner].zero, h.inner[c.inner].one]) walk(k, depth + 1);
  };
  walk({ inner: h.inner.length - 1 }, 0);
  return out;
}

/** Inner node positions: each above the middle of its two children. */
function innerNodes(h: HuffmanView): { x: number; y: number }[] {
  const at = leaves(h);
  const out: { x: number; y: number }[] = [];
  const place = (c: TreeChild, depth: number): number => {
    if ('word' in c) return at[c.word].x;
    const x = (place(h.inner[c.inner].zero, depth + 1) + place(h.inner[c.inner].one, depth + 1)) / 2;
    out[c.inner] = { x, y: GEOMETRY.top + depth * GEOMETRY.row };
    return x;
  };
  place({ inner: h.inner.length - 1 }, 0);
  return out;
}

/**
 * The Huffman tree of word2vec-hs at step 40, in the backward pass just after signed_scores of
 * example 0: the target's path drawn in the theme's blue, σ(±θ·v) and ∂L/∂(θ·v) per node in the
 * table, equal to what the test computes from the scores; before the loss ops ran, hatched nodes
 * and "not yet computed".
 */
describe('Inspector webview: hierarchical softmax (headless Chromium)', function () {
  this.timeout(180_000);
  const openPage = webviewPages((host) => {
    assert.deepEqual(host.consoleErrors, []);
  });
  const open = (): Promise<StandInHost> => openPage('inspector', { theme: 'dark' });
  const section = '[data-section=huffman]';
  const view = (): InspectorView => fixture('word2vec-hs').inspector;

  it('tables the path: σ((1 − 2d) θ·v) from each score, their product p(w | context), and ∂L/∂(θ·v) = −(1 − 2d)(1 − σ)/B', async () => {
    const host = await open();
    const v = view();
    const ex = v.huffman!.example!;
    await host.send({ type: 'inspector', view: v });
    const rows = await tableRows(host.page.locator(`${section} table[data-table=path]`));
    assert.equal(rows.length, ex.path.length + 1);
    let product = 1;
    ex.path.forEach((n, k) => {
      const sigma = sigmoid((1 - 2 * n.code) * n.score!);
      product *= sigma;
      assert.deepEqual(rows[k], [String(k), `θ${n.node}`, String(n.code), formatNumber(n.score!, 4), formatNumber(sigma, 4), formatNumber((-(1 - 2 * n.code) * (1 - sigma)) / BATCH, 4)]);
    });
    assert.equal(rows[ex.path.length][4], formatNumber(product, 4));
    assert.match((await host.page.locator(`${section} .huffman-summary`).textContent()) ?? '', new RegExp(`= Π σ\\(±θ·v\\) = ${formatNumber(product, 4)}`));
    await host.screenshot('inspector-word2vec-hs-dark');
  });

  it('draws the path in the theme’s blue from the root to the target’s leaf; other leaves stay unmarked', async () => {
    const host = await open();
    const v = view();
    const h = v.huffman!;
    await host.send({ type: 'inspector', view: v });
    const canvas = host.page.locator(`${section} canvas`);
    const at = leaves(h);
    const blue = rgbOf(THEMES.dark.vars['--vscode-charts-blue']);
    const target = at[h.example!.target];
    assert.ok(sameColour(await pixelAt(canvas, target.x, target.y), blue), 'the target leaf is blue');
    const root = innerNodes(h)[h.inner.length - 1];
    assert.ok(sameColour(await pixelAt(canvas, root.x + 2, root.y + 2), blue), 'the root is on the path');
    const other = at.findIndex((p, w) => w !== h.example!.target && Math.abs(p.x - target.x) > 20);
    assert.ok(!sameColour(await pixelAt(canvas, at[other].x, at[other].y + 1), blue), `the leaf of ${h.words[other]} is not blue`);
    const words = await tableRows(host.page.locator(`${section} table[data-table=words]`));
    assert.deepEqual(
      words.map((r) => [r[0], r[2].length]),
      h.words.map((w, i) => [w, at[i].depth] as [string, number]).sort((a, b) => at[h.words.indexOf(a[0])].x - at[h.words.indexOf(b[0])].x),
    );
  });

  it('before the loss ops ran: the path nodes hatched, not blue, and every σ, gradient and the product “not yet computed”', async () => {
    const host = await open();
    const v = view();
    const ex = v.huffman!.example!;
    const before: InspectorView = { ...v, huffman: { ...v.huffman!, example: { ...ex, probability: null, path: ex.path.map((n) => ({ ...n, score: null, sigma: null, grad: null })) } } };
    await host.send({ type: 'inspector', view: before });
    const rows = await tableRows(host.page.locator(`${section} table[data-table=path]`));
    for (const r of rows.slice(0, -1)) assert.deepEqual(r.slice(3), ['not yet computed', 'not yet computed', 'not yet computed']);
    assert.equal(rows[rows.length - 1][4], 'not yet computed');
    const canvas = host.page.locator(`${section} canvas`);
    const blue = rgbOf(THEMES.dark.vars['--vscode-charts-blue']);
    const nodes = innerNodes(v.huffman!);
    for (const n of ex.path.slice(1)) assert.ok(!sameColour(await pixelAt(canvas, nodes[n.node].x + 2, nodes[n.node].y + 2), blue), `node θ${n.node} is hatched, not filled`);
    assert.match((await host.page.locator(`${section} .huffman-summary`).textContent()) ?? '', /not yet computed/);
    await host.send({ type: 'inspector', view: v });
    for (const n of ex.path.slice(1)) assert.ok(sameColour(await pixelAt(canvas, nodes[n.node].x + 2, nodes[n.node].y + 2), blue), `node θ${n.node} is filled once its σ is computed`);
  });

  it('is keyboard-reachable: Down and Up walk the path and read each node out', async () => {
    const host = await open();
    const v = view();
    const ex = v.huffman!.example!;
    await host.send({ type: 'inspector', view: v });
    await host.page.locator(`${section} canvas`).focus();
    const readout = host.page.locator(`${section} [aria-live]`);
    assert.match((await readout.textContent()) ?? '', new RegExp(`^Depth 0, inner node θ${ex.path[0].node}, branch ${ex.path[0].code}`));
    await host.page.keyboard.press('ArrowDown');
    assert.match((await readout.textContent()) ?? '', new RegExp(`^Depth 1, inner node θ${ex.path[1].node}, branch ${ex.path[1].code}: .*σ\\(${ex.path[1].code === 0 ? '\\+' : '−'}θ·v\\) = ${formatNumber(ex.path[1].sigma!, 4)}`));
    await host.page.keyboard.press('End');
    assert.match((await readout.textContent()) ?? '', new RegExp(`^Depth ${ex.path.length - 1},`));
  });

  it('has no section for a model without hierarchical softmax', async () => {
    const host = await open();
    await host.send({ type: 'inspector', view: fixture('word2vec').inspector });
    assert.equal(await host.page.locator(section).isVisible(), false);
  });
});
