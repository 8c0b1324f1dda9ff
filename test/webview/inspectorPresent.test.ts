/// <reference lib="dom" />
import * as assert from 'node:assert/strict';
import type { InspectorView } from '../../engine/protocol';
import { readHeatmap, readRowLooks, type RowLook } from './support/probes';
import { webviewPages } from './support/pages';
import { fixture, type StandInHost } from './support/standInHost';

/**
 * The Inspector shows what has been computed at the cursor: read from the pixels, the rows of the
 * time steps not reached yet are hatched (with a legend line saying so), filled once stepped through,
 * and hatched again after stepping back. The stops are recorded from one session: step 1 of
 * lstm-memory at memory/t0/lin_f (nothing computed) and at memory/t3/h (t = 0 … 3 computed).
 */
describe('Inspector webview shows the present (headless Chromium)', function () {
  this.timeout(180_000);
  const openPage = webviewPages();
  const open = (): Promise<StandInHost> => openPage('inspector');

  const looksOf = (host: StandInHost, i: number): Promise<RowLook[]> => host.page.evaluate(readRowLooks, ['[data-section=gates]', i] as [string, number]);
  const gateCount = (v: InspectorView): number => v.gates[0].gates.length;
  const legendSays = (host: StandInHost): Promise<string[]> => host.page.locator('[data-section=gates] .legend-pending').allTextContents();
  const expectedLooks = (v: InspectorView, i: number): RowLook[] => v.gates[0].gates[i].computed.map((c) => (c ? 'filled' : 'hatched'));

  it('at memory/t0/lin_f every row of every gate is hatched, and the legend says they are not computed yet', async () => {
    const host = await open();
    const t0 = fixture('lstm-t0').inspector;
    assert.ok(t0.gates[0].gates.every((g) => g.computed.every((c) => !c)), 'the session computed nothing yet');
    await host.send({ type: 'inspector', view: t0 });
    for (let i = 0; i < gateCount(t0); i++) assert.deepEqual(await looksOf(host, i), new Array(12).fill('hatched'), `gate ${i}`);
    const said = await legendSays(host);
    assert.equal(said.length, gateCount(t0));
    assert.ok(said.every((t) => /not yet computed/.test(t)));
    assert.deepEqual(host.consoleErrors, []);
  });

  it('after stepping to memory/t3/h the rows t = 0 … 3 are filled with colours on the legend, the rest still hatched; Step Back hides them again', async () => {
    const host = await open();
    const [t0, t3] = [fixture('lstm-t0').inspector, fixture('lstm-t3').inspector];
    await host.send({ type: 'inspector', view: t0 });
    await host.send({ type: 'inspector', view: t3 });
    for (let i = 0; i < gateCount(t3); i++) {
      const looks = await looksOf(host, i);
      assert.deepEqual(looks, expectedLooks(t3, i), `gate ${i} after stepping`);
      assert.deepEqual(looks.slice(0, 5), ['filled', 'filled', 'filled', 'filled', 'hatched']);
      const map = await host.page.evaluate(readHeatmap, ['[data-section=gates]', i] as [string, number]);
      const units = map.cols;
      assert.ok(Math.max(...map.misfit.slice(0, 4 * units)) < 4, `gate ${i}: the computed cells take colours of the legend`);
    }
    await host.screenshot('inspector-lstm-t3-present');
    await host.send({ type: 'inspector', view: t0 });
    for (let i = 0; i < gateCount(t0); i++) assert.deepEqual(await looksOf(host, i), new Array(12).fill('hatched'), `gate ${i} after stepping back`);
    const fresh = await open();
    await fresh.send({ type: 'inspector', view: t0 });
    for (let i = 0; i < gateCount(t0); i++) {
      const [a, b] = await Promise.all([host, fresh].map((h) => h.page.evaluate(readHeatmap, ['[data-section=gates]', i] as [string, number])));
      assert.deepEqual(a.positions, b.positions, `gate ${i}: after stepping back, as a fresh Inspector draws it`);
    }
    assert.deepEqual([...host.consoleErrors, ...fresh.consoleErrors], []);
  });

  it('a cell not computed reads as such, not as a value', async () => {
    const host = await open();
    await host.send({ type: 'inspector', view: fixture('lstm-t3').inspector });
    const canvas = host.page.locator('[data-section=gates] canvas.heatmap-cells').first();
    await canvas.focus();
    // The first key puts the reading cursor on the marked row (t = 3), each next one moves it.
    for (let k = 0; k < 6; k++) await canvas.press('ArrowDown');
    assert.match((await host.page.locator('[data-section=gates] .heatmap-readout').first().textContent()) ?? '', /time step t 8, unit 0: not yet computed/);
    await canvas.press('Home');
    for (let k = 0; k < 6; k++) await canvas.press('ArrowUp');
    assert.match((await host.page.locator('[data-section=gates] .heatmap-readout').first().textContent()) ?? '', /time step t 2, unit 0: [−\d]/);
  });

  it('in the backward pass every row is filled and the legend has no line about cells not computed', async () => {
    const host = await open();
    const back = fixture('lstm-backward').inspector;
    await host.send({ type: 'inspector', view: fixture('lstm-t0').inspector });
    await host.send({ type: 'inspector', view: back });
    for (let i = 0; i < gateCount(back); i++) assert.deepEqual(await looksOf(host, i), new Array(12).fill('filled'), `gate ${i}`);
    assert.deepEqual(await legendSays(host), []);
  });

  it('an attention head whose softmax has not run is hatched and prints no weights', async () => {
    const host = await open();
    const view = fixture('attention-forward').inspector;
    await host.send({ type: 'inspector', view });
    const rows = view.attention[0].queryLabels.length;
    const look = (): Promise<RowLook[]> => host.page.evaluate(readRowLooks, ['[data-section=attention]', 0] as [string, number]);
    // Computed cells print their weight at their centre: read their colour a quarter down instead.
    const map = await host.page.evaluate(readHeatmap, ['[data-section=attention]', 0] as [string, number]);
    assert.ok(Math.max(...map.misfit) < 4, 'computed: every cell takes a colour of the legend');
    const pending = { ...view, attention: view.attention.map((a) => ({ ...a, heads: a.heads.map((h) => ({ ...h, computed: false, values: h.values.map(() => 0) })) })) };
    await host.send({ type: 'inspector', view: pending });
    assert.deepEqual(await look(), new Array(rows).fill('hatched'));
    assert.match((await host.page.locator('[data-section=attention] .legend-pending').textContent()) ?? '', /not yet computed/);
  });

  it('labels and scales each gate by the activation the engine names, whatever the gate is called', async () => {
    const host = await open();
    const view = fixture('lstm-t3').inspector;
    const as = (activation: 'relu' | 'tanh' | 'sigmoid'): InspectorView => ({ ...view, gates: view.gates.map((l) => ({ ...l, gates: l.gates.map((g) => (g.name === 'gate_f' ? { ...g, activation } : g)) })) });
    const unit = async (): Promise<string> => (await host.page.evaluate(readHeatmap, ['[data-section=gates]', 0] as [string, number])).unit;
    const ticks = async (): Promise<string[]> => (await host.page.evaluate(readHeatmap, ['[data-section=gates]', 0] as [string, number])).ticks;
    await host.send({ type: 'inspector', view: as('sigmoid') });
    assert.match(await unit(), /activation σ/);
    assert.deepEqual(await ticks(), ['0', '1']);
    await host.send({ type: 'inspector', view: as('relu') });
    assert.match(await unit(), /relu/);
    assert.equal((await ticks())[0], '0', 'relu starts at 0');
    await host.send({ type: 'inspector', view: as('tanh') });
    assert.match(await unit(), /tanh/);
    assert.equal((await ticks()).length, 3, 'tanh diverges around 0');
  });

  it('a gradient bar the backward pass has not reached says so instead of drawing a bar', async () => {
    const host = await open();
    const view = fixture('lstm-backward').inspector;
    const g = view.gradients!;
    const pending = { ...view, gradients: { ...g, layers: g.layers.map((l, i) => (i === 0 ? { ...l, norm: null } : l)) } };
    await host.send({ type: 'inspector', view: pending });
    const cells = await host.page.locator('[data-section=gradients] .layer-bars table tr td:last-child').allTextContents();
    assert.equal(cells[0], 'not yet computed');
    assert.match(cells[1], /^\d/);
  });
});
