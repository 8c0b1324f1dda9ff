import { colorScale, type ColorScale, type ScaleSpec } from './colorScale';
import { el, replace, setAttr, setText } from './dom';
import { hasNonFinite, legend } from './legend';
import { formatNumber } from './format';
import { css, textOn, type Palette } from './theme';

/** A matrix shown as coloured cells, with its axes named and labelled and a legend that gives the unit. */
export interface HeatmapSpec {
  /** Accessible name: `forget gate f of memory`. */
  readonly title: string;
  readonly rows: number;
  readonly cols: number;
  /** Row-major, rows × cols. */
  readonly values: ArrayLike<number>;
  readonly rowAxis: string;
  readonly colAxis: string;
  readonly rowLabels: readonly string[];
  readonly colLabels: readonly string[];
  /** What a value means, shown beside the legend: `activation (0 closed … 1 open)`. */
  readonly unit: string;
  readonly scale: ScaleSpec;
  /** A row to outline (the current time step), and what to call it. */
  readonly markRow?: number | null;
  readonly markLabel?: string;
  /** Cell height / width. */
  readonly cellAspect?: number;
  /** Print each value in its cell when cells are large enough. */
  readonly showValues?: boolean;
  /** Per row: whether the cursor has reached it. The other rows are hatched, as not yet computed (absent: every row is). */
  readonly computedRows?: readonly boolean[];
}

/** Rows the cursor has not reached: none when the spec does not say. */
function pendingRows(spec: HeatmapSpec): boolean[] {
  return Array.from({ length: spec.rows }, (_, r) => spec.computedRows?.[r] === false);
}

const MAX_CELL = 36;
const MIN_CELL = 3;
const LABEL_PX = 12;
/** Pixels between the diagonal lines that hatch a row not computed yet. */
const HATCH_SPACING = 5;

export class Heatmap {
  readonly element: HTMLElement;
  private readonly canvas = el('canvas', { class: 'heatmap-cells', tabindex: 0, role: 'img' });
  private readonly rowLabels = el('div', { class: 'heatmap-row-labels', 'aria-hidden': 'true' });
  private readonly colLabels = el('div', { class: 'heatmap-col-labels', 'aria-hidden': 'true' });
  private readonly rowTitle = el('div', { class: 'heatmap-axis heatmap-row-axis' });
  private readonly colTitle = el('div', { class: 'heatmap-axis heatmap-col-axis' });
  private legend: HTMLElement = el('div', { class: 'legend' });
  private readonly readout = el('div', { class: 'heatmap-readout', 'aria-live': 'polite' });
  private spec: HeatmapSpec | null = null;
  private palette: Palette | null = null;
  private scale: ColorScale | null = null;
  private cell = { w: 0, h: 0 };
  private cursor: { row: number; col: number } | null = null;
  /** The figure's width, kept by a ResizeObserver so that an update never forces a layout. */
  private width = 0;
  /** What the last update drew besides the cells: skipped when only the values change. */
  private shapeKey = '';
  private scaleKey = '';
  private scalePalette: Palette | null = null;
  /** The cells as an image, one pixel per cell, scaled up when drawn (no fillRect per cell). */
  private readonly image = document.createElement('canvas');
  /** What the canvas shows now: a stop with the same values, scale and size is not redrawn. */
  private drawnValues: Float64Array | null = null;
  private drawnKey = '';
  private drawnPalette: Palette | null = null;
  private markKey = '';
  private rowEvery = 1;

  constructor() {
    const plot = el('div', { class: 'heatmap-plot' }, this.colTitle, this.colLabels, this.canvas);
    const grid = el('div', { class: 'heatmap-grid' }, this.rowTitle, this.rowLabels, plot);
    this.element = el('figure', { class: 'heatmap' }, grid, this.legend, this.readout);
    this.canvas.addEventListener('mousemove', (e) => this.pointAt(e.offsetX, e.offsetY));
    this.canvas.addEventListener('mouseleave', () => this.moveCursor(null));
    this.canvas.addEventListener('keydown', (e) => this.onKey(e));
    new ResizeObserver((entries) => {
      const width = entries[entries.length - 1].contentRect.width;
      if (Math.abs(width - this.width) < 1) return;
      this.width = width;
      if (this.spec && this.palette) this.update(this.spec, this.palette);
    }).observe(this.element);
  }

