/// <reference lib="dom" />
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { webviewPages } from './support/pages';
import { ARTIFACTS, fixture, type StandInHost } from './support/standInHost';
import type { ThemeName } from './support/themes';

/** The series of the loss chart (from the data table behind it, for screen readers), its label, and the summary line. */
function lossChart(): { series: string[]; label: string; summary: string } {
  const figure = document.querySelector('[data-section=training] figure.chart');
  const rows = Array.from(figure?.querySelectorAll('table tr') ?? []).map((tr) => Array.from(tr.children, (c) => c.textContent ?? ''));
  return {
    series: [...new Set(rows.slice(1).map((r) => r[0]))],
    label: figure?.querySelector('canvas')?.getAttribute('aria-label') ?? '',
    summary: document.querySelector('[data-section=training] .training-summary')?.textContent ?? '',
  };
}

describe('Inspector webview: the validation loss beside the training loss (headless Chromium)', function () {
  this.timeout(180_000);
  const openPage = webviewPages();
  const open = (theme: ThemeName = 'dark'): Promise<StandInHost> => openPage('inspector', { theme, viewport: { width: 460, height: 1400 } });
  const picture = (host: StandInHost, name: string) => host.page.locator('[data-section=training]').screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });

  it('draws the validation loss as a second series named with its interval, its last value in the summary', async () => {
    const host = await open();
    const f = fixture('blobs-validation');
    const v = f.inspector.training.validation!;
    await host.send({ type: 'inspector', view: f.inspector });
    const chart = await host.page.evaluate(lossChart);
    assert.deepEqual(chart.series, ['training loss', `validation loss (every ${v.every} steps)`]);
    assert.equal(chart.label, 'Loss per training step, with the validation loss');
    const last = v.points[v.points.length - 1];
    assert.match(chart.summary, new RegExp(` · validation loss \\S+, accuracy ${(100 * last.accuracy!).toFixed(1)}% \\(step ${last.step}\\) · `));
    await picture(host, 'inspector-validation-loss-dark');
    assert.deepEqual(host.consoleErrors, []);
  });

  it('without validation the chart keeps its one series', async () => {
    const host = await open();
    await host.send({ type: 'inspector', view: fixture('mlp-forward').inspector });
    const chart = await host.page.evaluate(lossChart);
    assert.deepEqual([chart.series, chart.label], [['loss'], 'Loss per training step']);
    assert.doesNotMatch(chart.summary, /validation/);
  });

  it('in the light and high-contrast themes too, with no console error', async () => {
    for (const theme of ['light', 'high-contrast'] as const) {
      const host = await open(theme);
      await host.send({ type: 'inspector', view: fixture('blobs-validation').inspector });
      assert.equal((await host.page.evaluate(lossChart)).series.length, 2);
      await picture(host, `inspector-validation-loss-${theme}`);
      assert.deepEqual(host.consoleErrors, []);
    }
  });
});
