import type { ActivationView, InspectorView } from '../../../engine/protocol';
import { el, replace, setText } from '../../shared/dom';
import { formatNumber, formatPercent } from '../../shared/format';
import { css, type Palette, type Rgb } from '../../shared/theme';
import { axes, frame, line, type Frame } from '../plotFrame';
import { collapsible, type Section } from '../section';

const WIDTH = 260;
const HEIGHT = 170;
const NAMES: Readonly<Record<string, string>> = { sigmoid: 'σ(x)', tanh: 'tanh(x)', relu: 'ReLU(x)', leaky_relu: 'leaky ReLU(x)', elu: 'ELU(x)', silu: 'SiLU(x)', step: 'H(x)', gelu: 'GELU(x)' };

/**
 * At an activation op: its curve f(x) with the histogram of the pre-activations x drawn over it and
 * the region where the gradient is lost shaded (ReLU's dead x ≤ 0, sigmoid's and tanh's saturated
 * tails), and beside it f′(x) over the same x: why sigmoid's gradients vanish and ReLU's die.
 * The arrow keys move along the histogram's bins; the table holds every bin.
 */
export class ActivationSection implements Section {
  readonly id = 'activation';
  private readonly box = collapsible('activation', 'Activation');
  readonly element = this.box.element;
  private readonly curve = el('canvas', { class: 'activation-curve', role: 'img', tabindex: 0 });
  private readonly slope = el('canvas', { class: 'activation-derivative', role: 'img' });
  private readonly key = el('div', { class: 'legend activation-key' });
  private readonly summary = el('p', { class: 'activation-summary' });
  private readonly readout = el('div', { class: 'heatmap-readout', 'aria-live': 'polite' });
  private readonly table = el('div', { class: 'sr-only' });
  private view: ActivationView | null = null;
  private palette: Palette | null = null;
  private drawnKey = '';
  private bin: number | null = null;

  constructor() {
    const plots = el('div', { class: 'activation-plots' }, this.curve, this.slope);
    this.box.body.append(this.summary, el('figure', { class: 'activation' }, plots, this.key, this.readout, this.table));
    this.curve.addEventListener('keydown', (e) => this.onKey(e));
  }

  update(view: InspectorView, palette: Palette): boolean {
    const v = view.activation ?? null;
    this.view = v;
    if (!v) return false;
    const key = JSON.stringify([v.node, v.phase, v.counts, v.lo, v.hi, v.region?.count]);
    this.box.setDescription(`${v.op} at ${v.node}${v.region ? ` · ${formatPercent(v.region.fraction)} ${v.region.kind}` : ''}`);
    if (key === this.drawnKey && palette === this.palette) return true;
    [this.drawnKey, this.palette] = [key, palette];
    if (this.bin !== null && this.bin >= v.counts.length) this.bin = null;
    this.draw(v, palette);
    setText(this.summary, summaryOf(v));
    replace(this.key, ...legendOf(v, palette));
    replace(this.table, tableOf(v));
    return true;
  }

  private draw(v: ActivationView, palette: Palette): void {
    const name = NAMES[v.op] ?? `${v.op}(x)`;
    const [fLo, fHi] = padded(v.f);
    const f = frame(this.curve, WIDTH, HEIGHT, [v.lo, v.hi], [fLo, fHi]);
    if (f) {
      shade(f, v, palette, fLo, fHi);
      bars(f, v, palette, fLo, fHi, this.bin);
      line(f, v.xs, v.f, css(palette.foreground), 2);
      axes(f, palette, { lo: v.lo, hi: v.hi, title: 'pre-activation x' }, { lo: fLo, hi: fHi, title: name });
    }
    const [dLo, dHi] = padded([0, ...v.derivative]);
    const d = frame(this.slope, WIDTH, HEIGHT, [v.lo, v.hi], [dLo, dHi]);
    if (d) {
      shade(d, v, palette, dLo, dHi);
      line(d, v.xs, v.derivative, css(palette.purple), 2);
      axes(d, palette, { lo: v.lo, hi: v.hi, title: 'pre-activation x' }, { lo: dLo, hi: dHi, title: `${name.replace('(x)', '')}′(x)` });
    }
    this.curve.setAttribute('aria-label', `${name} over x from ${formatNumber(v.lo)} to ${formatNumber(v.hi)}, with the histogram of the ${v.total} pre-activations; ${summaryOf(v)} Arrow keys move along the bins.`);
    this.slope.setAttribute('aria-label', `The derivative ${name.replace('(x)', '')}′(x) over the same x: the factor the backward pass multiplies each gradient by.`);
  }

  private onKey(e: KeyboardEvent): void {
    const v = this.view;
    if (!v || !this.palette) return;
    const n = v.counts.length;
    const moves: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1, ArrowUp: 1, ArrowDown: -1 };
    let next: number | null = null;
    if (e.key in moves) next = this.bin === null ? firstFilled(v) : Math.min(n - 1, Math.max(0, this.bin + moves[e.key]));
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = n - 1;
    else if (e.key === 'Escape') next = null;
    else return;
    e.preventDefault();
    this.bin = next;
    this.draw(v, this.palette);
    setText(this.readout, next === null ? '' : binText(v, next));
  }

  layers(): readonly string[] {
    return this.view?.layer ? [this.view.layer] : [];
  }
}

