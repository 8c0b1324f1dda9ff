import type { GloveView, InspectorView } from '../../../engine/protocol';
import { colorScale, type ColorScale } from '../../shared/colorScale';
import { el, replace } from '../../shared/dom';
import { formatNumber } from '../../shared/format';
import { legend } from '../../shared/legend';
import { css, type Palette } from '../../shared/theme';
import { collapsible, type Section } from '../section';
import { GlovePairsTable, gloveWeight as f } from './gloveTable';
import { hatch, moved, NOT_YET, sized, table } from './wordFigure';
import { verticalText } from '../plotFrame';

/** Matrices: word i's row, word j's column, `cell` px each, from (left, top). */
export const GLOVE_MATRIX = { left: 44, top: 8, size: 260, bottom: 30 } as const;
/** The f(X) plot: x from 0 to max(max X, x_max) over `w` px, f from 0 (bottom) to 1 (top) over `h` px. */
export const GLOVE_WEIGHT = { left: 40, top: 10, w: 240, h: 120, bottom: 36 } as const;

/**
 * GloVe: the co-occurrence matrix as log X_ij (words on both axes by frequency, empty where X = 0),
 * the residual w_i·w̃_j + b_i + b̃_j − log X_ij of each pair on the same axes (hatched until
 * `glove_loss/err` has run), and the weighting f(X) with the marked pair's count on it. The arrow
 * keys on a matrix move the mark along the pairs; the tables give the marked pair and every pair.
 */
export class GloveSection implements Section {
  readonly id = 'glove';
  private readonly box = collapsible('glove', 'GloVe');
  readonly element = this.box.element;
  private readonly counts = el('canvas', { class: 'glove-counts', tabindex: 0, role: 'img' });
  private readonly residuals = el('canvas', { class: 'glove-residuals', tabindex: 0, role: 'img' });
  private readonly weight = el('canvas', { class: 'glove-weight', role: 'img' });
  private readonly countsKey = el('div');
  private readonly residualKey = el('div');
  private readonly pair = el('div', { class: 'glove-pair', 'aria-live': 'polite' });
  private readonly all = new GlovePairsTable();
  private view: GloveView | null = null;
  private palette: Palette | null = null;
  private drawnKey = '';
  private mark = 0;
  private logScale: ColorScale | null = null;
  private residualScale: ColorScale | null = null;
  /** What each matrix shows as drawn (its cells' picture and the mark), to skip redrawing it unchanged. */
  private readonly drawn = new Map<HTMLCanvasElement, string>();
  /** The matrices' cells, one pixel per word pair, kept between stops. */
  private readonly images = new Map<HTMLCanvasElement, HTMLCanvasElement>();
  private legendKeys = ['', ''];

  constructor() {
    this.box.body.append(
      el('h3', {}, 'Co-occurrences log X_ij'),
      this.counts,
      this.countsKey,
      el('h3', {}, 'Residual w_i·w̃_j + b_i + b̃_j − log X_ij'),
      this.residuals,
      this.residualKey,
      el('h3', {}, 'Weighting f(X) = min(1, (X / x_max)^α)'),
      this.weight,
      this.pair,
      this.all.element,
    );
    for (const c of [this.counts, this.residuals]) c.addEventListener('keydown', (e) => this.onKey(e));
  }

  update(view: InspectorView, palette: Palette): boolean {
    const g = view.glove ?? null;
    if (!g) return false;
    const key = JSON.stringify([g.residuals, g.current, g.layer]);
    if (key === this.drawnKey && palette === this.palette) return true;
    if (palette !== this.palette || modelOf(g) !== (this.view && modelOf(this.view))) [this.logScale, this.legendKeys] = [null, ['', '']];
    if (palette !== this.palette) this.drawn.clear();
    [this.view, this.palette, this.drawnKey, this.mark] = [g, palette, key, g.current];
    this.logScale ??= logScale(g, palette);
    this.residualScale = residualScale(g, palette);
    this.box.setDescription(`${g.words.length} words, ${g.pairs.counts.length} pairs`);
    this.showLegend(0, this.countsKey, this.logScale, 'log X_ij (empty: the words never co-occur)', false);
    this.showLegend(1, this.residualKey, this.residualScale, 'residual (blue: predicted above log X)', g.residuals.some((r) => r === null));
    this.all.show(g);
    this.redraw();
    return true;
  }

