import type { LossSurfaceView, PathPoint, SurfaceGrid } from '../../engine/protocol';
import type { ColorScale } from '../shared/colorScale';
import { formatNumber } from '../shared/format';
import { css, type Palette, type Rgb } from '../shared/theme';
import { verticalText } from './plotFrame';

/** The plot's square and its margins, in CSS pixels (also on the canvas as `data-plot`, for tests). */
export const PLOT = { size: 240, left: 46, top: 8, right: 12, bottom: 34 } as const;
/** Loss levels drawn as bands: each band is one colour of the legend, its edges the contour lines. */
export const BANDS = 12;

/** A racer's path, drawn up to the cursor's step in its own colour and dash. */
export interface DrawnRacer {
  readonly label: string;
  readonly color: Rgb;
  readonly dash: readonly number[];
  readonly path: readonly PathPoint[];
}

export interface SurfaceDrawing {
  readonly surface: LossSurfaceView & { readonly grid: SurfaceGrid };
  readonly path: readonly PathPoint[];
  readonly current: PathPoint;
  readonly racers: readonly DrawnRacer[];
  /** The path point picked with the arrow keys, ringed. */
  readonly picked: PathPoint | null;
}

/** Where a point of the plane is drawn, in CSS pixels of the canvas. */
export function pixelOf(g: SurfaceGrid, at: readonly [number, number]): [number, number] {
  return [PLOT.left + ((at[0] - g.x[0]) / (g.x[1] - g.x[0])) * PLOT.size, PLOT.top + PLOT.size - ((at[1] - g.y[0]) / (g.y[1] - g.y[0])) * PLOT.size];
}

/** Draws the banded loss, the racers, the path, the marked point and the axes on `canvas`. */
export function drawSurface(canvas: HTMLCanvasElement, d: SurfaceDrawing, scale: ColorScale, palette: Palette): void {
  const dpr = window.devicePixelRatio || 1;
  const [w, h] = [PLOT.left + PLOT.size + PLOT.right, PLOT.top + PLOT.size + PLOT.bottom];
  canvas.width = w * dpr;
  canvas.height = h * dpr;
  canvas.style.width = `${w}px`;
  canvas.style.height = `${h}px`;
  canvas.dataset.plot = JSON.stringify({ left: PLOT.left, top: PLOT.top, size: PLOT.size });
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, w, h);
  ctx.drawImage(bandsOf(d.surface.grid, scale, palette), PLOT.left, PLOT.top, PLOT.size, PLOT.size);
  ctx.save();
  ctx.beginPath();
  ctx.rect(PLOT.left, PLOT.top, PLOT.size, PLOT.size);
  ctx.clip();
  const g = d.surface.grid;
  for (const r of d.racers) line(ctx, g, r.path, css(r.color), r.dash, 2, palette);
  line(ctx, g, [...d.path, d.current], css(palette.foreground), [], 1.5, palette);
  ctx.fillStyle = css(palette.foreground);
  for (const p of d.path) {
    const [x, y] = pixelOf(g, p.at);
    ctx.fillRect(x - 1.5, y - 1.5, 3, 3);
  }
  for (const r of d.racers) {
    const last = r.path.at(-1);
    if (last) square(ctx, pixelOf(g, last.at), css(r.color), palette);
  }
  if (d.picked) ring(ctx, pixelOf(g, d.picked.at), palette);
  mark(ctx, pixelOf(g, d.current.at), palette);
  ctx.restore();
  axes(ctx, d.surface, palette);
}

/** The last bands drawn: a grid changes only when the path leaves it, the path at every stop. */
let lastBands: { key: string; palette: Palette; image: HTMLCanvasElement } | null = null;

function bandsOf(g: SurfaceGrid, scale: ColorScale, palette: Palette): HTMLCanvasElement {
  const key = JSON.stringify([g.x, g.y, g.nx, g.ny, g.values]);
  if (lastBands?.key !== key || lastBands.palette !== palette) lastBands = { key, palette, image: bands(g, scale, palette) };
  return lastBands.image;
}

/** The loss on the plot's pixels (bilinear between grid points), each pixel the colour of its band; band edges in the lines' colour. */
function bands(g: SurfaceGrid, scale: ColorScale, palette: Palette): HTMLCanvasElement {
  const n = PLOT.size;
  const image = document.createElement('canvas');
  image.width = n;
  image.height = n;
  const ctx = image.getContext('2d');
  if (!ctx) return image;
  const band = new Int16Array(n * n);
  for (let py = 0; py < n; py++) {
    for (let px = 0; px < n; px++) {
      const v = bilinear(g, ((px + 0.5) / n) * (g.nx - 1), ((n - py - 0.5) / n) * (g.ny - 1));
      band[py * n + px] = Number.isFinite(v) ? Math.min(BANDS - 1, Math.floor(scale.position(v) * BANDS)) : -1;
    }
  }
  const data = ctx.createImageData(n, n);
  for (let k = 0; k < n * n; k++) {
    const b = band[k];
    const edge = (k % n < n - 1 && band[k + 1] !== b) || (k + n < n * n && band[k + n] !== b);
    const [r, gr, bl] = b < 0 ? palette.yellow : edge ? palette.lines : scale.at((b + 0.5) / BANDS);
    data.data.set([r, gr, bl, edge ? 160 : 255], k * 4);
  }
  ctx.putImageData(data, 0, 0);
  return image;
}

