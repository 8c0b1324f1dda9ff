/// <reference lib="dom" />
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { PinnedView, TensorPlot } from '../../engine/protocol';
import { statsView } from '../../engine/session/format';
import { gridOf, histogramOf } from '../../engine/session/views/tensorPlot';
import { Tensor } from '../../engine/tensor/tensor';
import { readHeatmap } from './support/probes';
import { webviewPages } from './support/pages';
import { ARTIFACTS, fixture, type StandInHost } from './support/standInHost';
import type { ThemeName } from './support/themes';

/** A picture of one part of the page, to look at (test-artifacts/webview). */
async function picture(host: StandInHost, selector: string, name: string): Promise<void> {
  await host.page.locator(selector).screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
}

/** What a pinned tensor's block shows: its title, caption, and which of its drawings are on screen. */
async function blocks(host: StandInHost): Promise<{ expression: string; title: string; caption: string; heatmap: boolean; line: boolean; histogram: boolean }[]> {
  return host.page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLElement>('[data-section=pinned] .pinned')).map((b) => {
      const shown = (e: Element | null) => !!e && (e as HTMLElement).getClientRects().length > 0;
      const charts = b.querySelectorAll('figure.chart');
      return {
        expression: b.dataset.expression ?? '',
        title: b.querySelector('.pinned-title')?.textContent ?? '',
        caption: b.querySelector('.pinned-caption')?.textContent ?? '',
        heatmap: shown(b.querySelector('figure.heatmap')),
        line: shown(charts[0]),
        histogram: shown(charts[1]),
      };
    }),
  );
}

/** The rows of the data table behind a chart (for screen readers), as text. */
function tableRows([scope, index]: [string, number]): string[][] {
  const table = document.querySelectorAll(`${scope} figure.chart`)[index]?.querySelector('table');
  return Array.from(table?.querySelectorAll('tr') ?? []).map((tr) => Array.from(tr.children, (c) => c.textContent ?? ''));
}

function bigPlot(rows: number, cols: number): TensorPlot {
  const t = Tensor.zeros([rows, cols], 'float64', 'big');
  t.data.forEach((_, i) => (t.data[i] = Math.sin(i / 97)));
  return { kind: 'tensor', expression: 'big', shape: [rows, cols], dtype: 'float64', stats: statsView(t), grid: gridOf(t), histogram: histogramOf(t) };
}