  update(spec: HeatmapSpec, palette: Palette): void {
    this.spec = spec;
    this.palette = palette;
    if (this.cursor && (this.cursor.row >= spec.rows || this.cursor.col >= spec.cols)) this.cursor = null;
    if (this.width === 0) this.width = this.element.clientWidth;
    const shapeKey = JSON.stringify([spec.title, spec.rows, spec.cols, spec.rowAxis, spec.colAxis, spec.rowLabels, spec.colLabels, spec.cellAspect, this.width]);
    const reshaped = shapeKey !== this.shapeKey;
    if (reshaped) {
      this.shapeKey = shapeKey;
      this.sizeCells(spec);
      this.canvas.setAttribute('aria-label', `${spec.title}: ${spec.rows} ${spec.rowAxis} × ${spec.cols} ${spec.colAxis}, ${spec.unit}. Arrow keys read the cells.`);
      this.canvas.dataset.rows = String(spec.rows);
      this.canvas.dataset.cols = String(spec.cols);
      this.rowTitle.textContent = `${spec.rowAxis} ↓`;
      this.colTitle.textContent = `${spec.colAxis} →`;
      this.drawLabels(spec);
    }
    // The current time step moves at most stops: two row labels change, not the whole map.
    const markKey = `${spec.markRow ?? ''}|${spec.markLabel ?? ''}`;
    if (reshaped || markKey !== this.markKey) {
      this.markKey = markKey;
      this.markRowLabel(spec);
    }
    const pending = pendingRows(spec);
    const scaleKey = JSON.stringify([spec.scale, spec.unit, hasNonFinite(spec.values), pending.includes(true)]);
    if (!this.scale || scaleKey !== this.scaleKey || palette !== this.scalePalette) {
      [this.scaleKey, this.scalePalette] = [scaleKey, palette];
      this.scale = colorScale(spec.scale, palette);
      const next = legend(this.scale, spec.unit, hasNonFinite(spec.values), pending.includes(true));
      this.legend.replaceWith(next);
      this.legend = next;
    }
    const unchanged = this.drawnValues && sameValues(this.drawnValues, spec.values) && this.drawnKey === this.drawKey() && this.drawnPalette === palette;
    if (!unchanged) this.draw();
    this.showReadout();
  }

  /** Everything besides the values that the canvas depends on. */
  private drawKey(): string {
    const pending = this.spec ? pendingRows(this.spec).map(Number).join('') : '';
    return `${this.shapeKey}|${this.scaleKey}|${this.markKey}|${pending}|${this.cursor?.row},${this.cursor?.col}`;
  }

  private sizeCells(spec: HeatmapSpec): void {
    const labelWidth = Math.min(90, 14 + LABEL_PX * 0.6 * Math.max(1, ...spec.rowLabels.map((l) => l.length + 2)));
    const available = (this.width || 300) - labelWidth - 24;
    const w = Math.max(MIN_CELL, Math.min(MAX_CELL, Math.floor(available / Math.max(1, spec.cols))));
    const h = Math.max(MIN_CELL, Math.min(28, Math.round(w * (spec.cellAspect ?? 0.75))));
    this.cell = { w, h };
    const dpr = window.devicePixelRatio || 1;
    this.canvas.width = Math.round(spec.cols * w * dpr);
    this.canvas.height = Math.round(spec.rows * h * dpr);
    this.canvas.style.width = `${spec.cols * w}px`;
    this.canvas.style.height = `${spec.rows * h}px`;
    this.rowLabels.style.width = `${labelWidth}px`;
  }

  private drawLabels(spec: HeatmapSpec): void {
    const { w, h } = this.cell;
    const longest = Math.max(1, ...spec.colLabels.map((l) => l.length));
    const vertical = longest * LABEL_PX * 0.6 > w;
    const colEvery = vertical ? Math.ceil(LABEL_PX / w) : 1;
    this.rowEvery = Math.ceil(LABEL_PX / h);
    this.colLabels.classList.toggle('vertical', vertical);
    replace(this.colLabels, ...spec.colLabels.map((label, i) => this.label(i % colEvery === 0 ? label : '', w, null)));
    replace(this.rowLabels, ...spec.rowLabels.map(() => this.label('', null, h)));
  }

