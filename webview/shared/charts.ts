import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  ScatterController,
  Tooltip,
  type ChartConfiguration,
  type Plugin,
} from 'chart.js';
import { el, replace } from './dom';
import { formatNumber, formatTick } from './format';
import { css, type Palette } from './theme';

/** The chart layer: chart.js with the parts we use, themed from the palette, never animated. */
Chart.register(BarController, BarElement, CategoryScale, LinearScale, LogarithmicScale, LineController, LineElement, PointElement, ScatterController, Tooltip, Legend);

export type Accent = 'blue' | 'red' | 'orange' | 'green' | 'yellow' | 'purple';
export const ACCENTS: readonly Accent[] = ['blue', 'orange', 'green', 'purple', 'red', 'yellow'];

export interface Series {
  readonly label: string;
  readonly points: readonly { readonly x: number; readonly y: number }[];
  readonly accent: Accent;
  readonly dashed?: boolean;
  /** Drawn light and thin under the others (the previous run). */
  readonly faded?: boolean;
}

export interface LineSpec {
  readonly kind: 'line';
  readonly title: string;
  readonly series: readonly Series[];
  readonly xTitle: string;
  readonly yTitle: string;
  readonly logY?: boolean;
  /** A vertical line at this x, labelled (the current training step). */
  readonly markX?: { readonly x: number; readonly label: string } | null;
  /** Horizontal reference line (a clipping threshold). */
  readonly markY?: { readonly y: number; readonly label: string } | null;
  /** The x axis range, when the data may not cover it (time steps not reached yet). */
  readonly xRange?: readonly [number, number];
}

export interface BarSpec {
  readonly kind: 'bar';
  readonly title: string;
  readonly labels: readonly string[];
  /** null: not computed yet at the cursor (no bar; the words say so). */
  readonly values: readonly (number | null)[];
  /** The value axis title, with its unit. */
  readonly valueTitle: string;
  readonly categoryTitle: string;
  readonly log?: boolean;
  readonly accent: Accent;
  /** A category to draw in the focus colour (the layer of the current op). */
  readonly highlight?: number | null;
}

export interface ScatterSpec {
  readonly kind: 'scatter';
  readonly title: string;
  readonly points: readonly { readonly x: number; readonly y: number; readonly label: string }[];
  readonly xTitle: string;
  readonly yTitle: string;
  readonly accent: Accent;
  /** Points to draw larger, in the focus colour (a query's words). */
  readonly highlight?: ReadonlySet<string>;
}

/** Counts of values in equal bins from `lo` to `hi`, as vertical bars that touch. */
export interface HistogramSpec {
  readonly kind: 'histogram';
  readonly title: string;
  readonly lo: number;
  readonly hi: number;
  readonly counts: readonly number[];
  readonly xTitle: string;
  readonly accent: Accent;
}

export type ChartSpec = LineSpec | BarSpec | ScatterSpec | HistogramSpec;

interface Marks {
  readonly x: LineSpec['markX'];
  readonly y: LineSpec['markY'];
}

/**
 * Each chart's rules, kept beside its options: moving a rule (the current step) is then a redraw
 * of the chart as laid out, not an update that fits its scales again.
 */
const marks = new WeakMap<Chart, Marks>();

/** Draws a dashed vertical (markX) or horizontal (markY) rule with its label. */
const markers: Plugin = {
  id: 'backstepMarkers',
  afterDatasetsDraw(chart) {
    const color = (chart.options.plugins as { backstepMarkers?: { color: string } }).backstepMarkers?.color;
    const mark = marks.get(chart);
    if (!color || !mark) return;
    const spec = { ...mark, color };
    const { ctx, chartArea: area, scales } = chart;
    ctx.save();
    ctx.strokeStyle = ctx.fillStyle = spec.color;
    ctx.setLineDash([4, 3]);
    ctx.lineWidth = 1.5;
    ctx.font = `11px ${Chart.defaults.font.family}`;
    if (spec.x && scales.x) {
      const x = scales.x.getPixelForValue(spec.x.x);
      if (x >= area.left && x <= area.right) {
        ctx.beginPath();
        ctx.moveTo(x, area.top);
        ctx.lineTo(x, area.bottom);
        ctx.stroke();
        ctx.textAlign = x > (area.left + area.right) / 2 ? 'right' : 'left';
        ctx.fillText(spec.x.label, x + (ctx.textAlign === 'right' ? -4 : 4), area.top + 10);
      }
    }
    if (spec.y && scales.y) {
      const y = scales.y.getPixelForValue(spec.y.y);
      if (y >= area.top && y <= area.bottom) {
        ctx.beginPath();
        ctx.moveTo(area.left, y);
        ctx.lineTo(area.right, y);
        ctx.stroke();
        ctx.textAlign = 'right';
        ctx.fillText(spec.y.label, area.right - 4, y - 4);
      }
    }
    ctx.restore();
  },
};

