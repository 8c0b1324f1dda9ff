import type { LossSurfaceView, PathPoint } from '../../engine/protocol';
import { el } from '../shared/dom';
import { formatNumber } from '../shared/format';

/** Most path rows the table lists (evenly spread, the first and the cursor's always). */
const ROWS = 200;

/** The path up to the cursor as a table, for screen readers: step, the two coordinates, the loss. */
export function pathTable(s: LossSurfaceView, path: readonly PathPoint[], current: PathPoint): HTMLTableElement {
  const head = el('tr', {}, el('th', { scope: 'col' }, 'step'), el('th', { scope: 'col' }, s.axes[0].name), el('th', { scope: 'col' }, s.axes[1].name), el('th', { scope: 'col' }, 'loss'));
  const rows = spread(path).map((p) => row(p, false));
  return el('table', { class: 'surface-path' }, el('caption', {}, `Path of ${s.optimizer} up to the cursor: the parameters after each step (step 0: the initialisation) and the loss there (${s.lossIs})`), el('thead', {}, head), el('tbody', {}, ...rows, row(current, true)));
}

/** Where each racer is at the cursor's step. */
export function racerTable(racers: readonly { readonly label: string; readonly at: PathPoint | undefined }[], s: LossSurfaceView): HTMLTableElement {
  const head = el('tr', {}, el('th', { scope: 'col' }, 'optimizer'), el('th', { scope: 'col' }, 'step'), el('th', { scope: 'col' }, s.axes[0].name), el('th', { scope: 'col' }, s.axes[1].name), el('th', { scope: 'col' }, 'loss'));
  const rows = racers.map((r) => el('tr', {}, el('th', { scope: 'row' }, r.label), ...(r.at ? cells(r.at) : [el('td', { colspan: 4 }, 'not raced this far')])));
  return el('table', { class: 'surface-racers' }, el('caption', {}, `The racers after ${s.completedSteps} steps, from the same start with learning rate ${formatNumber(s.lr)}`), el('thead', {}, head), el('tbody', {}, ...rows));
}

function row(p: PathPoint, cursor: boolean): HTMLTableRowElement {
  const r = el('tr', cursor ? { 'aria-current': 'step', class: 'cursor' } : {}, ...cells(p));
  if (cursor) r.firstElementChild!.append(' (cursor)');
  return r;
}

function cells(p: PathPoint): HTMLElement[] {
  return [el('td', {}, String(p.step)), el('td', {}, formatNumber(p.at[0], 6)), el('td', {}, formatNumber(p.at[1], 6)), el('td', {}, formatNumber(p.loss, 6))];
}

function spread(path: readonly PathPoint[]): PathPoint[] {
  if (path.length <= ROWS) return [...path];
  return Array.from({ length: ROWS }, (_, k) => path[Math.round((k * (path.length - 1)) / (ROWS - 1))]);
}
