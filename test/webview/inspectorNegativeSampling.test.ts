/// <reference lib="dom" />
import * as assert from 'node:assert/strict';
import type { InspectorView } from '../../engine/protocol';
import { formatNumber } from '../../engine/protocol/numberText';
import { pixelAt, rgbOf, sameColour, tableRows } from './inspector/wordPixels';
import { webviewPages } from './support/pages';
import { fixture, type StandInHost } from './support/standInHost';
import { THEMES } from './support/themes';

/** The bars' geometry as the section draws them (negativeSamplingSection.ts): σ = 0 at x = 80, σ = 1 at 280, rows of 20 px from y = 6, each bar 14 px high. */
const BARS = { left: 80, span: 200, top: 6, row: 20 };
const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/**
 * word2vec-skipgram at step 200, at log σ of the negatives: the true pair's bar in green and the 5
 * negatives' in red, each as long as σ(u·v) computed here from the score; the noise distribution
 * beside the unigram one; hatched bars and "not yet computed" before.
 */
describe('Inspector webview: negative sampling (headless Chromium)', function () {
  this.timeout(180_000);
  const openPage = webviewPages((host) => {
    assert.deepEqual(host.consoleErrors, []);
  });
  const open = (): Promise<StandInHost> => openPage('inspector', { theme: 'dark' });
  const section = '[data-section=negative-sampling]';
  const view = (): InspectorView => fixture('word2vec-ns').inspector;
  const colours = THEMES.dark.vars;

  it('tables the true pair and each negative: u·v, σ(u·v) and the word’s noise probability', async () => {
    const host = await open();
    const v = view();
    const n = v.negativeSampling!;
    const ex = n.example!;
    await host.send({ type: 'inspector', view: v });
    const rows = await tableRows(host.page.locator(`${section} table[data-table=scores]`));
    const expected = [ex.positive, ...ex.negatives].map((w, k) => [n.words[w.word], k === 0 ? 'true pair' : `negative ${k}`, formatNumber(w.score!, 4), formatNumber(sigmoid(w.score!), 4), formatNumber(n.noise[w.word], 4)]);
    assert.deepEqual(rows, expected);
    await host.screenshot('inspector-word2vec-ns-dark');
  });

  it('draws each σ as a bar from 0 to σ on the 0…1 axis: green for the true pair, red for the negatives', async () => {
    const host = await open();
    const v = view();
    const ex = v.negativeSampling!.example!;
    await host.send({ type: 'inspector', view: v });
    const canvas = host.page.locator(`${section} canvas.ns-bars`);
    for (const [k, w] of [ex.positive, ...ex.negatives].entries()) {
      const colour = rgbOf(k === 0 ? colours['--vscode-charts-green'] : colours['--vscode-charts-red']);
      const sigma = sigmoid(w.score!);
      const y = BARS.top + k * BARS.row + BARS.row / 2;
      if (sigma * BARS.span > 3) assert.ok(sameColour(await pixelAt(canvas, BARS.left + (sigma * BARS.span) / 2, y), colour), `bar ${k} is filled up to σ = ${sigma}`);
      assert.ok(!sameColour(await pixelAt(canvas, BARS.left + sigma * BARS.span + 2, y), colour), `bar ${k} ends at σ = ${sigma}`);
    }
  });

  it('draws the noise distribution beside the unigram one: P(w)^¾ / Σ P(w)^¾, read from its table', async () => {
    const host = await open();
    const v = view();
    const n = v.negativeSampling!;
    await host.send({ type: 'inspector', view: v });
    const rows = await tableRows(host.page.locator(`${section} .chart .sr-only table`));
    const z = n.unigram.reduce((a, p) => a + p ** 0.75, 0);
    const noise = rows.filter((r) => r[0] === 'noise P(w)^¾ / Z');
    assert.ok(noise.length > 10);
    for (const [, rank, p] of noise) assert.equal(p, formatNumber(n.unigram[Number(rank) - 1] ** 0.75 / z));
  });

  it('before the scores are computed: hatched bars, no colour, “not yet computed” in the table; Up/Down read each word', async () => {
    const host = await open();
    const v = view();
    const ex = v.negativeSampling!.example!;
    const blank = (w: typeof ex.positive) => ({ ...w, score: null, sigma: null });
    const before: InspectorView = { ...v, negativeSampling: { ...v.negativeSampling!, example: { ...ex, positive: blank(ex.positive), negatives: ex.negatives.map(blank) } } };
    await host.send({ type: 'inspector', view: before });
    const rows = await tableRows(host.page.locator(`${section} table[data-table=scores]`));
    for (const r of rows) assert.deepEqual(r.slice(2, 4), ['not yet computed', 'not yet computed']);
    const canvas = host.page.locator(`${section} canvas.ns-bars`);
    const green = rgbOf(colours['--vscode-charts-green']);
    assert.ok(!sameColour(await pixelAt(canvas, BARS.left + 10, BARS.top + BARS.row / 2), green));
    await canvas.focus();
    await host.page.keyboard.press('ArrowDown');
    const said = (await host.page.locator(`${section} [aria-live]`).textContent()) ?? '';
    assert.match(said, new RegExp(`^${v.negativeSampling!.words[ex.negatives[0].word]}, negative 1: u·v = not yet computed`));
  });

  it('has no section for hierarchical softmax', async () => {
    const host = await open();
    await host.send({ type: 'inspector', view: fixture('word2vec-hs').inspector });
    assert.equal(await host.page.locator(section).isVisible(), false);
  });
});
