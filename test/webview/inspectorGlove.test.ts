/// <reference lib="dom" />
import * as assert from 'node:assert/strict';
import type { GloveView, InspectorView } from '../../engine/protocol';
import { formatNumber } from '../../engine/protocol/numberText';
import { pixelAt, rgbOf, sameColour, tableRows } from './inspector/wordPixels';
import { webviewPages } from './support/pages';
import { fixture, type StandInHost } from './support/standInHost';
import { THEMES } from './support/themes';

/** Geometry as gloveSection.ts draws: matrices 260 px square from (44, 8); f(X) over 240 × 120 px from (40, 10), x from 0 to max(max X, x_max). */
const MATRIX = { left: 44, top: 8, size: 260 };
const WEIGHT = { left: 40, top: 10, w: 240, h: 120 };
const weight = (x: number, g: GloveView): number => Math.min(1, (x / g.xMax) ** g.alpha);

/**
 * glove at step 30, at glove_loss/err: the co-occurrence matrix coloured by log X (empty cells the
 * background), the residuals red/blue, f(X) with the mark at the marked pair's count; the residual
 * matrix hatched before err has run; the arrow keys move the mark.
 */
describe('Inspector webview: GloVe (headless Chromium)', function () {
  this.timeout(180_000);
  const openPage = webviewPages((host) => {
    assert.deepEqual(host.consoleErrors, []);
  });
  const open = (): Promise<StandInHost> => openPage('inspector', { theme: 'dark' });
  const section = '[data-section=glove]';
  const view = (): InspectorView => fixture('glove-err').inspector;
  const theme = THEMES.dark.vars;
  const centre = (g: GloveView, i: number, j: number) => {
    const cell = MATRIX.size / g.words.length;
    return { x: MATRIX.left + (j + 0.5) * cell, y: MATRIX.top + (i + 0.5) * cell };
  };

  it('colours the largest log X in full blue, leaves a pair that never co-occurs empty, and the residuals red below / blue above', async () => {
    const host = await open();
    const v = view();
    const g = v.glove!;
    await host.send({ type: 'inspector', view: v });
    const counts = host.page.locator(`${section} canvas.glove-counts`);
    const top = g.pairs.counts.indexOf(Math.max(...g.pairs.counts));
    const blue = rgbOf(theme['--vscode-charts-blue']);
    const at = centre(g, g.pairs.rows[top], g.pairs.cols[top]);
    assert.ok(sameColour(await pixelAt(counts, at.x, at.y), blue, 12), `(${g.words[g.pairs.rows[top]]}, ${g.words[g.pairs.cols[top]]}) is blue`);
    const present = new Set(g.pairs.rows.map((r, p) => `${r},${g.pairs.cols[p]}`));
    const last = g.words.length - 1;
    const empty = [...Array(g.words.length).keys()].find((j) => !present.has(`${last},${j}`) && Math.abs(j - g.pairs.cols[g.current]) > 2)!;
    const e = centre(g, last, empty);
    assert.equal((await pixelAt(counts, e.x, e.y))[3], 0, 'no co-occurrence: nothing drawn, the background shows');
    const residuals = host.page.locator(`${section} canvas.glove-residuals`);
    const r = g.residuals.map((x) => x!);
    const colourAt = async (p: number): Promise<number[]> => {
      const c = centre(g, g.pairs.rows[p], g.pairs.cols[p]);
      return pixelAt(residuals, c.x, c.y);
    };
    // The largest |r| in the full colour of its sign; any negative residual reddish, any positive bluish.
    const extreme = r.reduce((best, x, p) => (Math.abs(x) > Math.abs(r[best]) ? p : best), 0);
    assert.ok(sameColour(await colourAt(extreme), r[extreme] > 0 ? blue : rgbOf(theme['--vscode-charts-red']), 12), 'the largest |residual| in full colour');
    const [lo, hi] = [r.indexOf(Math.min(...r)), r.indexOf(Math.max(...r))];
    const [red, bluish] = [await colourAt(lo), await colourAt(hi)];
    assert.ok(r[lo] < 0 && red[0] > red[2], `the most negative residual is red: ${red}`);
    assert.ok(r[hi] > 0 && bluish[2] > bluish[0], `the most positive residual is blue: ${bluish}`);
    await host.screenshot('inspector-glove-dark');
  });

  it('marks f(X) at the marked pair’s count, and its table gives X, log X, f(X), the residual and f·r²', async () => {
    const host = await open();
    const v = view();
    const g = v.glove!;
    await host.send({ type: 'inspector', view: v });
    const p = g.current;
    const x = g.pairs.counts[p];
    const top = Math.max(g.xMax, ...g.pairs.counts);
    const mark = { x: WEIGHT.left + (x / top) * WEIGHT.w, y: WEIGHT.top + (1 - weight(x, g)) * WEIGHT.h };
    const plot = host.page.locator(`${section} canvas.glove-weight`);
    assert.ok(sameColour(await pixelAt(plot, mark.x + 2, mark.y), rgbOf(theme['--vscode-charts-orange'])), 'the mark sits at (X, f(X))');
    const rows = await tableRows(host.page.locator(`${section} table[data-table=pair]`));
    const res = g.residuals[p]!;
    assert.deepEqual(rows, [[`${g.words[g.pairs.rows[p]]}, ${g.words[g.pairs.cols[p]]}`, ...[x, Math.log(x), weight(x, g), res, weight(x, g) * res * res].map((n) => formatNumber(n, 4))]]);
  });

  it('keeps the table of every pair closed at first (none of its rows laid out), and once opened follows the stops: only changed residuals rewritten', async () => {
    const host = await open();
    const v = view();
    const g = v.glove!;
    const before: InspectorView = { ...v, glove: { ...g, residuals: g.residuals.map(() => null) } };
    await host.send({ type: 'inspector', view: before });
    const pairs = host.page.locator(`${section} table[data-table=pairs]`);
    assert.equal(await pairs.count(), 0, 'closed: no table built');
    await host.page.locator(`${section} details.glove-all summary`).click();
    const expected = (r: (number | null)[]) => g.pairs.counts.map((x, p) => [g.words[g.pairs.rows[p]], g.words[g.pairs.cols[p]], formatNumber(x, 4), formatNumber(weight(x, g), 4), r[p] === null ? 'not yet computed' : formatNumber(r[p]!, 4)]);
    assert.deepEqual(await tableRows(pairs), expected(before.glove!.residuals as (number | null)[]));
    // The residuals arrive: every cell rewritten; the next stop changes one residual: that cell alone is written.
    await host.send({ type: 'inspector', view: v });
    assert.deepEqual(await tableRows(pairs), expected(g.residuals as number[]));
    const changed = g.residuals.map((r, p) => (p === 7 ? r! * 2 + 1 : r));
    await pairs.evaluate((t) => {
      const w = window as unknown as { __writes: number };
      w.__writes = 0;
      new MutationObserver((records) => (w.__writes += records.length)).observe(t, { subtree: true, childList: true, characterData: true });
    });
    await host.send({ type: 'inspector', view: { ...v, glove: { ...g, residuals: changed } } });
    assert.deepEqual(await tableRows(pairs), expected(changed));
    assert.equal(await host.page.evaluate(() => (window as unknown as { __writes: number }).__writes), 1, 'one cell rewritten');
  });

  it('the arrow keys move the mark along the pairs, and the f(X) mark with it', async () => {
    const host = await open();
    const v = view();
    const g = v.glove!;
    await host.send({ type: 'inspector', view: v });
    await host.page.locator(`${section} canvas.glove-counts`).focus();
    await host.page.keyboard.press('Home');
    const rows = await tableRows(host.page.locator(`${section} table[data-table=pair]`));
    assert.equal(rows[0][0], `${g.words[g.pairs.rows[0]]}, ${g.words[g.pairs.cols[0]]}`);
    await host.page.keyboard.press('ArrowRight');
    assert.equal((await tableRows(host.page.locator(`${section} table[data-table=pair]`)))[0][1], formatNumber(g.pairs.counts[1], 4));
    assert.match((await host.page.locator(`${section} canvas.glove-weight`).getAttribute('aria-label')) ?? '', new RegExp(`marked at X = ${formatNumber(g.pairs.counts[1], 4)}`));
  });

  it('before glove_loss/err: the residual matrix hatched, its legend says not yet computed, the residuals “not yet computed”', async () => {
    const host = await open();
    const v = view();
    const before: InspectorView = { ...v, glove: { ...v.glove!, residuals: v.glove!.residuals.map(() => null) } };
    await host.send({ type: 'inspector', view: before });
    const rows = await tableRows(host.page.locator(`${section} table[data-table=pair]`));
    assert.deepEqual(rows[0].slice(4), ['not yet computed', 'not yet computed']);
    assert.equal(await host.page.locator(`${section} .legend-pending`).count(), 1);
  });

  it('has no section for word2vec', async () => {
    const host = await open();
    await host.send({ type: 'inspector', view: fixture('word2vec').inspector });
    assert.equal(await host.page.locator(section).isVisible(), false);
  });
});
