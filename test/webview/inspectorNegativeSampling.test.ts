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
/** The noise plot's geometry (negativeSamplingNoise.ts): rank 1…n from x = 62 to 292; log10 p from the decade above the largest probability (y = 10) to the one below the smallest (y = 160). */
const PLOT = { left: 62, top: 10, w: 230, h: 150 };
const decadesOf = (n: { unigram: readonly number[]; noise: readonly number[] }): [number, number] => {
  const all = [...n.unigram, ...n.noise];
  return [Math.floor(Math.log10(Math.min(...all))), Math.ceil(Math.log10(Math.max(...all)))];
};

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
    const rows = await tableRows(host.page.locator(`${section} table[data-table=noise]`));
    const z = n.unigram.reduce((a, p) => a + p ** 0.75, 0);
    assert.equal(rows.length, n.words.length);
    rows.forEach(([rank, word, p, q], i) => assert.deepEqual([rank, word, p, q], [String(i + 1), n.words[i], formatNumber(n.unigram[i], 4), formatNumber(n.unigram[i] ** 0.75 / z, 4)]));
    // The curves where no word is marked: the unigram's blue at rank 1 (P(w)); the noise's orange (dashed) where its dash is drawn.
    const plot = host.page.locator(`${section} canvas.ns-noise`);
    const at = (rank: number, p: number) => ({ x: PLOT.left + ((rank - 1) / (n.words.length - 1)) * PLOT.w, y: PLOT.top + ((decadesOf(n)[1] - Math.log10(p)) / (decadesOf(n)[1] - decadesOf(n)[0])) * PLOT.h });
    const first = at(1, n.unigram[0]);
    assert.ok(sameColour(await pixelAt(plot, first.x + 1, first.y + 1), rgbOf(colours['--vscode-charts-blue']), 40), 'the unigram curve starts at P(w₁)');
  });

  it('marks the words drawn for the pair on the noise curve (red dots: negatives, green ring: the true word), with a legend, a table and Left/Right to read each', async () => {
    const host = await open();
    const v = view();
    const n = v.negativeSampling!;
    const ex = n.example!;
    await host.send({ type: 'inspector', view: v });
    const z = n.unigram.reduce((a, p) => a + p ** 0.75, 0);
    const noise = (w: number): number => n.unigram[w] ** 0.75 / z;
    const [lo, hi] = decadesOf(n);
    const at = (w: number) => ({ x: PLOT.left + (w / (n.words.length - 1)) * PLOT.w, y: PLOT.top + ((hi - Math.log10(noise(w))) / (hi - lo)) * PLOT.h });
    const plot = host.page.locator(`${section} canvas.ns-noise`);
    const red = rgbOf(colours['--vscode-charts-red']);
    const green = rgbOf(colours['--vscode-charts-green']);
    for (const w of new Set(ex.negatives.map((x) => x.word))) {
      const c = at(w);
      assert.ok(sameColour(await pixelAt(plot, c.x, c.y), red, 30), `negative “${n.words[w]}” is a red dot at (rank ${w + 1}, ${noise(w)})`);
    }
    // The true word's ring: green on the ring (radius 4), not inside (unless a negative is drawn there too).
    const p = at(ex.positive.word);
    assert.ok(sameColour(await pixelAt(plot, p.x + 4, p.y), green, 40), `the true word “${n.words[ex.positive.word]}” has a green ring`);
    if (!ex.negatives.some((x) => x.word === ex.positive.word)) assert.ok(!sameColour(await pixelAt(plot, p.x, p.y), red, 30));
    // Words not drawn: no red at their point.
    const drawn = new Set([ex.positive.word, ...ex.negatives.map((x) => x.word)]);
    const free = [...n.words.keys()].filter((w) => [...drawn].every((d) => Math.hypot(at(w).x - at(d).x, at(w).y - at(d).y) > 12));
    for (const w of free.slice(0, 5)) assert.ok(!sameColour(await pixelAt(plot, at(w).x, at(w).y), red, 30), `“${n.words[w]}” not drawn: no dot`);
    const legend = (await host.page.locator(`${section} .ns-noise-legend`).textContent()) ?? '';
    for (const entry of ['unigram P(w)', 'noise P(w)^¾ / Z', 'a negative drawn for this pair', 'the true context word']) assert.ok(legend.includes(entry), `legend: ${entry}`);
    const rows = await tableRows(host.page.locator(`${section} table[data-table=sampled]`));
    const expected = [ex.positive, ...ex.negatives].map((w, k) => [n.words[w.word], k === 0 ? 'true context word' : `negative ${k}`, String(w.word + 1), formatNumber(n.unigram[w.word], 4), formatNumber(noise(w.word), 4)]);
    assert.deepEqual(rows, expected);
    await plot.focus();
    await host.page.keyboard.press('ArrowRight');
    const w1 = ex.negatives[0].word;
    assert.equal(await host.page.locator(`${section} .ns-noise-readout`).textContent(), `${n.words[w1]}, negative 1: rank ${w1 + 1}, unigram P(w) = ${formatNumber(n.unigram[w1], 3)}, noise P(w)^¾ / Z = ${formatNumber(noise(w1), 3)}`);
    assert.ok(sameColour(await pixelAt(plot, at(w1).x + 8, at(w1).y), rgbOf(colours['--vscode-focusBorder']), 60), 'the focused word ringed');
    await host.screenshot('inspector-negative-sampling-dark');
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
    const said = (await host.page.locator(`${section} .ns-readout`).textContent()) ?? '';
    assert.match(said, new RegExp(`^${v.negativeSampling!.words[ex.negatives[0].word]}, negative 1: u·v = not yet computed`));
  });

  it('has no section for hierarchical softmax', async () => {
    const host = await open();
    await host.send({ type: 'inspector', view: fixture('word2vec-hs').inspector });
    assert.equal(await host.page.locator(section).isVisible(), false);
  });
});