describe('Inspector webview: pinned tensors and the previous run (headless Chromium)', function () {
  this.timeout(180_000);
  const openPage = webviewPages();
  const open = (state?: unknown, theme: ThemeName = 'dark'): Promise<StandInHost> => openPage('inspector', { theme, state, viewport: { width: 460, height: 1600 } });

  it('scrolls the tensor just pinned ("View in Backstep") into view, once: the Inspector may hold it below the fold', async () => {
    const host = await openPage('inspector', { theme: 'dark', viewport: { width: 460, height: 500 } });
    const f = fixture('lstm-pinned');
    const top = (expression: string) => host.page.evaluate((e) => document.querySelector(`[data-section=pinned] .pinned[data-expression="${e}"]`)!.getBoundingClientRect().top, expression);
    await host.send({ type: 'inspector', view: f.inspector, pinned: f.pinned });
    const below = await top('memory/t5/gate_f');
    assert.ok(below > 500, `the last pinned tensor starts below the fold (${below})`);
    await host.send({ type: 'inspector', view: f.inspector, pinned: f.pinned, reveal: 'memory/t5/gate_f' });
    const revealed = await top('memory/t5/gate_f');
    assert.ok(revealed > -1 && revealed < 100, `scrolled to the top of the view (${revealed})`);
    await host.page.evaluate(() => window.scrollTo(0, 0));
    await host.send({ type: 'inspector', view: f.inspector, pinned: f.pinned });
    assert.equal(await top('memory/t5/gate_f'), below, 'the next stop leaves the scroll alone');
  });

  it('draws each pinned tensor by its shape: a matrix as a heatmap, a vector as a line, any shape as a histogram; one not computed yet says so', async () => {
    const host = await open();
    const f = fixture('lstm-pinned');
    await host.send({ type: 'inspector', view: f.inspector, pinned: f.pinned });
    const shown = await blocks(host);
    assert.deepEqual(
      shown.map((b) => b.expression),
      ['memory.W_f', 'memory.b_f', 'memory.gate_f', 'memory/t5/gate_f'],
      'in the order they were pinned, above the op',
    );
    assert.deepEqual(
      shown.map((b) => [b.heatmap, b.line, b.histogram]),
      [
        [true, false, true],
        [false, true, true],
        [false, false, true],
        [false, false, false],
      ],
    );
    assert.match(shown[0].title, /^memory\.W_f · \[8 × 9\] float64$/);
    assert.match(shown[0].caption, /^min −?\d.* · max \d.* · mean .* · ‖·‖ /);
    assert.match(shown[2].caption, /rank 3: the histogram only/);
    assert.match(shown[3].caption, /^Not computed yet at this stop \(memory\/t5\/gate_f is not computed yet: the forward pass of step 3 has not reached it/);
    const map = await host.page.evaluate(readHeatmap, ['[data-section=pinned]', 0] as [string, number]);
    assert.deepEqual([map.rows, map.cols], [8, 9]);
    const W = f.pinned![0] as Extract<TensorPlot, { kind: 'tensor' }>;
    const values = W.grid!.values as number[];
    const [lo, hi] = [Math.min(...values), Math.max(...values)];
    const spread = map.positions.filter((_, k) => values[k] === lo || values[k] === hi);
    assert.ok(spread.length >= 2 && Math.max(...spread) - Math.min(...spread) > 0.5, 'the least and greatest values sit far apart on the colour scale');
    const table = await host.page.evaluate(() => Array.from(document.querySelectorAll('[data-section=pinned] .pinned')[0].querySelectorAll('.pinned-table tr'), (tr) => tr.children.length));
    assert.deepEqual(table, Array.from({ length: 9 }, () => 10), 'a table for screen readers: a header row and 8 rows, each with its row number and 9 values');
    const histogram = await host.page.evaluate(tableRows, ['[data-section=pinned] .pinned:nth-of-type(3)', 1] as [string, number]);
    const gate = f.pinned![2] as Extract<TensorPlot, { kind: 'tensor' }>;
    assert.equal(
      histogram.slice(1).reduce((n, row) => n + Number(row[2]), 0),
      gate.shape.reduce((a, b) => a * b, 1),
      'the histogram counts every value of the [4, 16, 8] stack once',
    );
    await host.screenshot('inspector-pinned-dark');
    await picture(host, '[data-section=pinned]', 'inspector-pinned-section-dark');
    assert.deepEqual(host.consoleErrors, []);
  });

  it('a close button (mouse or keyboard) unpins a tensor: gone at once, and the host is told', async () => {
    const host = await open();
    const f = fixture('lstm-pinned');
    await host.send({ type: 'inspector', view: f.inspector, pinned: f.pinned });
    await host.page.locator('[data-expression="memory.b_f"] vscode-button').click();
    await host.page.locator('[data-expression="memory/t5/gate_f"] vscode-button').focus();
    await host.page.keyboard.press('Enter');
    assert.deepEqual(
      (await host.posted()).filter((m) => m.type === 'unpin'),
      [
        { type: 'unpin', expression: 'memory.b_f' },
        { type: 'unpin', expression: 'memory/t5/gate_f' },
      ],
    );
    assert.deepEqual(
      (await blocks(host)).map((b) => b.expression),
      ['memory.W_f', 'memory.gate_f'],
    );
    await host.send({ type: 'inspector', view: f.inspector, pinned: [] });
    assert.equal(await host.page.locator('[data-section=pinned]').isVisible(), false, 'no pinned tensor, no section');
  });

  it('a big tensor arrives downsampled by block means and says so; a number and a bad expression read as text', async () => {
    const host = await open();
    const pinned: PinnedView[] = [bigPlot(300, 500), { kind: 'number', expression: 'norm(memory.W_f)', value: 2.5 }, { kind: 'failed', expression: 'memory.W_g', message: 'unknown name memory.W_g — did you mean memory.W_f? (at column 1)' }];
    await host.send({ type: 'inspector', view: fixture('lstm-forward').inspector, pinned });
    const [big, number, failed] = await blocks(host);
    const map = await host.page.evaluate(readHeatmap, ['[data-section=pinned]', 0] as [string, number]);
    assert.deepEqual([map.rows, map.cols], [60, 63], '300 × 500 in blocks of 5 × 8');
    assert.match(big.caption, /downsampled: each cell is the mean of a 5 × 8 block/);
    assert.match(number.caption, /^= 2\.5 \(a number\)$/);
    await picture(host, '[data-section=pinned]', 'inspector-pinned-big-dark');
    assert.match(failed.caption, /^Cannot be drawn: unknown name memory\.W_g — did you mean memory\.W_f\?/);
    assert.deepEqual(host.consoleErrors, []);
  });

  it('after a Restart the loss and gradient-norm charts keep the previous run as a faded line until it is dismissed', async () => {
    const host = await open();
    const f = fixture('mlp-restarted');
    await host.send({ type: 'inspector', view: f.inspector });
    const series = async (scope: string) => new Set((await host.page.evaluate(tableRows, [scope, 0] as [string, number])).slice(1).map((r) => r[0]));
    assert.deepEqual(await series('[data-section=training]'), new Set(['loss', 'previous run']));
    const layers = f.inspector.gradientHistory!.layers.map((l) => l.layer);
    assert.deepEqual(await series('[data-section=gradients] .grad-history'), new Set([...layers, ...layers.map((l) => `${l} (previous run)`)]));
    assert.match((await host.page.locator('[data-section=training] .previous-run-note').textContent()) ?? '', /run 1, before the last Restart/);
    await host.screenshot('inspector-previous-run-dark');
    await picture(host, '[data-section=training]', 'inspector-previous-run-loss-dark');
    await picture(host, '[data-section=gradients] .grad-history', 'inspector-previous-run-gradients-dark');
    await host.page.locator('[data-section=training] .previous-run-note vscode-button').click();
    await host.page.waitForFunction(() => !document.querySelector('.previous-run-note'));
    assert.deepEqual(await series('[data-section=training]'), new Set(['loss']));
    assert.deepEqual(await series('[data-section=gradients] .grad-history'), new Set(layers));
    assert.equal((await host.state<{ dismissedRun: number }>()).dismissedRun, 1, 'kept across reloads of the page');
    await host.send({ type: 'inspector', view: f.inspector });
    assert.deepEqual(await series('[data-section=training]'), new Set(['loss']), 'a later stop does not bring it back');
    await host.send({ type: 'inspector', view: { ...f.inspector, previousRun: { ...f.inspector.previousRun!, run: 2 } } });
    assert.deepEqual(await series('[data-section=training]'), new Set(['loss', 'previous run']), 'the next Restart does');
    assert.deepEqual(host.consoleErrors, []);
  });

  it('in the light and high-contrast themes too: the pinned tensors and the faded previous run, with no console error', async () => {
    for (const theme of ['light', 'high-contrast'] as const) {
      const host = await open(undefined, theme);
      const pinned = fixture('lstm-pinned');
      await host.send({ type: 'inspector', view: fixture('mlp-restarted').inspector, pinned: pinned.pinned });
      assert.equal((await blocks(host)).length, 4);
      await picture(host, '[data-section=pinned]', `inspector-pinned-section-${theme}`);
      await picture(host, '[data-section=training]', `inspector-previous-run-loss-${theme}`);
      assert.deepEqual(host.consoleErrors, []);
    }
  });
});
