import { el } from '../shared/dom';
import { formatNumber } from '../shared/format';

/** What a table cell says for a value the cursor has not reached (as the charts say it). */
export const PENDING = 'not yet computed';

export interface MatrixTable {
  readonly caption: string;
  /** The header of the row labels' column: `position`. */
  readonly corner: string;
  readonly rowLabels: readonly string[];
  readonly colLabels: readonly string[];
  /** Row-major. */
  readonly values: readonly number[];
  /** Rows the cursor has not reached: each cell says so instead of a number. */
  readonly computedRows?: readonly boolean[];
}

/** A matrix as a table for screen readers: one header row, one row per row label. */
export function matrixTable(m: MatrixTable): HTMLTableElement {
  const cols = m.colLabels.length;
  return el(
    'table',
    {},
    el('caption', {}, m.caption),
    el('tr', {}, el('th', {}, m.corner), ...m.colLabels.map((c) => el('th', {}, c))),
    ...m.rowLabels.map((r, i) =>
      el('tr', {}, el('th', {}, r), ...m.colLabels.map((_, j) => el('td', {}, m.computedRows?.[i] === false ? PENDING : formatNumber(m.values[i * cols + j])))),
    ),
  );
}
