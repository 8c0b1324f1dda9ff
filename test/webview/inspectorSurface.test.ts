/// <reference lib="dom" />
import * as assert from 'node:assert/strict';
import type { PathPoint, WebviewToHost } from '../../engine/protocol';
import { webviewPages } from './support/pages';
import { fixture, type StandInHost } from './support/standInHost';

/** The optimizers sample's valley, as its comment writes it, and its gradient. */
const valley = ([w1, w2]: readonly number[]): number => 0.5 * (9 * (w1 - 1) ** 2 + 0.09 * (w2 - 5) ** 2);
const gradient = ([w1, w2]: readonly number[]): [number, number] => [9 * (w1 - 1), 0.09 * (w2 - 5)];

/** SGD with heavy-ball momentum μ (PyTorch's: b ← μ b + g, the first b = g; w ← w − η b), `steps` steps from w0. */
function descend(w0: readonly number[], lr: number, steps: number, momentum = 0): number[][] {
  const path = [[...w0]];
  let b: number[] | null = null;
  for (let k = 0; k < steps; k++) {
    const w = path[k];
    const g = gradient(w);
    b = b && momentum ? b.map((v, i) => momentum * v + g[i]) : g;
    path.push(w.map((v, i) => v - lr * b![i]));
  }
  return path;
}

/** The centre of the pixels drawn in the theme's focus colour (the marked point), in CSS pixels of the canvas, and the plot's geometry. */
async function markOnScreen(host: StandInHost): Promise<{ x: number; y: number; pixels: number; plot: { left: number; top: number; size: number } }> {
  return host.page.evaluate(() => {
    const canvas = document.querySelector('[data-section=lossSurface] canvas.surface') as HTMLCanvasElement;
    const probe = document.createElement('canvas').getContext('2d')!;
    probe.fillStyle = getComputedStyle(document.documentElement).getPropertyValue('--vscode-focusBorder').trim();
    probe.fillRect(0, 0, 1, 1);
    const focus = probe.getImageData(0, 0, 1, 1).data;
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let [sx, sy, n] = [0, 0, 0];
    for (let y = 0; y < canvas.height; y++) {
      for (let x = 0; x < canvas.width; x++) {
        const k = (y * canvas.width + x) * 4;
        if (Math.abs(data[k] - focus[0]) + Math.abs(data[k + 1] - focus[1]) + Math.abs(data[k + 2] - focus[2]) <= 3) [sx, sy, n] = [sx + x + 0.5, sy + y + 0.5, n + 1];
      }
    }
    const scale = canvas.width / canvas.getBoundingClientRect().width;
    return { x: sx / n / scale, y: sy / n / scale, pixels: n, plot: JSON.parse(canvas.dataset.plot!) as { left: number; top: number; size: number } };
  });
}

/** The rows of a table of the section, cell texts. */
async function rows(host: StandInHost, table: string): Promise<string[][]> {
  return host.page.$$eval(`[data-section=lossSurface] table.${table} tbody tr`, (trs) => trs.map((tr) => Array.from(tr.children, (c) => c.textContent ?? '')));
}

/** A number as the Inspector writes it (numberText.ts: a true minus sign). */
const read = (text: string): number => Number.parseFloat(text.replace('−', '-'));
const close = (text: string, expected: number, what: string): void => assert.ok(Math.abs(read(text) - expected) <= 1e-5 * (1 + Math.abs(expected)), `${what}: ${text} vs ${expected}`);

