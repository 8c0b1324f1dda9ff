import { formatTick } from '../shared/format';
import { css, type Palette } from '../shared/theme';

/** A plot area inside a canvas: data ranges mapped to CSS pixels, axes with ticks and titles. */
export interface Frame {
  readonly ctx: CanvasRenderingContext2D;
  /** The plot area in CSS pixels (also written to the canvas as `data-plot`, for tests and probes). */
  readonly area: { readonly left: number; readonly top: number; readonly width: number; readonly height: number };
  px(x: number): number;
  py(y: number): number;
}

const PAD = { left: 40, right: 10, top: 8, bottom: 30 };

/** Sizes `canvas` to width × height CSS pixels (sharp at any device pixel ratio) and maps [x0, x1] × [y0, y1] onto its plot area. */
export function frame(canvas: HTMLCanvasElement, width: number, height: number, x: readonly [number, number], y: readonly [number, number]): Frame | null {
  const dpr = window.devicePixelRatio || 1;
  canvas.width = Math.round(width * dpr);
  canvas.height = Math.round(height * dpr);
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, width, height);
  const area = { left: PAD.left, top: PAD.top, width: width - PAD.left - PAD.right, height: height - PAD.top - PAD.bottom };
  canvas.dataset.plot = JSON.stringify({ ...area, x, y });
  const sx = x[1] > x[0] ? area.width / (x[1] - x[0]) : 0;
  const sy = y[1] > y[0] ? area.height / (y[1] - y[0]) : 0;
  return { ctx, area, px: (v) => area.left + (v - x[0]) * sx, py: (v) => area.top + area.height - (v - y[0]) * sy };
}

/** Nice tick values across [lo, hi]: about `count` of them, at 1, 2 or 5 × 10ᵏ. */
export function ticks(lo: number, hi: number, count = 4): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? 10 * p;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return out;
}

/** The frame's box, ticks on both axes and the axis titles. */
export function axes(f: Frame, palette: Palette, x: { lo: number; hi: number; title: string }, y: { lo: number; hi: number; title: string }): void {
  const { ctx, area } = f;
  ctx.save();
  ctx.strokeStyle = css(palette.lines);
  ctx.lineWidth = 1;
  ctx.setLineDash([]);
  ctx.strokeRect(area.left - 0.5, area.top - 0.5, area.width + 1, area.height + 1);
  ctx.fillStyle = css(palette.muted);
  ctx.font = `10px ${palette.fontFamily}`;
  const xt = ticks(x.lo, x.hi);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const v of xt) ctx.fillText(formatTick(v, xt[1] - xt[0]), f.px(v), area.top + area.height + 3);
  const yt = ticks(y.lo, y.hi, 3);
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const v of yt) ctx.fillText(formatTick(v, yt.length > 1 ? yt[1] - yt[0] : 1), area.left - 4, f.py(v));
  ctx.fillStyle = css(palette.foreground);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'bottom';
  ctx.fillText(x.title, area.left + area.width / 2, area.top + area.height + 29);
  verticalText(ctx, y.title, 9, area.top + area.height / 2);
  ctx.restore();
}

/** `text` centred on (x, y), written upwards: a y axis's title. */
export function verticalText(ctx: CanvasRenderingContext2D, text: string, x: number, y: number): void {
  ctx.save();
  ctx.translate(x, y);
  ctx.rotate(-Math.PI / 2);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(text, 0, 0);
  ctx.restore();
}

/** A polyline through (xs[i], ys[i]). */
export function line(f: Frame, xs: readonly number[], ys: readonly number[], color: string, width = 2, dash: number[] = []): void {
  const { ctx } = f;
  ctx.save();
  ctx.beginPath();
  ctx.rect(f.area.left, f.area.top, f.area.width, f.area.height);
  ctx.clip();
  ctx.strokeStyle = color;
  ctx.lineWidth = width;
  ctx.setLineDash(dash);
  ctx.beginPath();
  xs.forEach((x, i) => (i ? ctx.lineTo(f.px(x), f.py(ys[i])) : ctx.moveTo(f.px(x), f.py(ys[i]))));
  ctx.stroke();
  ctx.restore();
}
