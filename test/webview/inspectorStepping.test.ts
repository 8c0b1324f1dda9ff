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