  /** Row labels (every `rowEvery`-th, so they never crowd), the marked row's always, with an arrow. */
  private markRowLabel(spec: HeatmapSpec): void {
    spec.rowLabels.forEach((label, i) => {
      const span = this.rowLabels.children[i] as HTMLElement | undefined;
      if (!span) return;
      const marked = spec.markRow === i;
      const text = marked ? `▸ ${label}` : i % this.rowEvery === 0 ? label : '';
      setText(span, text);
      span.classList.toggle('marked', marked);
      const title = marked ? `${label}: ${spec.markLabel ?? 'the current one'}` : text;
      if (title) setAttr(span, 'title', title);
      else span.removeAttribute('title');
    });
  }

  private label(text: string, width: number | null, height: number | null): HTMLElement {
    // Cells smaller than a label: only every few cells is labelled, and a label may spill into its blank neighbours.
    const tight = (width ?? height ?? LABEL_PX) < LABEL_PX;
    const span = el('span', { title: text || null, class: tight ? 'tight' : null }, text);
    if (width !== null) span.style.width = `${width}px`;
    if (height !== null) span.style.height = span.style.lineHeight = `${height}px`;
    return span;
  }

  private draw(): void {
    const { spec, palette, scale } = this;
    const ctx = this.canvas.getContext('2d');
    if (!spec || !palette || !scale || !ctx) return;
    this.drawnValues = Float64Array.from(spec.values);
    this.drawnKey = this.drawKey();
    this.drawnPalette = palette;
    const dpr = window.devicePixelRatio || 1;
    const { w, h } = this.cell;
    const [width, height] = [spec.cols * w, spec.rows * h];
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(this.cells(spec, scale), 0, 0, width, height);
    this.hatch(ctx, spec, palette);
    // The gap between cells: a background line along each cell's right and bottom edge.
    const gap = w >= 8 && h >= 8 ? 1 : 0;
    if (gap) {
      ctx.fillStyle = css(palette.background);
      for (let c = 1; c <= spec.cols; c++) ctx.fillRect(c * w - gap, 0, gap, height);
      for (let r = 1; r <= spec.rows; r++) ctx.fillRect(0, r * h - gap, width, gap);
    }
    if (spec.showValues && w >= 30 && h >= 16) this.printValues(ctx, spec, scale, palette);
    const thick = palette.highContrast ? 3 : 2;
    if (spec.markRow !== null && spec.markRow !== undefined && spec.markRow < spec.rows) {
      // A foreground line inside a background one reads on every cell colour of every theme.
      const y = spec.markRow * h;
      ctx.strokeStyle = css(palette.background);
      ctx.lineWidth = thick + 2;
      ctx.strokeRect(thick / 2 + 1, y + 1, width - thick - 2, h - 2);
      ctx.strokeStyle = css(palette.foreground);
      ctx.lineWidth = thick;
      ctx.strokeRect(thick / 2 + 1, y + 1, width - thick - 2, h - 2);
    }
    if (this.cursor) {
      ctx.strokeStyle = css(palette.foreground);
      ctx.lineWidth = 1.5;
      ctx.strokeRect(this.cursor.col * w + 0.75, this.cursor.row * h + 0.75, w - 1.5 - gap, h - 1.5 - gap);
    }
  }

  /** The rows not computed yet: the background crossed by thin diagonal lines in the muted colour. */
  private hatch(ctx: CanvasRenderingContext2D, spec: HeatmapSpec, palette: Palette): void {
    const pending = pendingRows(spec);
    if (!pending.includes(true)) return;
    const { w, h } = this.cell;
    const [width, height] = [spec.cols * w, spec.rows * h];
    ctx.save();
    ctx.beginPath();
    pending.forEach((p, r) => p && ctx.rect(0, r * h, width, h));
    ctx.clip();
    ctx.fillStyle = css(palette.background);
    ctx.fillRect(0, 0, width, height);
    ctx.strokeStyle = css(palette.muted);
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (let x = -height; x < width; x += HATCH_SPACING) {
      ctx.moveTo(x, height);
      ctx.lineTo(x + height, 0);
    }
    ctx.stroke();
    ctx.restore();
  }

