/// <reference lib="dom" />
import * as assert from 'node:assert/strict';
import { formatNumber } from '../../engine/protocol/numberText';
import { webviewPages } from './support/pages';
import { fixture, type StandInHost } from './support/standInHost';
import { THEMES } from './support/themes';

/**
 * The activation section of the activations sample (fixtures activations-sigmoid, forward at net/act3,
 * and activations-relu, backward at net/act2): the curve with the histogram of the pre-activations
 * over it, the saturated or dead region shaded, f′ beside it, a table of the bins for screen readers
 * and the arrow keys along the bins. Pixels are read at data coordinates through the plot area the
 * canvas names (`data-plot`).
 */
describe('Inspector webview: the activation curve with its pre-activations (headless Chromium)', function () {
  this.timeout(180_000);
  const openPage = webviewPages((host) => assert.deepEqual(host.consoleErrors, []));
  const open = (): Promise<StandInHost> => openPage('inspector', { theme: 'dark' });
  const section = '[data-section=activation]';
  const hex = (h: string): number[] => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));
  const dark = THEMES.dark.vars;

  /** RGB at data point (x, y) of a canvas of the section, or at a fraction `fy` of the plot's height from its top. */
  function pixel(host: StandInHost, canvas: string, x: number, at: { y?: number; fy?: number }): Promise<number[]> {
    return host.page.locator(`${section} canvas.${canvas}`).evaluate(
      (c, { x, at }) => {
        const canvas = c as HTMLCanvasElement;
        const p = JSON.parse(canvas.dataset.plot!) as { left: number; top: number; width: number; height: number; x: [number, number]; y: [number, number] };
        const px = p.left + ((x - p.x[0]) / (p.x[1] - p.x[0])) * p.width;
        const py = at.fy !== undefined ? p.top + at.fy * p.height : p.top + p.height - ((at.y! - p.y[0]) / (p.y[1] - p.y[0])) * p.height;
        const dpr = canvas.width / canvas.clientWidth;
        const d = canvas.getContext('2d')!.getImageData(Math.round(px * dpr), Math.round(py * dpr), 1, 1).data;
        return [d[0], d[1], d[2], d[3]];
      },
      { x, at },
    );
  }
  const near = (a: number[], b: number[], tol = 40): boolean => a.slice(0, 3).every((v, i) => Math.abs(v - b[i]) <= tol);

  it('relu: the table lists every bin with its count, the dead region x ≤ 0 is shaded red and its share is said', async () => {
    const host = await open();
    const view = fixture('activations-relu').inspector;
    const a = view.activation!;
    await host.send({ type: 'inspector', view });
    const rows = await host.page.locator(`${section} table tr`).evaluateAll((trs) => trs.slice(1).map((tr) => Array.from(tr.children, (td) => td.textContent ?? '')));
    assert.equal(rows.length, a.counts.length);
    const width = (a.hi - a.lo) / a.counts.length;
    rows.forEach((r, k) => {
      assert.equal(r[0], formatNumber(a.lo + k * width));
      assert.equal(r[2], String(a.counts[k]));
      assert.equal(r[3], a.lo + (k + 1) * width <= 0 ? 'dead' : '', `bin ${k} lies ${a.lo + (k + 1) * width <= 0 ? 'in' : 'outside'} x ≤ 0`);
    });
    const dead = a.counts.filter((_, k) => a.lo + (k + 1) * width <= 0).reduce((s, c) => s + c, 0);
    assert.equal(dead, a.region!.count, 'the units in the dead bins are the dead units (none sits at x = 0 exactly)');
    const percent = `${((dead / a.total) * 100).toFixed(0)} %`;
    assert.match((await host.page.locator(`${section} .activation-summary`).textContent()) ?? '', new RegExp(`${dead} of ${a.total} units \\(${percent}\\) are dead`));
    assert.equal(await host.page.locator(section).getAttribute('description'), `relu at net/act2 · ${percent} dead`);
    // Near the top of the plot, above the bars and the curve: translucent red where x ≤ 0, nothing (the panel's background shows) where x > 0.
    const red = hex(dark['--vscode-charts-red']);
    const left = await pixel(host, 'activation-curve', a.lo / 2, { fy: 0.05 });
    const right = await pixel(host, 'activation-curve', a.hi / 2, { fy: 0.05 });
    assert.ok(near(left, red, 3) && left[3] > 30 && left[3] < 100, `x < 0 is shaded in translucent red (${left}, red ${red})`);
    assert.equal(right[3], 0, `x > 0 is not shaded (${right})`);
    // The derivative panel: f′ = 1 for x > 0 drawn in purple, 0 for x < 0.
    const purple = hex(dark['--vscode-charts-purple']);
    assert.ok(near(await pixel(host, 'activation-derivative', a.hi / 2, { y: 1 }), purple), 'f′(x) = 1 at x > 0');
    assert.ok(near(await pixel(host, 'activation-derivative', a.lo / 2, { y: 0 }), purple, 60), 'f′(x) = 0 at x < 0');
    await host.screenshot('inspector-activation-relu-dark');
  });

  it('sigmoid: the tallest bin is drawn as a blue bar, an empty bin is not, and the curve passes through σ(0) = ½', async () => {
    const host = await open();
    const view = fixture('activations-sigmoid').inspector;
    const a = view.activation!;
    await host.send({ type: 'inspector', view });
    const width = (a.hi - a.lo) / a.counts.length;
    const tallest = a.counts.indexOf(Math.max(...a.counts));
    const empty = a.counts.findIndex((c, k) => c === 0 && a.lo + k * width > 0 && a.lo + k * width < 2);
    const bottom = 0.97;
    const bar = await pixel(host, 'activation-curve', a.lo + (tallest + 0.4) * width, { fy: bottom });
    const blue = hex(dark['--vscode-charts-blue']);
    assert.ok(bar[2] > bar[0] + 40 && near(bar, blue, 90), `the tallest bin (${tallest}) is a blue bar (${bar})`);
    if (empty >= 0) {
      const none = await pixel(host, 'activation-curve', a.lo + (empty + 0.4) * width, { fy: bottom });
      assert.ok(!(none[2] > none[0] + 40), `an empty bin has no bar (${none})`);
    }
    const fg = hex(dark['--vscode-foreground']);
    assert.ok(near(await pixel(host, 'activation-curve', 0, { y: 0.5 }), fg, 70), 'σ(0) = ½ on the curve');
    assert.equal(a.region!.kind, 'saturated');
    assert.match((await host.page.locator(`${section} .activation-key`).textContent()) ?? '', /saturated: \|f′\(x\)\| < 0\.05/);
  });

  it('is one tab stop: the arrow keys read out the bins, Home and End the first and last', async () => {
    const host = await open();
    const view = fixture('activations-sigmoid').inspector;
    const a = view.activation!;
    await host.send({ type: 'inspector', view });
    await host.page.locator(`${section} canvas.activation-curve`).focus();
    const readout = (): Promise<string> => host.page.locator(`${section} .heatmap-readout`).innerText();
    await host.page.keyboard.press('Home');
    assert.equal(await readout(), `x from ${formatNumber(a.lo)} to ${formatNumber(a.lo + (a.hi - a.lo) / a.counts.length)}: ${a.counts[0]} of ${a.total} values`);
    await host.page.keyboard.press('ArrowRight');
    assert.match(await readout(), new RegExp(`: ${a.counts[1]} of ${a.total} values$`));
    await host.page.keyboard.press('End');
    assert.match(await readout(), new RegExp(`to ${formatNumber(a.hi)}: ${a.counts[a.counts.length - 1]} of`));
  });

  it('is hidden at an op that is not an activation', async () => {
    const host = await open();
    const view = fixture('activations-sigmoid').inspector;
    await host.send({ type: 'inspector', view });
    assert.equal(await host.page.locator(section).isVisible(), true);
    await host.send({ type: 'inspector', view: { ...view, activation: null } });
    assert.equal(await host.page.locator(section).isVisible(), false);
  });
});