function padded(values: readonly number[]): [number, number] {
  const finite = values.filter(Number.isFinite);
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  const pad = (hi - lo || 1) * 0.06;
  return [lo - pad, hi + pad];
}

function lostColor(v: ActivationView, p: Palette): Rgb {
  return v.region?.kind === 'dead' ? p.red : p.orange;
}

/** The region where the gradient is lost, as translucent bands across the plot. */
function shade(f: Frame, v: ActivationView, palette: Palette, lo: number, hi: number): void {
  if (!v.region) return;
  f.ctx.fillStyle = css(lostColor(v, palette), 0.22);
  for (const [a, b] of v.region.intervals) f.ctx.fillRect(f.px(a), f.py(hi), f.px(b) - f.px(a), f.py(lo) - f.py(hi));
}

/** The histogram as bars from the bottom of the plot, the tallest at 85 % of its height. */
function bars(f: Frame, v: ActivationView, palette: Palette, lo: number, hi: number, selected: number | null): void {
  const most = Math.max(1, ...v.counts);
  const w = (v.hi - v.lo) / v.counts.length;
  const { ctx } = f;
  v.counts.forEach((c, k) => {
    const x0 = f.px(v.lo + k * w);
    const x1 = f.px(v.lo + (k + 1) * w);
    const top = f.py(lo + (0.85 * (hi - lo) * c) / most);
    ctx.fillStyle = css(palette.blue, 0.6);
    if (c > 0) ctx.fillRect(x0, top, x1 - x0 - 0.5, f.py(lo) - top);
    if (k === selected) {
      ctx.strokeStyle = css(palette.focus);
      ctx.lineWidth = 2;
      ctx.strokeRect(x0, f.area.top + 1, x1 - x0, f.area.height - 2);
    }
  });
}

function summaryOf(v: ActivationView): string {
  const where = v.phase === 'backward' ? 'Backward pass: the gradient is multiplied by f′(x) at these x.' : 'Forward pass.';
  const lost = v.region
    ? v.region.kind === 'dead'
      ? `${v.region.count} of ${v.total - v.nonFinite} units (${formatPercent(v.region.fraction)}) are dead (${v.region.rule}): they pass no gradient.`
      : `${v.region.count} of ${v.total - v.nonFinite} units (${formatPercent(v.region.fraction)}) are saturated (${v.region.rule}): their gradient nearly vanishes.`
    : 'No unit is where the gradient is lost.';
  const outside = v.nonFinite ? ` ${v.nonFinite} values are NaN or ±Inf.` : '';
  return `${where} ${lost}${outside}`;
}

function swatch(color: string): HTMLElement {
  const s = el('span', { class: 'swatch' });
  s.style.background = color;
  return s;
}

function legendOf(v: ActivationView, p: Palette): HTMLElement[] {
  const most = Math.max(0, ...v.counts);
  return [
    el('span', {}, swatch(css(p.foreground)), `f(x) = ${NAMES[v.op] ?? v.op}`),
    el('span', {}, swatch(css(p.blue, 0.6)), `pre-activations x at ${v.node} (tallest bar: ${most} of ${v.total})`),
    el('span', {}, swatch(css(p.purple)), 'f′(x)'),
    v.region ? el('span', {}, swatch(css(lostColor(v, p), 0.4)), `${v.region.kind}: ${v.region.rule} (${formatPercent(v.region.fraction)} of units)`) : null,
  ].filter((x): x is HTMLElement => x !== null);
}

function firstFilled(v: ActivationView): number {
  const k = v.counts.findIndex((c) => c > 0);
  return k < 0 ? 0 : k;
}

function binRange(v: ActivationView, k: number): [number, number] {
  const w = (v.hi - v.lo) / v.counts.length;
  return [v.lo + k * w, k === v.counts.length - 1 ? v.hi : v.lo + (k + 1) * w];
}

function binText(v: ActivationView, k: number): string {
  const [a, b] = binRange(v, k);
  return `x from ${formatNumber(a)} to ${formatNumber(b)}: ${v.counts[k]} of ${v.total} values`;
}

/** Every bin with its count and whether it lies where the gradient is lost. */
function tableOf(v: ActivationView): HTMLTableElement {
  const cell = (t: string): HTMLElement => el('td', {}, t);
  const inLost = (a: number, b: number): string => (v.region?.intervals.some(([l, h]) => a >= l - 1e-9 && b <= h + 1e-9) ? v.region.kind : '');
  return el(
    'table',
    {},
    el('caption', {}, `Pre-activations of ${v.node} (${v.op}) by bin`),
    el('tr', {}, ...['x from', 'to', 'count', 'region'].map((h) => el('th', {}, h))),
    ...v.counts.map((c, k) => {
      const [a, b] = binRange(v, k);
      return el('tr', {}, cell(formatNumber(a)), cell(formatNumber(b)), cell(String(c)), cell(inLost(a, b)));
    }),
  );
}
