/// <reference lib="dom" />
import * as assert from 'node:assert/strict';
import type { InspectorView } from '../../engine/protocol';
import { readHeatmap } from './support/probes';
import { webviewPages } from './support/pages';
import { fixture, type StandInHost } from './support/standInHost';

/** The history chart's numbers, from its data table: layer → the steps it has a point for. */
async function historySteps(host: StandInHost): Promise<Map<string, number[]>> {
  const rows = await host.page.locator('[data-section=gradients] .grad-history table tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent ?? '')));
  const out = new Map<string, number[]>();
  for (const [layer, step] of rows.filter((r) => r.length === 3)) out.set(layer, [...(out.get(layer) ?? []), Number(step)]);
  return out;
}

describe('Inspector webview: what the session sends about history, tokens and vectors (headless Chromium)', function () {
  this.timeout(180_000);
  const openPage = webviewPages((host) => {
    assert.deepEqual(host.consoleErrors, []);
  });
  const open = (): Promise<StandInHost> => openPage('inspector', { theme: 'dark' });

  it('after a Continue over 39 steps, the only stop it is shown, the gradient history has one point per step run', async () => {
    const host = await open();
    const view = fixture('mha-continue').inspector;
    assert.equal(view.stop.location.trainingStep, 40);
    await host.send({ type: 'inspector', view });
    const steps = Array.from({ length: 39 }, (_, i) => i + 1);
    const history = await historySteps(host);
    assert.deepEqual([...history.keys()], ['embed', 'heads', 'out']);
    for (const [layer, shown] of history) assert.deepEqual(shown, steps, `${layer}: one point per training step`);
    assert.match((await host.page.locator('[data-section=gradients] .history-note').textContent()) ?? '', /steps 1 … 39: every step run so far \(39 points per layer\)/);
    // A forward stop: no bars for this step, only the history.
    assert.equal(view.gradients, null);
    assert.equal(await host.page.locator('[data-section=gradients] .layer-bars').isVisible(), false);
    await host.screenshot('inspector-mha-continue-dark');
  });

  it('follows the history it is sent: after a Step Back to step 6 the chart has steps 1 … 5', async () => {
    const host = await open();
    const view = fixture('mha-continue').inspector;
    await host.send({ type: 'inspector', view });
    const h = view.gradientHistory!;
    const back: InspectorView = { ...view, gradientHistory: { ...h, steps: h.steps.slice(0, 5), layers: h.layers.map((l) => ({ ...l, norms: l.norms.slice(0, 5) })) } };
    await host.send({ type: 'inspector', view: back });
    for (const [layer, shown] of await historySteps(host)) assert.deepEqual(shown, [1, 2, 3, 4, 5], layer);
  });

  it('labels both heads of multi-head attention with the tokens of example 0, and says so', async () => {
    const host = await open();
    const view = fixture('mha-continue').inspector;
    await host.send({ type: 'inspector', view });
    const a = view.attention[0];
    assert.equal(a.heads.length, 2);
    for (const i of [0, 1]) {
      const map = await host.page.evaluate(readHeatmap, ['[data-section=attention]', i] as [string, number]);
      assert.deepEqual(map.rowLabels, a.queryLabels);
      assert.deepEqual(map.colLabels, a.keyLabels);
      assert.ok(
        map.rowLabels.every((l) => ['a', 'b', 'c', 'd'].includes(l)),
        `tokens of the neighbours task, not positions: ${map.rowLabels.join(' ')}`,
      );
    }
    assert.match((await host.page.locator('[data-section=attention] .attention-labels').textContent()) ?? '', /tokens of data field ‘source’, example 0 of the batch/);
  });

  it('answers neighbours by cosine in the full word vectors, and says so', async () => {
    const host = await open();
    const view = fixture('word2vec').inspector;
    await host.send({ type: 'inspector', view });
    const e = view.embeddings!;
    const { dim, values } = e.vectors!;
    const row = (i: number): number[] => values.slice(i * dim, (i + 1) * dim);
    const cos = (a: number[], b: number[]): number => a.reduce((s, x, j) => s + x * b[j], 0) / Math.hypot(...a) / Math.hypot(...b);
    const word = e.words.indexOf('king') >= 0 ? 'king' : e.words[0];
    const k = e.words.indexOf(word);
    const expected = e.words
      .map((w, i) => ({ w, c: cos(row(k), row(i)) }))
      .filter((x) => x.w !== word)
      .sort((a, b) => b.c - a.c)
      .slice(0, 5)
      .map((x) => x.w);
    await host.page.locator('[data-section=embeddings] vscode-textfield[aria-label=word]').evaluate((field, w) => {
      (field as HTMLElement & { value: string }).value = w;
      field.dispatchEvent(new Event('input'));
    }, word);
    const answer = host.page.locator('.query-answers strong');
    assert.deepEqual(await answer.allTextContents(), expected);
    assert.match((await host.page.locator('[data-section=embeddings] .query-measure').textContent()) ?? '', new RegExp(`nearest by cosine in the ${dim}-dimensional vectors`));
  });
});
