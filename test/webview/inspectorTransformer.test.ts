/// <reference lib="dom" />
import * as assert from 'node:assert/strict';
import { formatNumber } from '../../engine/protocol/numberText';
import { readHeatmap, readRowLooks } from './support/probes';
import { webviewPages } from './support/pages';
import { fixture, type StandInHost } from './support/standInHost';

/**
 * The Transformer block section at LN₁ of the transformer sample, step 60 (fixture transformer-ln1):
 * the residual stream's norms per position with the rows not yet computed hatched, LayerNorm's mean
 * and variance, the position vectors, and the same numbers in tables for screen readers.
 */
describe('Inspector webview: the Transformer block (headless Chromium)', function () {
  this.timeout(180_000);
  const openPage = webviewPages((host) => assert.deepEqual(host.consoleErrors, []));
  const open = (): Promise<StandInHost> => openPage('inspector', { theme: 'dark' });
  const section = '[data-section=transformer]';

  it('draws the stream\'s norms with a brighter cell for a larger norm, and hatches the points not yet computed', async () => {
    const host = await open();
    const view = fixture('transformer-ln1').inspector;
    const [block] = view.transformer!;
    await host.send({ type: 'inspector', view });
    const map = await host.page.evaluate(readHeatmap, [section, 0] as [string, number]);
    assert.equal(map.rows, block.stream.length);
    assert.equal(map.cols, block.positions);
    assert.deepEqual(map.rowLabels.length ? map.rowLabels : block.stream.map((p) => p.label), block.stream.map((p) => p.label));
    const looks = await host.page.evaluate(readRowLooks, [section, 0] as [string, number]);
    assert.deepEqual(looks, block.stream.map((p) => (p.computed ? 'filled' : 'hatched')));
    // On a sequential scale from 0 the colour's place on the legend is the norm over the largest norm.
    const max = Math.max(...block.stream.flatMap((p) => p.norms));
    block.stream.forEach((p, r) => {
      if (!p.computed) return;
      p.norms.forEach((n, c) => assert.ok(Math.abs(map.positions[r * block.positions + c] - n / max) < 0.05, `${p.node} at ${c}: ${map.positions[r * block.positions + c]} ≈ ${n / max}`));
    });
    assert.match((await host.page.locator(`${section} .transformer-block > p`).textContent()) ?? '', /Not yet computed \(hatched\): block\/residual2, block\/out\./);
    await host.screenshot('inspector-transformer-dark');
  });

  it('has tables for screen readers: the norms per point and position, LayerNorm mean and variance, "not yet computed" where the cursor has not been', async () => {
    const host = await open();
    const view = fixture('transformer-ln1').inspector;
    const [block] = view.transformer!;
    await host.send({ type: 'inspector', view });
    const tables = await host.page.locator(`${section} .sr-only table`).evaluateAll((ts) =>
      ts.map((t) => ({ caption: t.querySelector('caption')?.textContent ?? '', rows: Array.from(t.querySelectorAll('tr')).slice(1).map((tr) => Array.from(tr.children, (c) => c.textContent ?? '')) })),
    );
    assert.deepEqual(tables.map((t) => t.caption), ['Residual stream ‖x‖₂ in block', 'LayerNorm mean per position in block', 'LayerNorm variance per position in block', 'Position vectors embed.P']);
    block.stream.forEach((p, r) => assert.deepEqual(tables[0].rows[r], [p.label, ...p.norms.map((n) => (p.computed ? formatNumber(n) : 'not yet computed'))]));
    // LN₁ normalises x + Attn(x): its variance is the mean square about the mean, a number ≥ 0; LN₂ is not reached.
    assert.deepEqual(tables[2].rows.map((r) => r[0]), block.layerNorms.map((l) => l.label));
    assert.deepEqual(tables[2].rows[0].slice(1), block.layerNorms[0].variance.map((v) => formatNumber(v)));
    assert.ok(tables[2].rows[1].slice(1).every((c) => c === 'not yet computed'));
    const P = block.positional!;
    assert.equal(tables[3].rows.length, P.rows);
    assert.equal(tables[3].rows[7][16], formatNumber(P.values[7 * P.cols + 15]));
  });

  it('reads a cell of the position vectors with the arrow keys', async () => {
    const host = await open();
    const view = fixture('transformer-ln1').inspector;
    const P = view.transformer![0].positional!;
    await host.send({ type: 'inspector', view });
    const canvas = host.page.locator(`${section} .transformer-positions canvas.heatmap-cells`);
    await canvas.focus();
    await host.page.keyboard.press('ArrowRight');
    const text = await host.page.locator(`${section} .transformer-positions .heatmap-readout`).innerText();
    assert.match(text, new RegExp(formatNumber(P.values[0]).replace(/[.*+?^${}()|[\]\\−]/g, '\\$&')));
  });
});
