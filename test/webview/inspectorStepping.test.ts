/// <reference lib="dom" />
import * as assert from 'node:assert/strict';
import type { WebviewToHost } from '../../engine/protocol';
import { readHeatmap } from './support/probes';
import { webviewPages } from './support/pages';
import { fixture, type StandInHost } from './support/standInHost';

/**
 * The Inspector keeps its elements from stop to stop and rewrites them in place (for speed); what a
 * user sees after stepping must be exactly what a fresh Inspector shows for that stop.
 */
describe('Inspector webview, stepping from one stop to the next (headless Chromium)', function () {
  this.timeout(180_000);
  const openPage = webviewPages();
  const open = (): Promise<StandInHost> => openPage('inspector');

  /** The text of each section and of the header, as a reader of the page gets it. */
  const texts = (host: StandInHost): Promise<Record<string, string>> =>
    host.page.evaluate(() => {
      const out: Record<string, string> = { header: document.querySelector<HTMLElement>('.inspector-header')?.innerText ?? '' };
      for (const s of Array.from(document.querySelectorAll<HTMLElement>('[data-section]'))) out[s.dataset.section!] = s.hidden ? '(hidden)' : s.innerText;
      // The TeX of every formula in the page, hidden ones too: a formula of the last op must not linger.
      out.formulas = Array.from(document.querySelectorAll('annotation[encoding="application/x-tex"]'), (a) => a.textContent).join('\n');
      return out;
    });

  for (const [from, to] of [
    ['lstm-update', 'lstm-forward'],
    ['lstm-forward', 'lstm-backward'],
    ['lstm-backward', 'lstm-update'],
    ['attention-forward', 'mlp-backward'],
    ['mlp-forward', 'word2vec'],
  ]) {
    it(`shows ${to} after ${from} exactly as it shows ${to} alone`, async () => {
      const stepped = await open();
      await stepped.send({ type: 'inspector', view: fixture(from).inspector });
      await stepped.send({ type: 'inspector', view: fixture(to).inspector });
      const fresh = await open();
      await fresh.send({ type: 'inspector', view: fixture(to).inspector });
      assert.deepEqual(await texts(stepped), await texts(fresh));
      const gates = fixture(to).inspector.gates.flatMap((g) => g.gates);
      for (let i = 0; i < gates.length; i++) {
        const [a, b] = await Promise.all([stepped, fresh].map((h) => h.page.evaluate(readHeatmap, ['[data-section=gates]', i] as [string, number])));
        assert.deepEqual(a, b, `gate heatmap ${i} (${gates[i].name}) differs after stepping`);
      }
      assert.deepEqual([...stepped.consoleErrors, ...fresh.consoleErrors], []);
    });
  }

  /** The next update stop of the same optimizer: the worked formula with other numbers (signs flipped by `flip`). */
  const nextUpdate = (flip: boolean) => {
    const view = fixture('lstm-update').inspector;
    const numbers = view.op!.formulaWithValues.replace(/(-?)(\d+\.\d+)/g, (_, sign: string, x: string) => `${flip ? (sign ? '' : '-') : sign}${(Number(x) * 1.37).toPrecision(4)}`);
    return { ...view, stop: { ...view.stop, location: { ...view.stop.location, eventIndex: view.stop.location.eventIndex + 1 } }, op: { ...view.op!, formulaWithValues: numbers } };
  };

  for (const flip of [false, true]) {
    it(`shows the worked formula of the next update exactly as a fresh Inspector does (${flip ? 'signs changed: typeset again' : 'numbers rewritten in place'})`, async () => {
      const stepped = await open();
      await stepped.send({ type: 'inspector', view: fixture('lstm-update').inspector });
      await stepped.page.evaluate(() => ((document.querySelector('.with-values .katex') as unknown as { mark: boolean }).mark = true));
      const next = nextUpdate(flip);
      await stepped.send({ type: 'inspector', view: next });
      const fresh = await open();
      await fresh.send({ type: 'inspector', view: next });
      assert.deepEqual(await texts(stepped), await texts(fresh));
      const box = (h: StandInHost) => h.page.evaluate(async () => (await document.fonts.ready, Array.from(document.querySelectorAll('.with-values .katex-html .base'), (b) => Math.round(b.getBoundingClientRect().width))));
      assert.deepEqual(await box(stepped), await box(fresh), 'the formula is laid out as when typeset afresh');
      const kept = await stepped.page.evaluate(() => (document.querySelector('.with-values .katex') as unknown as { mark?: boolean }).mark === true);
      assert.equal(kept, !flip, flip ? 'other signs: the formula is typeset again' : 'same shape: the typeset formula is kept and its numbers rewritten');
      assert.match(await stepped.page.locator('.with-values .katex-html').innerText(), new RegExp(next.op.formulaWithValues.match(/\d+\.\d+/g)![3].replace('.', '\\.')));
    });
  }

  it('moves the current-time-step mark of the gate heatmaps to the new time step', async () => {
    const host = await open();
    const view = fixture('lstm-forward').inspector;
    const t = view.gates[0].currentTimeStep!;
    const next = (t + 1) % view.gates[0].gates[0].steps;
    await host.send({ type: 'inspector', view });
    await host.send({ type: 'inspector', view: { ...view, stop: { ...view.stop, location: { ...view.stop.location, eventIndex: view.stop.location.eventIndex + 1 } }, gates: view.gates.map((g) => ({ ...g, currentTimeStep: next })) } });
    const map = await host.page.evaluate(readHeatmap, ['[data-section=gates]', 0] as [string, number]);
    assert.equal(map.markedRow, `▸ ${next}`);
    assert.equal(map.rowLabels.filter((l) => l.startsWith('▸')).length, 1, 'one marked row');
  });

  it('drops the values shown for a tensor of the last stop, and a late answer about it', async () => {
    const host = await open();
    const a = fixture('lstm-forward').inspector;
    await host.send({ type: 'inspector', view: a });
    await host.page.locator('[data-section=op] .tensor.output vscode-button').click();
    const ask = (await host.posted()).find((m): m is Extract<WebviewToHost, { type: 'slice' }> => m.type === 'slice')!;
    const b = fixture('lstm-backward').inspector;
    await host.send({ type: 'inspector', view: b });
    const y = a.op!.outputs[0].tensor;
    await host.post({ type: 'slice', requestId: ask.requestId, slice: { name: y.name, shape: y.shape, start: 0, values: Array.from({ length: ask.count }, (_, i) => i) } });
    assert.equal(await host.page.locator('[data-section=op] .slice *').count(), 0, 'no values (nor a message about them) from the last stop');
    assert.equal(await host.page.locator('[data-section=op] .tensor.output .name').first().textContent(), b.op!.outputs[0].tensor.name);
  });
});