/** Writes each scatter point's word beside it. */
const pointLabels: Plugin = {
  id: 'backstepPointLabels',
  afterDatasetsDraw(chart) {
    const color = (chart.options.plugins as { backstepPointLabels?: { color: string } }).backstepPointLabels?.color;
    if (!color) return;
    const { ctx } = chart;
    ctx.save();
    ctx.fillStyle = color;
    ctx.font = `11px ${Chart.defaults.font.family}`;
    ctx.textBaseline = 'middle';
    chart.data.datasets.forEach((dataset, i) => {
      chart.getDatasetMeta(i).data.forEach((point, j) => {
        const label = (dataset.data[j] as { label?: string } | undefined)?.label;
        if (label) ctx.fillText(label, point.x + 5, point.y);
      });
    });
    ctx.restore();
  },
};

function linearTick(value: number | string, index: number, ticks: { value: number }[]): string {
  if (typeof value !== 'number') return value;
  const spacing = ticks.length > 1 ? Math.abs(ticks[Math.min(index + 1, ticks.length - 1)].value - ticks[Math.max(index - 1, 0)].value) / (index > 0 && index < ticks.length - 1 ? 2 : 1) : NaN;
  return formatTick(value, spacing);
}

/** On a log axis only 1, 2 and 5 × 10ⁿ are labelled, so labels never crowd. */
function logTick(value: number | string): string {
  if (typeof value !== 'number' || value <= 0) return String(value);
  const mantissa = Number((value / 10 ** Math.floor(Math.log10(value) + 1e-9)).toPrecision(3));
  return mantissa === 1 || mantissa === 2 || mantissa === 5 ? formatNumber(value, 2) : '';
}

/** Axes whose title names training or time steps count in whole steps. */
const countsSteps = (title: string): boolean => /\bstep\b/.test(title);

/** Writes each bar's value at its end (inside the bar when there is no room after it). */
const barValues: Plugin = {
  id: 'backstepBarValues',
  afterDatasetsDraw(chart) {
    const color = (chart.options.plugins as { backstepBarValues?: { color: string; inside: string; muted: string; pending: string } }).backstepBarValues;
    if (!color?.pending) return;
    const { ctx, chartArea } = chart;
    ctx.save();
    ctx.font = `11px ${Chart.defaults.font.family}`;
    ctx.textBaseline = 'middle';
    const data = chart.data.datasets[0]?.data ?? [];
    chart.getDatasetMeta(0).data.forEach((bar, i) => {
      const v = data[i];
      if (color.pending[i] === '1') {
        ctx.fillStyle = color.muted;
        ctx.textAlign = 'left';
        ctx.fillText(PENDING, chartArea.left + 4, bar.y);
        return;
      }
      if (typeof v !== 'number') return;
      const text = formatNumber(v, 3);
      const width = ctx.measureText(text).width;
      const outside = bar.x + 4 + width <= chartArea.right;
      ctx.fillStyle = outside ? color.color : color.inside;
      ctx.textAlign = outside ? 'left' : 'right';
      ctx.fillText(text, outside ? bar.x + 4 : bar.x - 4, bar.y);
    });
    ctx.restore();
  },
};

function axis(title: string, palette: Palette, log = false, grid = true): Record<string, unknown> {
  return {
    type: log ? 'logarithmic' : 'linear',
    title: { display: true, text: title, color: css(palette.foreground) },
    ticks: { color: css(palette.muted), callback: log ? logTick : linearTick, maxTicksLimit: 6, ...(countsSteps(title) ? { precision: 0 } : {}) },
    grid: { display: grid, color: css(palette.lines, 0.25) },
    border: { color: css(palette.lines) },
  };
}

function categoryAxis(title: string, palette: Palette): Record<string, unknown> {
  return {
    type: 'category',
    title: { display: true, text: title, color: css(palette.foreground) },
    ticks: { color: css(palette.foreground) },
    grid: { display: false },
    border: { color: css(palette.lines) },
  };
}