  /** One pixel per cell in its colour, written at once as image data. */
  private cells(spec: HeatmapSpec, scale: ColorScale): HTMLCanvasElement {
    if (this.image.width !== spec.cols || this.image.height !== spec.rows) [this.image.width, this.image.height] = [spec.cols, spec.rows];
    const ctx = this.image.getContext('2d');
    if (!ctx) return this.image;
    const data = ctx.createImageData(spec.cols, spec.rows);
    const n = spec.rows * spec.cols;
    for (let k = 0; k < n; k++) {
      const [r, g, b] = scale.color(spec.values[k]);
      data.data[4 * k] = r;
      data.data[4 * k + 1] = g;
      data.data[4 * k + 2] = b;
      data.data[4 * k + 3] = 255;
    }
    ctx.putImageData(data, 0, 0);
    return this.image;
  }

  private printValues(ctx: CanvasRenderingContext2D, spec: HeatmapSpec, scale: ColorScale, palette: Palette): void {
    const { w, h } = this.cell;
    ctx.font = `${Math.min(11, h - 4)}px ${palette.fontFamily}`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    const pending = pendingRows(spec);
    const texts = Array.from(spec.values, (v) => formatNumber(v, 2));
    // All or none: numbers wider than their cell would run into the next one (hover and arrow keys still read every cell).
    if (texts.some((t, k) => !pending[Math.floor(k / spec.cols)] && ctx.measureText(t).width > w - 4)) return;
    for (let r = 0; r < spec.rows; r++) {
      if (pending[r]) continue;
      for (let c = 0; c < spec.cols; c++) {
        const v = spec.values[r * spec.cols + c];
        ctx.fillStyle = css(textOn(scale.color(v), palette));
        ctx.fillText(texts[r * spec.cols + c]!, c * w + w / 2, r * h + h / 2);
      }
    }
  }

  private pointAt(x: number, y: number): void {
    if (!this.spec) return;
    const col = Math.floor(x / this.cell.w);
    const row = Math.floor(y / this.cell.h);
    this.moveCursor(row >= 0 && col >= 0 && row < this.spec.rows && col < this.spec.cols ? { row, col } : null);
  }

  private onKey(e: KeyboardEvent): void {
    if (!this.spec) return;
    const moves: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1], Home: [0, -1e9], End: [0, 1e9] };
    const move = moves[e.key];
    if (!move) return;
    e.preventDefault();
    const at = this.cursor ?? { row: this.spec.markRow ?? 0, col: 0 };
    const clamp = (v: number, n: number): number => Math.max(0, Math.min(n - 1, v));
    this.moveCursor(this.cursor ? { row: clamp(at.row + move[0], this.spec.rows), col: clamp(at.col + move[1], this.spec.cols) } : at);
  }

  private moveCursor(cursor: { row: number; col: number } | null): void {
    if (cursor?.row === this.cursor?.row && cursor?.col === this.cursor?.col) return;
    this.cursor = cursor;
    this.draw();
    this.showReadout();
  }

  private showReadout(): void {
    const spec = this.spec;
    if (!spec) return;
    let text = 'Point at a cell, or focus the map and use the arrow keys, to read its value.';
    if (this.cursor) {
      const { row, col } = this.cursor;
      const v = spec.values[row * spec.cols + col];
      const value = pendingRows(spec)[row] ? 'not yet computed' : `${formatNumber(v)} (${spec.unit})`;
      text = `${spec.rowAxis} ${spec.rowLabels[row] ?? row}, ${spec.colAxis} ${spec.colLabels[col] ?? col}: ${value}`;
    }
    // Unchanged text is left alone: a DOM write would invalidate the layout for nothing.
    if (this.readout.textContent !== text) this.readout.textContent = text;
  }
}

function sameValues(a: Float64Array, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && !(Number.isNaN(a[i]) && Number.isNaN(b[i]))) return false;
  return true;
}