  /** A legend rebuilt only when its scale's ends or its pending note change. */
  private showLegend(k: number, box: HTMLElement, scale: ColorScale, unit: string, pending: boolean): void {
    const key = JSON.stringify([scale.spec, pending]);
    if (this.legendKeys[k] === key) return;
    this.legendKeys[k] = key;
    replace(box, legend(scale, unit, false, pending));
  }

  private redraw(): void {
    const [g, palette] = [this.view, this.palette];
    if (!g || !palette || !this.logScale) return;
    const [scale, rs] = [this.logScale, this.residualScale ?? residualScale(g, palette)];
    this.matrix(this.counts, g, palette, modelOf(g), (p) => scale.color(Math.log(g.pairs.counts[p])), false);
    this.matrix(this.residuals, g, palette, this.drawnKey, (p) => rs.color(g.residuals[p] ?? 0), g.residuals.every((r) => r === null));
    this.drawWeight(g, palette);
    replace(this.pair, pairTable(g, this.mark));
  }

  /** `cells` names the picture of the cells: a matrix whose picture, mark and palette are as drawn is left as it is. */
  private matrix(canvas: HTMLCanvasElement, g: GloveView, palette: Palette, cells: string, colour: (p: number) => readonly [number, number, number], pending: boolean): void {
    const key = `${cells}|${pending}|${this.mark}`;
    if (this.drawn.get(canvas) === key) return;
    this.drawn.set(canvas, key);
    const M = GLOVE_MATRIX;
    const n = g.words.length;
    const cell = M.size / n;
    const ctx = sized(canvas, M.left + M.size + 8, M.top + M.size + M.bottom);
    if (!ctx) return;
    ctx.strokeStyle = css(palette.lines);
    ctx.strokeRect(M.left - 0.5, M.top - 0.5, M.size + 1, M.size + 1);
    if (pending) hatch(ctx, M.left, M.top, M.size, M.size, palette);
    else {
      ctx.imageSmoothingEnabled = false;
      ctx.drawImage(this.cellImage(canvas, g, colour), M.left, M.top, M.size, M.size);
    }
    const [i, j] = [g.pairs.rows[this.mark], g.pairs.cols[this.mark]];
    ctx.strokeStyle = css(palette.focus);
    ctx.lineWidth = 2;
    ctx.strokeRect(M.left + j * cell - 2, M.top + i * cell - 2, cell + 4, cell + 4);
    ctx.lineWidth = 1;
    ctx.font = `10px ${palette.fontFamily}`;
    // The marked pair's words beside its row and under its column.
    ctx.fillStyle = css(palette.focus);
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    ctx.fillText(g.words[i], M.left - 4, M.top + (i + 0.5) * cell);
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    ctx.fillText(g.words[j], Math.min(M.left + M.size - 10, M.left + (j + 0.5) * cell), M.top + M.size + 3);
    ctx.fillStyle = css(palette.foreground);
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    ctx.fillText(`context word j (by frequency: ${g.words[0]}, ${g.words[1]}, …) →`, M.left + M.size / 2, M.top + M.size + M.bottom - 2);
    verticalText(ctx, '← word i (by frequency)', 10, M.top + M.size / 2);
    canvas.setAttribute('aria-label', `${canvas === this.counts ? 'log co-occurrence' : 'residual'} matrix of ${n} × ${n} words; the marked pair is (${g.words[i]}, ${g.words[j]}). Arrow keys move the mark along the pairs.`);
  }