function configOf(spec: ChartSpec, palette: Palette): ChartConfiguration {
  const base = {
    animation: false as const,
    responsive: true,
    maintainAspectRatio: false,
    plugins: {
      legend: { display: spec.kind === 'line' && spec.series.length > 1, labels: { color: css(palette.foreground), boxWidth: 12 } },
      tooltip: { callbacks: {} },
    },
  };
  if (spec.kind === 'bar') {
    const colors = spec.values.map((_, i) => css(i === spec.highlight ? palette.focus : palette[spec.accent]));
    return {
      type: 'bar',
      data: { labels: [...spec.labels], datasets: [{ label: spec.valueTitle, data: spec.values.map((v) => (v === null || (spec.log && v <= 0) ? null : v)), backgroundColor: colors, borderColor: colors, borderWidth: palette.highContrast ? 1 : 0 }] },
      options: {
        ...base,
        indexAxis: 'y',
        plugins: { ...base.plugins, backstepBarValues: { color: css(palette.foreground), inside: css(palette.background), muted: css(palette.muted), pending: pendingMask(spec.values) } },
        scales: { x: axis(spec.valueTitle, palette, spec.log), y: categoryAxis(spec.categoryTitle, palette) },
      },
    } as ChartConfiguration;
  }
  if (spec.kind === 'histogram') {
    const color = css(palette[spec.accent]);
    return {
      type: 'bar',
      data: { labels: binLabels(spec).map((b) => formatTick((b.from + b.to) / 2, b.to - b.from)), datasets: [{ label: 'values', data: [...spec.counts], backgroundColor: color, borderColor: css(palette.background), borderWidth: 1, barPercentage: 1, categoryPercentage: 1 }] },
      options: { ...base, scales: { x: { ...categoryAxis(spec.xTitle, palette), ticks: { color: css(palette.muted), maxTicksLimit: 6, maxRotation: 0 } }, y: { ...axis('count', palette), ticks: { color: css(palette.muted), precision: 0, maxTicksLimit: 5 } } } },
    } as ChartConfiguration;
  }
  if (spec.kind === 'scatter') {
    const highlight = spec.highlight ?? new Set<string>();
    return {
      type: 'scatter',
      data: {
        datasets: [
          {
            label: spec.title,
            data: spec.points.map((p) => ({ ...p })),
            pointBackgroundColor: spec.points.map((p) => css(highlight.has(p.label) ? palette.focus : palette[spec.accent])),
            pointRadius: spec.points.map((p) => (highlight.has(p.label) ? 6 : 3.5)),
          },
        ],
      },
      options: { ...base, plugins: { ...base.plugins, backstepPointLabels: { color: css(palette.foreground) } }, scales: { x: axis(spec.xTitle, palette), y: axis(spec.yTitle, palette) } },
    } as ChartConfiguration;
  }
  return {
    type: 'line',
    data: {
      datasets: spec.series.map((s) => ({
        label: s.label,
        data: s.points.map((p) => ({ x: p.x, y: spec.logY && p.y <= 0 ? null : p.y })),
        borderColor: css(palette[s.accent], s.faded ? FADED : 1),
        backgroundColor: css(palette[s.accent], s.faded ? FADED : 1),
        borderDash: s.dashed ? [5, 4] : [],
        borderWidth: (palette.highContrast ? 2.5 : 1.75) * (s.faded ? 0.8 : 1),
        pointRadius: s.faded || s.points.length > 40 ? 0 : 2.5,
        order: s.faded ? 1 : 0,
        spanGaps: false,
      })),
    },
    options: {
      ...base,
      parsing: false,
      normalized: true,
      plugins: { ...base.plugins, backstepMarkers: { color: css(palette.focus) } },
      scales: { x: { ...axis(spec.xTitle, palette), ...(spec.xRange ? { min: spec.xRange[0], max: spec.xRange[1] } : {}) }, y: axis(spec.yTitle, palette, spec.logY) },
    },
  } as ChartConfiguration;
}

/** Opacity of a faded series: visible under the current one, never mistaken for it. */
const FADED = 0.4;

/** Each bin's range, lo … hi in equal steps. */
function binLabels(spec: HistogramSpec): { from: number; to: number }[] {
  const width = spec.counts.length > 0 ? (spec.hi - spec.lo) / spec.counts.length : 0;
  return spec.counts.map((_, i) => ({ from: spec.lo + i * width, to: i === spec.counts.length - 1 ? spec.hi : spec.lo + (i + 1) * width }));
}

/** What a bar chart writes in place of a value the cursor has not reached. */
const PENDING = 'not yet computed';