describe('Inspector webview: optimizer paths on the loss surface (headless Chromium)', function () {
  this.timeout(180_000);
  const openPage = webviewPages();

  it('marks the cursor’s parameters where SGD puts them after 3 steps, and lists the path with its losses', async () => {
    const host = await openPage('inspector', { theme: 'dark' });
    const f = fixture('optimizers-loss');
    const s = f.inspector.lossSurface!;
    await host.send({ type: 'inspector', view: f.inspector });
    // The path computed here from the start, the sample's rate and the valley's gradient.
    const path = descend(s.path[0].at, 0.2, 3);
    const mark = await markOnScreen(host);
    const g = s.grid!;
    const expected = [mark.plot.left + ((path[3][0] - g.x[0]) / (g.x[1] - g.x[0])) * mark.plot.size, mark.plot.top + mark.plot.size - ((path[3][1] - g.y[0]) / (g.y[1] - g.y[0])) * mark.plot.size];
    assert.ok(mark.pixels > 20, `the mark is drawn (${mark.pixels} pixels)`);
    assert.ok(Math.hypot(mark.x - expected[0], mark.y - expected[1]) < 1, `the mark at (${mark.x}, ${mark.y}), expected (${expected.join(', ')})`);
    const table = await rows(host, 'surface-path');
    assert.deepEqual(table.map((r) => r[0]), ['0', '1', '2', '3 (cursor)']);
    table.forEach((r, k) => {
      close(r[1], path[k][0], `w1 at step ${k}`);
      close(r[2], path[k][1], `w2 at step ${k}`);
      close(r[3], valley(path[k]), `loss at step ${k}`);
    });
    // The cursor's loss is the loss the engine reports at this step (the training curve's last point).
    close(table[3][3], f.inspector.training.losses.at(-1)!.loss, 'the reported loss');
    const labels = await host.page.locator('[data-section=lossSurface] canvas.surface').getAttribute('aria-label');
    assert.match(labels ?? '', /w1 \(point\.W\[0\]\) and w2 \(point\.W\[1\]\)/);
    assert.match((await host.page.locator('[data-section=lossSurface] .legend-unit').textContent()) ?? '', /mse loss, mean over all 2 examples/);
    assert.deepEqual(host.consoleErrors, []);
  });

  it('goes along the path with the arrow keys', async () => {
    const host = await openPage('inspector', { theme: 'light' });
    await host.send({ type: 'inspector', view: fixture('optimizers-loss').inspector });
    await host.page.locator('[data-section=lossSurface] canvas.surface').focus();
    await host.page.keyboard.press('ArrowLeft');
    assert.match((await host.page.locator('[data-section=lossSurface] .surface-readout').textContent()) ?? '', /^step 2: \(/);
    await host.page.keyboard.press('End');
    assert.match((await host.page.locator('[data-section=lossSurface] .surface-readout').textContent()) ?? '', /^Cursor: step 3/);
  });

  it('races the other optimizers on request and lists where each is after the cursor’s 3 steps', async () => {
    const host = await openPage('inspector', { theme: 'dark' });
    const f = fixture('optimizers-loss');
    await host.send({ type: 'inspector', view: f.inspector });
    await host.page.locator('[data-section=lossSurface] vscode-button', { hasText: 'Race the other optimizers' }).click();
    const ask = (await host.posted()).find((m): m is Extract<WebviewToHost, { type: 'surface' }> => m.type === 'surface');
    assert.equal(ask?.ask, 'race');
    await host.post({ type: 'surface', requestId: ask.requestId, race: f.race });
    const table = await rows(host, 'surface-racers');
    assert.deepEqual(table.map((r) => r[0]), ['SGD', 'SGD + momentum 0.9', 'AdaGrad', 'RMSprop', 'Adam']);
    const start = f.inspector.lossSurface!.path[0].at;
    for (const [row, momentum] of [[0, 0], [1, 0.9]] as const) {
      const w = descend(start, 0.2, 3, momentum)[3];
      assert.equal(table[row][1], '3');
      close(table[row][2], w[0], `${table[row][0]} w1`);
      close(table[row][3], w[1], `${table[row][0]} w2`);
      close(table[row][4], valley(w), `${table[row][0]} loss`);
    }
    assert.equal(await host.page.locator('[data-section=lossSurface] .surface-racer-key li').count(), 5);
    // The next stop (a step on) keeps the race: its racers are listed at that step.
    const later = fixture('optimizers-later').inspector;
    await host.send({ type: 'inspector', view: later });
    const next = await rows(host, 'surface-racers');
    assert.equal(next.length, 5);
    assert.ok(next.every((r) => r[1] === String(later.lossSurface!.completedSteps)), JSON.stringify(next));
  });

  it('computes the landscape of a bigger model on request, with a progress bar and Cancel, and marks the cursor at the plane’s origin', async () => {
    const host = await openPage('inspector', { theme: 'dark' });
    const f = fixture('mlp-landscape');
    await host.send({ type: 'inspector', view: f.inspector });
    assert.equal(await host.page.locator('[data-section=lossSurface] canvas.surface').isVisible(), false);
    await host.page.locator('[data-section=lossSurface] vscode-button', { hasText: 'Compute the loss landscape' }).click();
    const ask = (await host.posted()).find((m): m is Extract<WebviewToHost, { type: 'surface' }> => m.type === 'surface');
    assert.equal(ask?.ask, 'landscape');
    await host.post({ type: 'landscapeProgress', done: 410, total: 1681 });
    assert.equal(await host.page.locator('[data-section=lossSurface] progress').getAttribute('value'), '410');
    await host.page.locator('[data-section=lossSurface] vscode-button', { hasText: 'Cancel' }).click();
    assert.ok((await host.posted()).some((m) => m.type === 'surface' && m.ask === 'cancelLandscape'));
    const l = f.landscape!;
    await host.post({ type: 'surface', requestId: ask.requestId, landscape: l });
    const mark = await markOnScreen(host);
    const g = l.grid!;
    const origin = [mark.plot.left + ((0 - g.x[0]) / (g.x[1] - g.x[0])) * mark.plot.size, mark.plot.top + mark.plot.size - ((0 - g.y[0]) / (g.y[1] - g.y[0])) * mark.plot.size];
    assert.ok(Math.hypot(mark.x - origin[0], mark.y - origin[1]) < 1, `the mark at (${mark.x}, ${mark.y}), the origin at (${origin.join(', ')})`);
    const table = await rows(host, 'surface-path');
    assert.equal(table.length, 30, "θ_0 … θ_28 and the cursor at θ_29");
    // The path's losses are those the engine reported (full batch: L(θ_k) is step k + 1's loss).
    const losses = f.inspector.training.losses;
    table.slice(0, 29).forEach((r, k) => close(r[3], losses[k].loss, `loss of θ_${k}`));
    assert.match((await host.page.locator('[data-section=lossSurface] canvas.surface').getAttribute('aria-label')) ?? '', /PC1 \(\d+ % of the path’s variance\) and PC2/);
    assert.deepEqual(host.consoleErrors, []);
  });
});

export type { PathPoint };
