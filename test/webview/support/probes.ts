/// <reference lib="dom" />
/**
 * Readings of what a user sees, taken inside the page (each function is passed to `page.evaluate`,
 * so it must be self-contained). Colours are read from the pixels on screen.
 */

export interface HeatmapReading {
  readonly rows: number;
  readonly cols: number;
  readonly canvasWidth: number;
  readonly canvasHeight: number;
  /** Per cell (row-major): where its colour sits on the legend's colour bar, 0 … 1. */
  readonly positions: number[];
  /** Per cell: how far its colour is from the nearest colour of the bar (0 = on the bar). */
  readonly misfit: number[];
  readonly rowLabels: string[];
  readonly colLabels: string[];
  readonly markedRow: string | null;
  readonly rowAxis: string;
  readonly colAxis: string;
  readonly unit: string;
  readonly ticks: string[];
}

/**
 * Reads the n-th heatmap inside `scope`: cells (by the colour a quarter down each cell, clear of the
 * value printed at its centre and of the outline of a marked row), labels, legend.
 */
export function readHeatmap([scope, index]: [string, number]): HeatmapReading {
  const figure = document.querySelectorAll(`${scope} figure.heatmap`)[index];
  if (!figure) throw new Error(`no heatmap ${index} in ${scope}`);
  const canvas = figure.querySelector('canvas.heatmap-cells') as HTMLCanvasElement;
  const bar = figure.querySelector('canvas.legend-bar') as HTMLCanvasElement;
  const rows = Number(canvas.dataset.rows);
  const cols = Number(canvas.dataset.cols);
  const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
  const legend = bar.getContext('2d')!.getImageData(0, 0, bar.width, 1).data;
  const positions: number[] = [];
  const misfit: number[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const x = Math.floor(((c + 0.5) * canvas.width) / cols);
      const y = Math.floor(((r + 0.25) * canvas.height) / rows);
      const k = (y * canvas.width + x) * 4;
      let best = 0;
      let bestD = Infinity;
      for (let i = 0; i < bar.width; i++) {
        const d = Math.hypot(pixels[k] - legend[i * 4], pixels[k + 1] - legend[i * 4 + 1], pixels[k + 2] - legend[i * 4 + 2]);
        if (d < bestD) [best, bestD] = [i, d];
      }
      positions.push(best / (bar.width - 1));
      misfit.push(bestD);
    }
  }
  const texts = (sel: string): string[] => Array.from(figure.querySelectorAll(sel)).map((e) => e.textContent ?? '');
  return {
    rows,
    cols,
    canvasWidth: canvas.getBoundingClientRect().width,
    canvasHeight: canvas.getBoundingClientRect().height,
    positions,
    misfit,
    rowLabels: texts('.heatmap-row-labels span'),
    colLabels: texts('.heatmap-col-labels span'),
    markedRow: figure.querySelector('.heatmap-row-labels span.marked')?.textContent ?? null,
    rowAxis: figure.querySelector('.heatmap-row-axis')?.textContent ?? '',
    colAxis: figure.querySelector('.heatmap-col-axis')?.textContent ?? '',
    unit: figure.querySelector('.legend-unit')?.textContent ?? '',
    ticks: texts('.legend-ticks span'),
  };
}

/**
 * Counts the bars of a horizontal bar chart by its pixels: bands of rows that hold a run of at
 * least 8 pixels in one of the given colours.
 */
export function countBars([selector, colors]: [string, [number, number, number][]]): number {
  const canvas = document.querySelector(`${selector} canvas`) as HTMLCanvasElement;
  const { width, height } = canvas;
  const data = canvas.getContext('2d')!.getImageData(0, 0, width, height).data;
  const isBar = (k: number): boolean => colors.some(([r, g, b]) => Math.abs(data[k] - r) < 10 && Math.abs(data[k + 1] - g) < 10 && Math.abs(data[k + 2] - b) < 10);
  let bands = 0;
  let inBand = false;
  for (let y = 0; y < height; y++) {
    let run = 0;
    let longest = 0;
    for (let x = 0; x < width; x++) {
      run = isBar((y * width + x) * 4) ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    const bar = longest >= 8;
    if (bar && !inBand) bands++;
    inBand = bar;
  }
  return bands;
}

/** The computed stroke colour and width of a graph node's outline. */
export function nodeOutline(id: string): { stroke: string; width: string; classes: string } | null {
  const g = document.querySelector(`[data-id="${CSS.escape(id)}"]`);
  const shape = g?.querySelector('rect');
  if (!g || !shape) return null;
  const style = getComputedStyle(shape);
  return { stroke: style.stroke, width: style.strokeWidth, classes: g.getAttribute('class') ?? '' };
}

/** How a heatmap row looks on screen: one colour per cell (`filled`), or lines across the cells (`hatched`). */
export type RowLook = 'filled' | 'hatched' | 'mixed';

/**
 * Reads each row of the n-th heatmap inside `scope` along its middle line, inside each cell (clear of
 * the gaps between cells and of the outline of a marked row at the canvas's edges): a cell is plain
 * when every pixel there has one colour. A row is `filled` when all its cells are plain, `hatched`
 * when none is and the row shows the page's background between its lines.
 */
export function readRowLooks([scope, index]: [string, number]): RowLook[] {
  const figure = document.querySelectorAll(`${scope} figure.heatmap`)[index];
  if (!figure) throw new Error(`no heatmap ${index} in ${scope}`);
  const canvas = figure.querySelector('canvas.heatmap-cells') as HTMLCanvasElement;
  const rows = Number(canvas.dataset.rows);
  const cols = Number(canvas.dataset.cols);
  const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
  const body = getComputedStyle(document.body);
  const bg = body.backgroundColor !== 'rgba(0, 0, 0, 0)' ? body.backgroundColor : body.getPropertyValue('--vscode-sideBar-background').trim();
  const probe = document.createElement('canvas').getContext('2d')!;
  probe.fillStyle = bg;
  probe.fillRect(0, 0, 1, 1);
  const back = Array.from(probe.getImageData(0, 0, 1, 1).data.slice(0, 3));
  const w = canvas.width / cols;
  const margin = Math.ceil(5 * (window.devicePixelRatio || 1));
  const looks: RowLook[] = [];
  for (let r = 0; r < rows; r++) {
    const y = Math.floor(((r + 0.5) * canvas.height) / rows);
    let plain = 0;
    let background = false;
    for (let c = 0; c < cols; c++) {
      const colours = new Set<string>();
      for (let x = Math.max(Math.ceil(c * w) + 1, margin); x < Math.min(Math.floor((c + 1) * w) - 2, canvas.width - margin); x++) {
        const k = (y * canvas.width + x) * 4;
        colours.add(`${pixels[k]},${pixels[k + 1]},${pixels[k + 2]}`);
        if (Math.abs(pixels[k] - back[0]) + Math.abs(pixels[k + 1] - back[1]) + Math.abs(pixels[k + 2] - back[2]) < 6) background = true;
      }
      if (colours.size === 1) plain++;
    }
    looks.push(plain === cols ? 'filled' : plain === 0 && background ? 'hatched' : 'mixed');
  }
  return looks;
}