/** `'0110'`: which bars are not computed yet (a string: chart.js would resolve an array option per bar). */
function pendingMask(values: readonly (number | null)[]): string {
  return values.map((v) => (v === null ? '1' : '0')).join('');
}

function barText(v: number | null): string {
  return v === null ? PENDING : formatNumber(v);
}

/** The numbers behind a chart, for screen readers (and for anyone who wants the exact values). */
function dataTable(spec: ChartSpec): HTMLTableElement {
  const row = (...cells: string[]): HTMLTableRowElement => el('tr', {}, ...cells.map((c) => el('td', {}, c)));
  const head = (...cells: string[]): HTMLTableRowElement => el('tr', {}, ...cells.map((c) => el('th', {}, c)));
  if (spec.kind === 'bar') return el('table', {}, el('caption', {}, spec.title), head(spec.categoryTitle, spec.valueTitle), ...spec.labels.map((l, i) => row(l, barText(spec.values[i]))));
  if (spec.kind === 'histogram') return el('table', {}, el('caption', {}, spec.title), head(`${spec.xTitle} from`, 'to', 'count'), ...binLabels(spec).map((b, i) => row(formatNumber(b.from), formatNumber(b.to), String(spec.counts[i]))));
  if (spec.kind === 'scatter') return el('table', {}, el('caption', {}, spec.title), head('word', spec.xTitle, spec.yTitle), ...spec.points.map((p) => row(p.label, formatNumber(p.x), formatNumber(p.y))));
  const rows = spec.series.flatMap((s) => (s.points.length > 50 ? s.points.filter((_, i) => i % Math.ceil(s.points.length / 50) === 0) : s.points).map((p) => row(s.label, formatNumber(p.x), formatNumber(p.y))));
  return el('table', {}, el('caption', {}, spec.title), head('series', spec.xTitle, spec.yTitle), ...rows);
}

/** A chart that keeps its canvas between updates; each update re-themes it and swaps its data. */
export class ThemedChart {
  readonly element: HTMLElement;
  private readonly canvas = el('canvas', { role: 'img' });
  private readonly table = el('div', { class: 'sr-only' });
  private chart: Chart | null = null;
  private drawn: { key: string; palette: Palette; marks: string } | null = null;
  private options = '';

  constructor(height = 160) {
    const box = el('div', { class: 'chart-box' }, this.canvas);
    box.style.height = `${height}px`;
    this.element = el('figure', { class: 'chart' }, box, this.table);
  }

  /**
   * Draws `spec`. With a `key` (what the data depends on, not the marks), an update with the same key
   * and theme is skipped, or only redrawn when a mark moved: a chart of 2,000 steps is not laid out
   * again at every op of one training step.
   */
  update(spec: ChartSpec, palette: Palette, key?: string): void {
    const mark: Marks = spec.kind === 'line' ? { x: spec.markX ?? null, y: spec.markY ?? null } : { x: null, y: null };
    const markKey = JSON.stringify(mark);
    if (key !== undefined && this.drawn?.key === key && this.drawn.palette === palette && this.chart) {
      if (this.drawn.marks === markKey) return;
      this.drawn.marks = markKey;
      marks.set(this.chart, mark);
      this.chart.draw();
      return;
    }
    this.drawn = key === undefined ? null : { key, palette, marks: markKey };
    Chart.defaults.font.family = palette.fontFamily;
    Chart.defaults.font.size = Math.max(10, palette.fontSize - 2);
    Chart.defaults.color = css(palette.muted);
    const config = configOf(spec, palette);
    this.canvas.setAttribute('aria-label', spec.title);
    this.canvas.dataset.kind = spec.kind;
    replace(this.table, dataTable(spec));
    if (!this.chart || (this.chart.config as { type?: string }).type !== config.type) {
      this.chart?.destroy();
      // The chart draws once as it is made: its marks must be known before.
      this.chart = new Chart(this.canvas, { ...config, plugins: [{ id: 'backstepMarksFirst', beforeInit: (chart) => void marks.set(chart, mark) }] });
      this.options = JSON.stringify(config.options);
      return;
    }
    marks.set(this.chart, mark);
    this.chart.data = config.data;
    // Same options (axes, colours) as drawn: kept, so that chart.js does not build its scales again.
    const options = JSON.stringify(config.options);
    if (options !== this.options) this.chart.options = config.options ?? {};
    this.options = options;
    this.chart.update('none');
  }

  destroy(): void {
    this.chart?.destroy();
    this.chart = null;
  }
}

Chart.register(markers, pointLabels, barValues);