  private drawWeight(g: GloveView, palette: Palette): void {
    const key = `${modelOf(g)}|${this.mark}`;
    if (this.drawn.get(this.weight) === key) return;
    this.drawn.set(this.weight, key);
    const F = GLOVE_WEIGHT;
    const top = Math.max(g.xMax, ...g.pairs.counts);
    const px = (x: number): number => F.left + (x / top) * F.w;
    const py = (y: number): number => F.top + (1 - y) * F.h;
    const ctx = sized(this.weight, F.left + F.w + 30, F.top + F.h + F.bottom);
    if (!ctx) return;
    ctx.strokeStyle = css(palette.lines);
    ctx.strokeRect(F.left - 0.5, F.top - 0.5, F.w + 1, F.h + 1);
    ctx.fillStyle = css(palette.muted);
    for (const x of g.pairs.counts) ctx.fillRect(px(x) - 0.5, F.top + F.h - 4, 1, 4);
    ctx.strokeStyle = css(palette.blue);
    ctx.lineWidth = 2;
    ctx.beginPath();
    for (let k = 0; k <= 200; k++) ctx.lineTo(px((k / 200) * top), py(f((k / 200) * top, g)));
    ctx.stroke();
    ctx.lineWidth = 1;
    ctx.setLineDash([3, 3]);
    ctx.strokeStyle = css(palette.muted);
    ctx.beginPath();
    ctx.moveTo(px(g.xMax), F.top);
    ctx.lineTo(px(g.xMax), F.top + F.h);
    ctx.stroke();
    ctx.setLineDash([]);
    const x = g.pairs.counts[this.mark];
    ctx.fillStyle = css(palette.orange);
    ctx.beginPath();
    ctx.arc(px(x), py(f(x, g)), 5, 0, 2 * Math.PI);
    ctx.fill();
    ctx.font = `10px ${palette.fontFamily}`;
    ctx.fillStyle = css(palette.muted);
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    for (const t of [0, g.xMax, top]) ctx.fillText(formatNumber(t, 3), px(t), F.top + F.h + 2);
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (const t of [0, 0.5, 1]) ctx.fillText(String(t), F.left - 4, py(t));
    ctx.fillStyle = css(palette.foreground);
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    ctx.fillText('X_ij (co-occurrence count; ticks: every pair, dashed: x_max)', F.left + F.w / 2, F.top + F.h + F.bottom - 3);
    verticalText(ctx, 'f(X)', 10, F.top + F.h / 2);
    const [i, j] = [g.pairs.rows[this.mark], g.pairs.cols[this.mark]];
    this.weight.setAttribute('aria-label', `f(X) rises as (X / ${g.xMax})^${g.alpha} up to X = ${g.xMax}, then stays 1; the pair (${g.words[i]}, ${g.words[j]}) is marked at X = ${formatNumber(x, 4)}, f = ${formatNumber(f(x, g), 4)}`);
  }

  private onKey(e: KeyboardEvent): void {
    const n = this.view?.pairs.counts.length ?? 0;
    const to = n ? moved(e.key, this.mark, n) : null;
    if (to === null) return;
    e.preventDefault();
    this.mark = to;
    this.redraw();
  }

  /** The matrix as an image, one pixel per cell, transparent where X = 0 (scaled up when drawn: no fillRect per pair); its canvas and pixels are reused. */
  private cellImage(matrix: HTMLCanvasElement, g: GloveView, colour: (p: number) => readonly [number, number, number]): HTMLCanvasElement {
    const n = g.words.length;
    let image = this.images.get(matrix);
    if (!image) this.images.set(matrix, (image = document.createElement('canvas')));
    if (image.width !== n || image.height !== n) [image.width, image.height] = [n, n];
    const ctx = image.getContext('2d');
    if (!ctx) return image;
    const data = ctx.createImageData(n, n);
    for (let p = 0; p < g.pairs.counts.length; p++) {
      const [r, gr, b] = colour(p);
      const at = (g.pairs.rows[p] * n + g.pairs.cols[p]) * 4;
      [data.data[at], data.data[at + 1], data.data[at + 2], data.data[at + 3]] = [r, gr, b, 255];
    }
    ctx.putImageData(data, 0, 0);
    return image;
  }

  layers(): readonly string[] {
    return this.view ? [this.view.layer] : [];
  }
}

/** The co-occurrence counts are the model's, fixed while it trains: a model is its layer and sizes. */
const modelOf = (g: GloveView): string => `${g.layer}:${g.words.length}:${g.pairs.counts.length}`;

function logScale(g: GloveView, palette: Palette): ColorScale {
  let [min, max] = [Infinity, -Infinity];
  for (const x of g.pairs.counts) [min, max] = [Math.min(min, Math.log(x)), Math.max(max, Math.log(x))];
  return colorScale({ kind: 'sequential', min, max, accent: 'blue' }, palette);
}

function residualScale(g: GloveView, palette: Palette): ColorScale {
  const m = Math.max(1e-9, ...g.residuals.map((r) => Math.abs(r ?? 0)));
  return colorScale({ kind: 'diverging', absMax: m }, palette);
}

function pairTable(g: GloveView, p: number): HTMLTableElement {
  const [i, j, x] = [g.pairs.rows[p], g.pairs.cols[p], g.pairs.counts[p]];
  const r = g.residuals[p];
  const rows = [[`${g.words[i]}, ${g.words[j]}`, x, Math.log(x), f(x, g), r, r === null ? null : f(x, g) * r * r]];
  return table(`The marked pair (${p + 1} of ${g.pairs.counts.length})${r === null ? `: its residual is ${NOT_YET}` : ''}`, ['pair (i, j)', 'X_ij', 'log X_ij', 'f(X_ij)', 'residual', 'f·r²'], rows, { 'data-table': 'pair' });
}
