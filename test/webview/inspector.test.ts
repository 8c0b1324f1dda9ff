/// <reference lib="dom" />
import * as assert from 'node:assert/strict';
import type { WebviewToHost } from '../../engine/protocol';
import { countBars, readHeatmap } from './support/probes';
import { webviewPages } from './support/pages';
import { fixture, type StandInHost } from './support/standInHost';
import { THEMES, type ThemeName } from './support/themes';

const rgb = (hex: string): [number, number, number] => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];

describe('Inspector webview (headless Chromium, stops recorded from real sessions)', function () {
  this.timeout(180_000);
  const openPage = webviewPages();
  const open = (theme: ThemeName = 'dark', state?: unknown): Promise<StandInHost> => openPage('inspector', { theme, state });

  it('says it is ready, and shows how to start a session while none runs', async () => {
    const host = await open();
    assert.deepEqual((await host.posted())[0], { type: 'ready', view: 'inspector' });
    const empty = host.page.locator('.empty-state');
    assert.ok(await empty.isVisible());
    assert.match((await empty.textContent()) ?? '', /F5/);
    await host.screenshot('inspector-idle-dark');
    await host.send({ type: 'inspector', view: fixture('mlp-forward').inspector });
    assert.equal(await empty.isVisible(), false);
    await host.send({ type: 'idle', message: 'The debug session has ended. Press F5 on a model file to start another.' });
    assert.ok(await host.page.getByText('The debug session has ended.').isVisible());
    assert.equal(await host.page.locator('.inspector-header').isVisible(), false);
    assert.deepEqual(host.consoleErrors, []);
  });

  it('warms up its charts, formulas and heatmaps off screen while no session runs, and leaves nothing behind', async () => {
    const host = await open();
    await host.page.waitForFunction(() => document.body.dataset.warm === 'yes', undefined, { timeout: 30_000 });
    assert.equal(await host.page.locator('.warm-up, canvas:not(.heatmap-cells):visible').count(), 0, 'no warm-up stage or chart left in the page');
    assert.ok(await host.page.locator('.empty-state').isVisible(), 'the idle message still shows');
    assert.deepEqual(host.consoleErrors, []);
  });

  it('stops warming up when the first stop arrives, and draws that stop', async () => {
    const host = await open();
    await host.send({ type: 'inspector', view: fixture('lstm-update').inspector });
    await host.page.waitForFunction(() => document.body.dataset.warm === 'yes', undefined, { timeout: 30_000 });
    assert.equal(await host.page.locator('.warm-up').count(), 0);
    assert.match((await host.page.locator('.op-title').textContent()) ?? '', /update\/memory\.W_f/);
    assert.deepEqual(host.consoleErrors, []);
  });

  it('draws each LSTM gate as a T × H heatmap whose colours follow the values, the current time step marked', async () => {
    const host = await open();
    const f = fixture('lstm-forward');
    await host.send({ type: 'inspector', view: f.inspector });
    const layer = f.inspector.gates[0];
    assert.equal(layer.gates.length, 4);
    for (const [i, gate] of layer.gates.entries()) {
      const map = await host.page.evaluate(readHeatmap, ['[data-section=gates]', i] as [string, number]);
      assert.equal(map.rows, gate.steps, `${gate.name}: one row per time step`);
      assert.equal(map.cols, gate.units, `${gate.name}: one column per unit`);
      assert.equal(map.positions.length, gate.steps * gate.units);
      assert.deepEqual(map.rowLabels.filter((l) => l !== '').length > 0, true);
      assert.deepEqual(map.colLabels, Array.from({ length: gate.units }, (_, u) => String(u)));
      assert.match(map.rowAxis, /time step/);
      assert.match(map.colAxis, /unit/);
      assert.equal(map.markedRow, `▸ ${layer.currentTimeStep}`);
      const sigmoid = gate.name !== 'gate_c';
      assert.match(map.unit, sigmoid ? /activation σ/ : /tanh/);
      // Where each cell's colour sits on the legend is where its value sits on the legend's scale.
      const absMax = Math.max(...gate.values.map(Math.abs));
      const expected = gate.values.map((v) => (sigmoid ? v : 0.5 + v / (2 * absMax)));
      const worst = Math.max(...expected.map((e, k) => Math.abs(e - map.positions[k])));
      assert.ok(worst < 0.03, `${gate.name}: a cell's colour is ${worst.toFixed(3)} off its value on the legend`);
      assert.ok(Math.max(...map.misfit) < 4, `${gate.name}: a cell has a colour that is not on the legend`);
      const end = String(Number(absMax.toPrecision(3)));
      assert.deepEqual(map.ticks, sigmoid ? ['0', '1'] : [`−${end}`, '0', end]);
    }
    await host.screenshot('inspector-lstm-forward-dark');
    assert.deepEqual(host.consoleErrors, []);
  });

  it('shows the formula, and the formula with the numbers of this stop', async () => {
    const host = await open();
    const op = fixture('lstm-update').inspector.op!;
    await host.send({ type: 'inspector', view: fixture('lstm-update').inspector });
    const rendered = ((await host.page.locator('.with-values .katex-html').textContent()) ?? '').replace(/−/g, '-').replace(/\s/g, '');
    const numbers = op.formulaWithValues.match(/\d+\.\d+/g) ?? [];
    assert.ok(numbers.length >= 8, 'the update is worked with its numbers: moments, bias corrections, θ before and after');
    for (const n of numbers) assert.ok(rendered.includes(n), `the rendered formula shows ${n}`);
    assert.equal(await host.page.locator('[data-section=op] .with-values').evaluate((e) => e.previousElementSibling?.textContent), op.valuesCaption);
    assert.match(op.valuesCaption ?? '', /^On the first element, memory\.W_f\[0,0\], at t = 60 \(η = 0\.01\)$/);
    assert.equal(await host.page.locator('[data-section=op] .formula .katex').count(), 2);
    assert.match((await host.page.locator('.op-title').textContent()) ?? '', /update\/memory\.W_f/);
  });

  for (const name of ['lstm-backward', 'lstm-update', 'mlp-backward']) {
    it(`draws one bar per layer in the gradient chart (${name})`, async () => {
      const host = await open();
      const view = fixture(name).inspector;
      await host.send({ type: 'inspector', view });
      const layers = view.gradients!.layers;
      const vars = THEMES.dark.vars;
      const bars = await host.page.evaluate(countBars, ['[data-section=gradients] .layer-bars', [rgb(vars['--vscode-charts-orange']), rgb(vars['--vscode-focusBorder'])]] as [string, [number, number, number][]]);
      assert.equal(bars, layers.filter((l) => l.norm > 0).length);
      const table = await host.page.locator('[data-section=gradients] .layer-bars table tr td:first-child').allTextContents();
      assert.deepEqual(table, layers.map((l) => l.layer));
    });
  }

  it('labels the attention heatmap with its tokens, colours following the weights', async () => {
    const host = await open('light');
    const view = fixture('attention-forward').inspector;
    await host.send({ type: 'inspector', view });
    const a = view.attention[0];
    const map = await host.page.evaluate(readHeatmap, ['[data-section=attention]', 0] as [string, number]);
    assert.deepEqual(map.rowLabels, a.queryLabels);
    assert.deepEqual(map.colLabels, a.keyLabels);
    assert.equal(map.rows * map.cols, a.heads[0].values.length);
    assert.match(map.rowAxis, /query/);
    assert.match(map.colAxis, /key/);
    const worst = Math.max(...a.heads[0].values.map((v, k) => Math.abs(v - map.positions[k])));
    assert.ok(worst < 0.03, `a cell's colour is ${worst.toFixed(3)} off its weight`);
    assert.equal(await host.page.locator('[data-section=attention] .node-link').textContent(), a.node);
    await host.page.locator('[data-section=attention] .node-link').click();
    assert.deepEqual((await host.posted()).at(-1), { type: 'reveal', node: a.node, layer: a.layer });
    await host.screenshot('inspector-attention-light');
  });

  it('keeps working after malformed messages from the host', async () => {
    const host = await open();
    for (const bad of [42, null, 'inspector', { type: 'inspector' }, { type: 'inspector', view: {} }, { type: 'graph', graph: 'x' }, { type: 'teleport' }, { type: 'slice', requestId: 'x' }]) await host.post(bad);
    assert.ok(await host.page.locator('.empty-state').isVisible(), 'still the empty state');
    assert.equal(host.consoleErrors.filter((e) => /dropped a malformed message/.test(e)).length, 8);
    assert.equal(host.consoleErrors.filter((e) => /page error/.test(e)).length, 0);
    // The right shape with a broken part: that section says so, the others draw.
    const good = fixture('lstm-forward').inspector;
    await host.send({ type: 'inspector', view: { ...good, gates: [{ layer: 'memory', cell: 'lstm', currentTimeStep: 1, batchIndex: 0, gates: null }] } });
    assert.match((await host.page.locator('.section-error').textContent()) ?? '', /gates/);
    assert.ok(await host.page.locator('[data-section=training]').isVisible());
    await host.send({ type: 'inspector', view: good });
    assert.equal(await host.page.locator('.section-error').count(), 0);
    assert.ok(await host.page.locator('[data-section=gates]').isVisible());
  });

  it('draws a burst of stops once, the latest', async () => {
    const host = await open();
    const view = fixture('lstm-forward').inspector;
    const result = await host.page.evaluate((v) => {
      let renders = 0;
      window.addEventListener('backstep:rendered', () => renders++);
      for (let i = 1; i <= 20; i++) window.postMessage({ type: 'inspector', view: { ...v, stop: { ...v.stop, description: `stop number ${i}` } } }, '*');
      return new Promise<{ renders: number; shown: string }>((resolve) => setTimeout(() => resolve({ renders, shown: document.querySelector('.reason')?.textContent ?? '' }), 1500));
    }, view);
    assert.equal(result.shown, 'stop number 20');
    // One render per animation frame at most: a loaded machine may deliver the 20 messages over a few frames.
    assert.ok(result.renders <= 4, `${result.renders} renders for 20 stops`);
  });

  it('asks the host for a tensor’s values and shows them as rows', async () => {
    const host = await open();
    const view = fixture('lstm-forward').inspector;
    await host.send({ type: 'inspector', view });
    await host.page.locator('[data-section=op] .tensor.output vscode-button').click();
    const ask = (await host.posted()).find((m): m is Extract<WebviewToHost, { type: 'slice' }> => m.type === 'slice');
    const y = view.op!.outputs[0].tensor;
    assert.deepEqual(ask && { name: ask.name, start: ask.start, count: ask.count }, { name: y.name, start: 0, count: 128 });
    const values = Array.from({ length: 128 }, (_, i) => i / 128);
    await host.post({ type: 'slice', requestId: ask!.requestId, slice: { name: y.name, shape: y.shape, start: 0, values } });
    const rows = host.page.locator('[data-section=op] .tensor.output .slice tr');
    assert.equal(await rows.count(), 16);
    assert.equal(await rows.nth(1).locator('th').textContent(), 'row 1');
    assert.equal(await rows.nth(1).locator('td').first().textContent(), '0.0625');
  });

  it('sends the step buttons to the debugger, and follows a node selected in the graph', async () => {
    const host = await open();
    await host.send({ type: 'inspector', view: fixture('lstm-forward').inspector });
    await host.page.locator('.controls vscode-button', { hasText: 'Over' }).click();
    await host.page.locator('.controls vscode-button', { hasText: 'Back' }).click();
    assert.deepEqual((await host.posted()).slice(-2), [
      { type: 'command', command: 'stepOver' },
      { type: 'command', command: 'stepBack' },
    ]);
    await host.post({ type: 'select', node: 'layer:memory', layer: 'memory' });
    assert.match((await host.page.locator('.selected').textContent()) ?? '', /layer:memory/);
    assert.ok(await host.page.locator('.gate-layer[data-layer=memory]').isVisible());
    await host.send({ type: 'inspector', view: fixture('lstm-backward').inspector });
    assert.ok(await host.page.locator('.selected').isVisible(), 'a later stop of the same model keeps the selection');
    await host.send({ type: 'inspector', view: fixture('attention-forward').inspector });
    assert.ok(await host.page.locator('.selected').isHidden(), 'another model drops the node picked in the first one’s graph');
  });

  it('keeps a closed section closed across a reload (setState)', async () => {
    const host = await open();
    await host.send({ type: 'inspector', view: fixture('mlp-forward').inspector });
    await host.page.locator('[data-section=training]').evaluate((e) => e.shadowRoot?.querySelector<HTMLElement>('.collapsible-header, .header, [part=header], div[tabindex]')?.click());
    const state = await host.state<{ closed: string[] }>();
    assert.deepEqual(state.closed, ['training']);
    const again = await open('dark', state);
    await again.send({ type: 'inspector', view: fixture('mlp-forward').inspector });
    assert.equal(await again.page.locator('[data-section=training]').getAttribute('open'), null);
    assert.equal(await again.page.locator('[data-section=op]').getAttribute('open'), '');
  });

  it('shows the decision boundary in a high-contrast theme', async () => {
    const host = await open('high-contrast');
    const view = fixture('mlp-forward').inspector;
    await host.send({ type: 'inspector', view });
    assert.ok(await host.page.locator('canvas.boundary').isVisible());
    assert.match((await host.page.locator('[data-section=boundary] .legend-unit').textContent()) ?? '', /p\(class 1\)/);
    await host.screenshot('inspector-mlp-high-contrast');
  });

  it('projects word vectors and answers a nearest-neighbour query', async () => {
    const host = await open();
    const view = fixture('word2vec').inspector;
    await host.send({ type: 'inspector', view });
    const e = view.embeddings!;
    assert.equal(await host.page.locator('[data-section=embeddings] table tr td:first-child').count(), e.words.length);
    await host.page.locator('[data-section=embeddings] vscode-textfield[aria-label=word]').evaluate((field, word) => {
      (field as HTMLElement & { value: string }).value = word;
      field.dispatchEvent(new Event('input'));
    }, e.words[0]);
    assert.match((await host.page.locator('.query-answers').textContent()) ?? '', new RegExp(`nearest to “${e.words[0]}”: \\S+ \\(`));
    await host.screenshot('inspector-word2vec-dark');
  });
});
