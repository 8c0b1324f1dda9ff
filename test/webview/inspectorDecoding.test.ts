/// <reference lib="dom" />
import * as assert from 'node:assert/strict';
import type { InspectorView } from '../../engine/protocol';
import { readHeatmap, readRowLooks } from './support/probes';
import { webviewPages } from './support/pages';
import { fixture, type StandInHost } from './support/standInHost';

/**
 * The Seq2Seq decoding section of seq2seq-attention at step 90, after its outputs (fixture
 * seq2seq-decoding): one row per decoder step with teacher forcing beside greedy decoding and the
 * top tokens as bars as long as their probabilities, and the alignment heatmap; before the outputs,
 * "not yet computed" cells and hatched alignment rows.
 */
describe('Inspector webview: Seq2Seq decoding (headless Chromium)', function () {
  this.timeout(180_000);
  const openPage = webviewPages((host) => assert.deepEqual(host.consoleErrors, []));
  const open = (): Promise<StandInHost> => openPage('inspector', { theme: 'dark' });
  const section = '[data-section=decoding]';
  const percent = (p: number): string => `${(p * 100).toFixed(p < 0.1 ? 1 : 0)} %`;

  it('lists each decoder step: what it read, the target, teacher-forced and greedy outputs (✗ where not the target), the top tokens', async () => {
    const host = await open();
    const view = fixture('seq2seq-decoding').inspector;
    const [d] = view.decoding!;
    await host.send({ type: 'inspector', view });
    const rows = await host.page.locator(`${section} table.decoding-steps tr`).evaluateAll((trs) => trs.slice(1).map((tr) => Array.from(tr.children, (c) => (c.textContent ?? '').trim())));
    assert.equal(rows.length, d.steps.length);
    d.steps.forEach((s, t) => {
      const mark = (w: string | null): string => (w === s.target ? w! : `${w} ✗`);
      assert.deepEqual(rows[t].slice(0, 5), [String(t), s.input, s.target, mark(s.forced), mark(s.greedy)]);
      assert.equal(rows[t][5], s.topK.map((k) => `${k.token} ${percent(k.probability)}`).join(''));
    });
    const differ = d.steps.filter((s) => s.greedy !== s.forced).length;
    assert.ok(differ > 0, 'the fixture shows free running drift from teacher forcing');
    assert.match((await host.page.locator(section).getAttribute('description')) ?? '', new RegExp(`greedy ${d.steps.length - differ} of ${d.steps.length} steps agree`));
    await host.screenshot('inspector-decoding-dark');
  });

  it('draws each top token\'s bar 60 px × its probability, in the theme\'s blue', async () => {
    const host = await open();
    const view = fixture('seq2seq-decoding').inspector;
    const [d] = view.decoding!;
    await host.send({ type: 'inspector', view });
    const bars = await host.page.locator(`${section} table.decoding-steps tr`).nth(1).locator(".topk-bar").evaluateAll((bs) => bs.map((b) => ({ width: b.getBoundingClientRect().width, color: getComputedStyle(b).backgroundColor })));
    assert.equal(bars.length, d.steps[0].topK.length);
    bars.forEach((b, i) => {
      assert.ok(Math.abs(b.width - 60 * d.steps[0].topK[i].probability) <= 0.5, `bar ${i}: ${b.width} px`);
      assert.equal(b.color, 'rgb(55, 148, 255)');
    });
    const sum = d.steps[0].topK.reduce((a, k) => a + k.probability, 0);
    assert.ok(sum <= 1 + 1e-12);
  });

  it('draws the alignment: each cell\'s place on the legend is its weight', async () => {
    const host = await open();
    const view = fixture('seq2seq-decoding').inspector;
    const [d] = view.decoding!;
    await host.send({ type: 'inspector', view });
    const map = await host.page.evaluate(readHeatmap, [section, 0] as [string, number]);
    assert.deepEqual([map.rows, map.cols], [d.steps.length, d.sourceTokens.length]);
    d.steps.forEach((s, t) => s.alignment!.forEach((w, k) => assert.ok(Math.abs(map.positions[t * d.sourceTokens.length + k] - w) < 0.05, `step ${t}, source ${k}`)));
  });

  it('before the outputs: every output cell says "not yet computed" and the alignment rows are hatched', async () => {
    const host = await open();
    const view = fixture('seq2seq-decoding').inspector;
    const [d] = view.decoding!;
    const before: InspectorView = { ...view, decoding: [{ ...d, computed: false, currentStep: 3, steps: d.steps.map((s) => ({ ...s, topK: [], forced: null, greedy: null, alignment: null })) }] };
    await host.send({ type: 'inspector', view: before });
    const pending = await host.page.locator(`${section} td.pending`).allInnerTexts();
    assert.deepEqual(pending, new Array(3 * d.steps.length).fill('not yet computed'));
    assert.equal(await host.page.locator(`${section} tr[aria-current=step] th`).innerText(), '3');
    assert.deepEqual(await host.page.evaluate(readRowLooks, [section, 0] as [string, number]), new Array(d.steps.length).fill('hatched'));
  });
});
