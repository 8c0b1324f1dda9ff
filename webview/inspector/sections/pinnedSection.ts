import type { InspectorView, PinnedView, PlotGrid, TensorPlot } from '../../../engine/protocol';
import { ThemedChart } from '../../shared/charts';
import { scaleFor } from '../../shared/colorScale';
import { el, replace, setText } from '../../shared/dom';
import { formatNumber, formatShape } from '../../shared/format';
import { Heatmap } from '../../shared/heatmap';
import type { Palette } from '../../shared/theme';
import { collapsible, type Section } from '../section';

type Tensor = Extract<TensorPlot, { kind: 'tensor' }>;

/** Rows and columns of a matrix written out for screen readers (the heatmap's arrow keys read every cell). */
const TABLE_SIDE = 16;

/** What one pinned tensor is drawn with; the parts it does not need stay hidden. */
interface Block {
  readonly element: HTMLElement;
  readonly title: HTMLElement;
  readonly caption: HTMLElement;
  readonly heatmap: Heatmap;
  readonly heatmapBox: HTMLElement;
  readonly table: HTMLElement;
  readonly line: ThemedChart;
  readonly histogram: ThemedChart;
}

/**
 * The tensors the user pinned with "View in Backstep", evaluated again at every stop: a 2-D tensor as
 * a heatmap, a 1-D one as a line, any shape as a histogram, with its shape, dtype, min and max; one
 * the cursor has not computed yet says so. Each has a close button that unpins it.
 */
export class PinnedSection implements Section {
  readonly id = 'pinned';
  private readonly box = collapsible('pinned', 'Pinned tensors');
  readonly element = this.box.element;
  private readonly blocks = new Map<string, Block>();

  constructor(
    private readonly pinned: () => readonly PinnedView[],
    private readonly unpin: (expression: string) => void,
  ) {}

  update(_view: InspectorView, palette: Palette): boolean {
    const pinned = this.pinned();
    const keep = new Set(pinned.map((p) => p.expression));
    for (const [expression, block] of this.blocks) {
      if (keep.has(expression)) continue;
      block.line.destroy();
      block.histogram.destroy();
      block.element.remove();
      this.blocks.delete(expression);
    }
    for (const p of pinned) {
      const block = this.blocks.get(p.expression) ?? this.create(p.expression);
      this.box.body.append(block.element); // in pinning order
      this.show(block, p, palette);
    }
    this.box.setDescription(pinned.length === 1 ? '1 tensor' : `${pinned.length} tensors`);
    return pinned.length > 0;
  }

  /** Opens the section and scrolls `expression`'s block into view (it may be below the fold, under the gates). */
  reveal(expression: string): void {
    const block = this.blocks.get(expression);
    if (!block) return;
    this.element.setAttribute('open', '');
    block.element.scrollIntoView({ block: 'start' });
  }

  private create(expression: string): Block {
    const title = el('h3', { class: 'pinned-title' });
    const close = el('vscode-button', { secondary: true, class: 'small', title: `Unpin ${expression}: stop following it`, 'aria-label': `Unpin ${expression}` }, 'Close');
    close.addEventListener('click', () => this.unpin(expression));
    const caption = el('p', { class: 'muted pinned-caption', 'aria-live': 'polite' });
    const heatmap = new Heatmap();
    const table = el('div', { class: 'sr-only pinned-table' });
    const heatmapBox = el('div', {}, heatmap.element, table);
    const [line, histogram] = [new ThemedChart(130), new ThemedChart(110)];
    const element = el('div', { class: 'pinned', 'data-expression': expression }, el('div', { class: 'pinned-head' }, title, close), caption, heatmapBox, line.element, histogram.element);
    const block = { element, title, caption, heatmap, heatmapBox, table, line, histogram };
    this.blocks.set(expression, block);
    return block;
  }

  private show(block: Block, p: PinnedView, palette: Palette): void {
    const tensor = p.kind === 'tensor' ? p : null;
    const grid = tensor?.grid ?? null;
    const matrix = tensor && grid && tensor.shape.length === 2 ? grid : null;
    const vector = tensor && grid && tensor.shape.length === 1 ? grid : null;
    setText(block.title, tensor ? `${p.expression} · ${formatShape(tensor.shape)} ${tensor.dtype}` : p.expression);
    setText(block.caption, captionOf(p));
    block.heatmapBox.hidden = !matrix;
    block.line.element.hidden = !vector;
    block.histogram.element.hidden = !tensor;
    if (tensor && matrix) this.showMatrix(block, tensor, matrix, palette);
    if (tensor && vector) this.showVector(block, tensor, vector, palette);
    if (tensor) {
      const n = tensor.histogram.counts.reduce((a, b) => a + b, 0);
      block.histogram.update(
        { kind: 'histogram', title: `Histogram of ${p.expression}: ${n} finite values in ${tensor.histogram.counts.length} bins`, lo: tensor.histogram.lo, hi: tensor.histogram.hi, counts: tensor.histogram.counts, xTitle: `value of ${p.expression}`, accent: 'purple' },
        palette,
        JSON.stringify(tensor.histogram),
      );
    }
  }