/** The grid's value at fractional grid coordinates (fx, fy). */
export function bilinear(g: SurfaceGrid, fx: number, fy: number): number {
  const i = Math.max(0, Math.min(g.nx - 2, Math.floor(fx)));
  const j = Math.max(0, Math.min(g.ny - 2, Math.floor(fy)));
  const [u, v] = [fx - i, fy - j];
  const at = (a: number, b: number): number => g.values[b * g.nx + a];
  return (1 - u) * (1 - v) * at(i, j) + u * (1 - v) * at(i + 1, j) + (1 - u) * v * at(i, j + 1) + u * v * at(i + 1, j + 1);
}

function line(ctx: CanvasRenderingContext2D, g: SurfaceGrid, path: readonly PathPoint[], color: string, dash: readonly number[], width: number, palette: Palette): void {
  if (path.length < 2) return;
  const trace = (): void => {
    ctx.beginPath();
    path.forEach((p, k) => {
      const [x, y] = pixelOf(g, p.at);
      if (k === 0) ctx.moveTo(x, y);
      else ctx.lineTo(x, y);
    });
  };
  ctx.setLineDash([]);
  ctx.lineWidth = width + 2;
  ctx.strokeStyle = css(palette.background, 0.6);
  trace();
  ctx.stroke();
  ctx.setLineDash([...dash]);
  ctx.lineWidth = width;
  ctx.strokeStyle = color;
  trace();
  ctx.stroke();
  ctx.setLineDash([]);
}

/** The cursor's point: a disc in the focus colour with a halo, drawn last. */
function mark(ctx: CanvasRenderingContext2D, [x, y]: [number, number], palette: Palette): void {
  ctx.beginPath();
  ctx.arc(x, y, 5, 0, 2 * Math.PI);
  ctx.lineWidth = 3;
  ctx.strokeStyle = css(palette.background);
  ctx.stroke();
  ctx.fillStyle = css(palette.focus);
  ctx.fill();
}

function ring(ctx: CanvasRenderingContext2D, [x, y]: [number, number], palette: Palette): void {
  ctx.beginPath();
  ctx.arc(x, y, 8, 0, 2 * Math.PI);
  ctx.lineWidth = 2;
  ctx.strokeStyle = css(palette.foreground);
  ctx.stroke();
}

function square(ctx: CanvasRenderingContext2D, [x, y]: [number, number], color: string, palette: Palette): void {
  ctx.fillStyle = css(palette.background);
  ctx.fillRect(x - 5, y - 5, 10, 10);
  ctx.fillStyle = color;
  ctx.fillRect(x - 3.5, y - 3.5, 7, 7);
}

function axes(ctx: CanvasRenderingContext2D, s: LossSurfaceView & { readonly grid: SurfaceGrid }, palette: Palette): void {
  const g = s.grid;
  ctx.strokeStyle = css(palette.lines);
  ctx.lineWidth = 1;
  ctx.strokeRect(PLOT.left - 0.5, PLOT.top - 0.5, PLOT.size + 1, PLOT.size + 1);
  ctx.fillStyle = css(palette.muted);
  ctx.font = `10px ${palette.fontFamily}`;
  for (let k = 0; k <= 4; k++) {
    const f = k / 4;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    ctx.fillText(formatNumber(g.x[0] + f * (g.x[1] - g.x[0]), 3), PLOT.left + f * PLOT.size, PLOT.top + PLOT.size + 3);
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    ctx.fillText(formatNumber(g.y[0] + f * (g.y[1] - g.y[0]), 3), PLOT.left - 4, PLOT.top + PLOT.size - f * PLOT.size);
  }
  ctx.fillStyle = css(palette.foreground);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'bottom';
  ctx.fillText(axisTitle(s, 0), PLOT.left + PLOT.size / 2, PLOT.top + PLOT.size + PLOT.bottom);
  verticalText(ctx, axisTitle(s, 1), 10, PLOT.top + PLOT.size / 2);
}

/** `w1 (point.W[0])`, `PC1 (41 % of the path’s variance)`. */
export function axisTitle(s: LossSurfaceView, k: 0 | 1): string {
  return `${s.axes[k].name} (${s.axes[k].meaning})`;
}
