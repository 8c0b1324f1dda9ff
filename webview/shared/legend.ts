import type { ColorScale } from './colorScale';
import { el } from './dom';
import { formatNumber } from './format';
import { css } from './theme';

const WIDTH = 140;

/**
 * A colour bar with its end (and zero) values and the unit, as every heatmap shows it, and what the
 * cells that are no value on the bar mean: NaN / Inf, and (hatched) not yet computed.
 */
export function legend(scale: ColorScale, unit: string, nonFinite: boolean, pending = false): HTMLElement {
  const bar = el('canvas', { class: 'legend-bar', 'aria-hidden': 'true' });
  bar.width = WIDTH;
  bar.height = 10;
  const ctx = bar.getContext('2d');
  if (ctx) {
    for (let x = 0; x < WIDTH; x++) {
      ctx.fillStyle = css(scale.at(x / (WIDTH - 1)));
      ctx.fillRect(x, 0, 1, 10);
    }
  }
  const s = scale.spec;
  const ticks = s.kind === 'diverging' ? [-s.absMax, 0, s.absMax] : [s.min, s.max];
  const tickRow = el('div', { class: 'legend-ticks' }, ...ticks.map((t) => el('span', {}, formatNumber(t, 3))));
  tickRow.style.width = `${WIDTH}px`;
  const bad = nonFinite ? el('span', { class: 'legend-nonfinite' }, el('span', { class: 'swatch nonfinite' }), 'NaN / Inf') : null;
  const later = pending ? el('span', { class: 'legend-pending' }, el('span', { class: 'swatch pending' }), 'not yet computed (the cursor has not reached it)') : null;
  return el('div', { class: 'legend' }, el('div', { class: 'legend-scale' }, bar, tickRow), el('span', { class: 'legend-unit' }, unit), bad, later);
}

export function hasNonFinite(values: ArrayLike<number>): boolean {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return true;
  return false;
}
