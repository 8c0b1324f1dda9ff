import { el } from '../../shared/dom';
import { formatNumber } from '../../shared/format';
import { css, type Palette } from '../../shared/theme';

/**
 * What the word-embedding sections share: a canvas sized for the screen's pixel ratio, the hatching
 * of what the cursor has not computed yet (as the heatmaps hatch it), and tables of their numbers
 * whose cells say "not yet computed" rather than show a number from the future.
 */

/** Sizes `canvas` to w × h CSS pixels and returns its context in CSS pixels, cleared. */
export function sized(canvas: HTMLCanvasElement, w: number, h: number): CanvasRenderingContext2D | null {
  const dpr = window.devicePixelRatio || 1;
  canvas.width = Math.round(w * dpr);
  canvas.height = Math.round(h * dpr);
  canvas.style.width = `${w}px`;
  canvas.style.height = `${h}px`;
  const ctx = canvas.getContext('2d');
  ctx?.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx?.clearRect(0, 0, w, h);
  return ctx;
}

/** Muted diagonal lines over a rectangle: not yet computed. */
export function hatch(ctx: CanvasRenderingContext2D, x: number, y: number, w: number, h: number, palette: Palette): void {
  ctx.save();
  ctx.beginPath();
  ctx.rect(x, y, w, h);
  ctx.clip();
  ctx.strokeStyle = css(palette.muted);
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (let d = -h; d < w; d += 5) {
    ctx.moveTo(x + d, y + h);
    ctx.lineTo(x + d + h, y);
  }
  ctx.stroke();
  ctx.restore();
  ctx.strokeStyle = css(palette.muted);
  ctx.strokeRect(x + 0.5, y + 0.5, w - 1, h - 1);
}

export const NOT_YET = 'not yet computed';

/** A table cell: text, a number (4 significant digits), or null = not yet computed (hatched swatch). */
export function cell(v: string | number | null, header = false): HTMLTableCellElement {
  const tag = header ? 'th' : 'td';
  if (v === null) return el(tag, { class: 'pending-value' }, el('span', { class: 'swatch pending', 'aria-hidden': 'true' }), el('span', { class: 'muted' }, NOT_YET));
  return el(tag, {}, typeof v === 'number' ? formatNumber(v, 4) : v);
}

/** A table with a caption and a header row; the first cell of each row is its header. */
export function table(caption: string, head: readonly string[], rows: readonly (readonly (string | number | null)[])[], attrs: Record<string, string> = {}): HTMLTableElement {
  return el(
    'table',
    { class: 'values word-table', ...attrs },
    el('caption', {}, caption),
    el('thead', {}, el('tr', {}, ...head.map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, ...rows.map((r) => el('tr', {}, ...r.map((v, i) => cell(v, i === 0))))),
  );
}

/** Index moved by a navigation key along n items, or null for any other key. */
export function moved(key: string, at: number, n: number): number | null {
  const to = { ArrowRight: at + 1, ArrowDown: at + 1, ArrowLeft: at - 1, ArrowUp: at - 1, Home: 0, End: n - 1 }[key];
  return to === undefined ? null : Math.max(0, Math.min(n - 1, to));
}