  private showMatrix(block: Block, t: Tensor, g: PlotGrid, palette: Palette): void {
    const values = g.values.map((v) => v ?? NaN);
    const blocks = g.rowBlock > 1 || g.colBlock > 1;
    const labels = (n: number, size: number) => Array.from({ length: n }, (_, i) => String(i * size));
    block.heatmap.update(
      {
        title: `${t.expression} ${formatShape(t.shape)} ${t.dtype}`,
        rows: g.rows,
        cols: g.cols,
        values,
        rowAxis: g.rowBlock > 1 ? `row (from, ${g.rowBlock} per cell)` : 'row',
        colAxis: g.colBlock > 1 ? `column (from, ${g.colBlock} per cell)` : 'column',
        rowLabels: labels(g.rows, g.rowBlock),
        colLabels: labels(g.cols, g.colBlock),
        unit: blocks ? `mean value of ${t.expression} over each block` : `value of ${t.expression}`,
        scale: scaleFor(values),
        showValues: !blocks,
        // Flat cells: title, caption and an 8 × 9 matrix fit the panel's default height.
        cellAspect: 0.5,
      },
      palette,
    );
    const [rows, cols] = [Math.min(g.rows, TABLE_SIDE), Math.min(g.cols, TABLE_SIDE)];
    const cut = rows < g.rows || cols < g.cols ? ` (the first ${rows} rows and ${cols} columns of ${g.rows} × ${g.cols})` : '';
    const head = el('tr', {}, el('th', {}, 'row'), ...Array.from({ length: cols }, (_, c) => el('th', { scope: 'col' }, String(c * g.colBlock))));
    const body = Array.from({ length: rows }, (_, r) => el('tr', {}, el('th', { scope: 'row' }, String(r * g.rowBlock)), ...Array.from({ length: cols }, (_, c) => el('td', {}, valueText(g.values[r * g.cols + c])))));
    replace(block.table, el('table', {}, el('caption', {}, `Values of ${t.expression}${cut}`), head, ...body));
  }

  private showVector(block: Block, t: Tensor, g: PlotGrid, palette: Palette): void {
    const points = g.values.flatMap((y, i) => (y === null ? [] : [{ x: i * g.colBlock, y }]));
    block.line.update(
      {
        kind: 'line',
        title: `${t.expression} by index${g.colBlock > 1 ? ` (each point the mean of ${g.colBlock} values)` : ''}`,
        series: [{ label: t.expression, points, accent: 'purple' }],
        xTitle: 'index',
        yTitle: 'value',
        xRange: [0, Math.max(1, t.shape[0] - 1)],
      },
      palette,
      JSON.stringify(g),
    );
  }

  layers(): readonly string[] {
    return [];
  }
}

/** One line under the title: the numbers that matter, or why there are none at this stop. */
function captionOf(p: PinnedView): string {
  switch (p.kind) {
    case 'pending':
      return `Not computed yet at this stop (${p.message}).`;
    case 'failed':
      return `Cannot be drawn: ${p.message}`;
    case 'number':
      return `= ${valueText(p.value)} (a number)`;
    case 'tensor': {
      const s = p.stats;
      const bad = s.nanCount + s.infCount > 0 ? ` · ${s.nanCount} NaN, ${s.infCount} ±∞` : '';
      const g = p.grid;
      const how = !g ? ` · rank ${p.shape.length}: the histogram only (index it, e.g. ${p.expression}[0], to draw a matrix)` : g.rowBlock > 1 || g.colBlock > 1 ? ` · downsampled: each ${g.rows > 1 ? 'cell' : 'point'} is the mean of a ${g.rowBlock} × ${g.colBlock} block` : '';
      return `min ${valueText(s.min)} · max ${valueText(s.max)} · mean ${valueText(s.mean)} · ‖·‖ ${valueText(s.norm)}${bad}${how}`;
    }
  }
}

function valueText(v: number | null): string {
  return v === null || !Number.isFinite(v) ? '—' : formatNumber(v);
}
