/// <reference lib="dom" />
import * as assert from 'node:assert/strict';
import { formatNumber } from '../../engine/protocol/numberText';
import { readHeatmap } from './support/probes';
import { webviewPages } from './support/pages';
import { fixture, type StandInHost } from './support/standInHost';

/**
 * The Inspector over PyTorch recordings (fixtures recording-update: test/fixtures/trace/mlp.bstrace
 * at an update of step 2; recording-sdpa: test/fixtures/trace/sdpa.bstrace at its loss).
 */
describe('Inspector webview: a PyTorch recording (headless Chromium)', function () {
  this.timeout(180_000);
  const openPage = webviewPages((host) => assert.deepEqual(host.consoleErrors, []));
  const open = (): Promise<StandInHost> => openPage('inspector', { theme: 'dark' });

  it('shows the recorded optimizer (PyTorch’s class, its settings) and the momentum buffer of each parameter updated so far', async () => {
    const host = await open();
    const view = fixture('recording-update').inspector;
    await host.send({ type: 'inspector', view });
    const section = host.page.locator('[data-section=training]');
    assert.equal(await section.locator('.optimizer h3').first().textContent(), 'Optimizer: SGD');
    const settings = await section.locator('.hyperparams tbody tr').evaluateAll((rows) => rows.map((r) => Array.from(r.children, (c) => c.textContent)));
    assert.deepEqual(
      settings.map((r) => r.slice(0, 2)),
      view.training.optimizer.hyperparams.map((h) => [h.name, formatNumber(h.value as number)]),
    );
    assert.equal(settings[1][0], 'momentum');
    const state = await section.locator('.optimizer-state tbody tr').evaluateAll((rows) => rows.map((r) => Array.from(r.children, (c) => c.textContent)));
    assert.deepEqual(
      state,
      view.training.optimizer.state!.flatMap((p) => p.buffers.map((b) => [p.param, `${b.symbol} momentum_buffer`, formatNumber(b.before!), formatNumber(b.after!)])),
    );
    assert.equal(state.length, 2);
    assert.match((await section.locator('.training-summary').textContent()) ?? '', /^Training step 2 \(2 of 2 recorded\)/);
    await host.screenshot('inspector-recording-update-dark');
  });

  it('draws the weights of fused attention kernels computed from q and k, and says why a kernel with statistics-only q and k has none', async () => {
    const host = await open();
    const view = fixture('recording-sdpa').inspector;
    await host.send({ type: 'inspector', view });
    const section = '[data-section=attention]';
    const blocks = host.page.locator(`${section} .attention-layer`);
    assert.equal(await blocks.count(), 4);
    const first = await host.page.evaluate(readHeatmap, [section, 0] as [string, number]);
    const causal = view.attention[0];
    assert.equal(first.rows, causal.queryLabels.length);
    // Causal: the first query attends to the first key only.
    assert.equal(causal.heads[0].values[0], 1);
    assert.match((await blocks.nth(0).locator('.attention-fused').textContent()) ?? '', /Computed from the recorded q and k.*causal/);
    const summary = blocks.nth(3);
    assert.equal(await summary.locator('.head').count(), 0);
    assert.match((await summary.locator('.attention-fused').textContent()) ?? '', /weights were not recorded/);
    assert.equal(await summary.locator('.attention-labels').isVisible(), false);
    await host.screenshot('inspector-recording-sdpa-dark');
  });
});
