import type { NamedTensor, TensorSlice } from '../../engine/protocol';
import { el, replace } from '../shared/dom';
import { formatNumber, formatShape } from '../shared/format';

const SLICE_COUNT = 240;

/** One tensor of the current op: name, shape, statistics, the first values, and more on request. */
export function tensorCard(item: NamedTensor, kind: 'input' | 'output' | 'gradient', loadSlice: (name: string, start: number, count: number) => Promise<TensorSlice>): HTMLElement {
  const t = item.tensor;
  const size = t.shape.reduce((a, b) => a * b, 1);
  const s = t.stats;
  const warn = s.nanCount + s.infCount > 0 ? el('span', { class: 'warning' }, ` ${s.nanCount} NaN, ${s.infCount} Inf`) : null;
  const stats = el(
    'dl',
    { class: 'stats' },
    ...(
      [
        ['min', s.min],
        ['max', s.max],
        ['mean', s.mean],
        ['std', s.std],
        ['‖·‖₂', s.norm],
      ] as const
    ).map(([k, v]) => el('div', {}, el('dt', {}, k), el('dd', {}, formatNumber(v)))),
  );
  const shown = t.preview.slice(0, 8).map((v) => formatNumber(v, 3));
  const preview = el('div', { class: 'preview', title: 'The first values, in row-major order' }, `[${shown.join(', ')}${size > shown.length ? ', …' : ''}]`);
  const values = el('div', { class: 'slice' });
  const more =
    size > shown.length && t.name
      ? el('vscode-button', { secondary: true, class: 'small', 'aria-label': `Show the values of ${t.name}` }, size > SLICE_COUNT ? `Show the first ${SLICE_COUNT} of ${size}` : `Show all ${size} values`)
      : null;
  more?.addEventListener('click', () => {
    replace(values, el('span', { class: 'muted' }, 'Loading…'));
    loadSlice(t.name, 0, Math.min(size, SLICE_COUNT)).then(
      (slice) => replace(values, sliceTable(slice)),
      (error: Error) => replace(values, el('span', { class: 'warning' }, `Could not load the values: ${error.message}`)),
    );
  });
  return el(
    'article',
    { class: `tensor ${kind}`, 'data-tensor': t.name },
    el('header', {}, el('span', { class: 'role' }, item.role), ' ', t.name ? el('code', { class: 'name' }, t.name) : null, ' ', el('span', { class: 'shape' }, `${formatShape(t.shape)} ${t.dtype}`), warn),
    stats,
    preview,
    more,
    values,
  );
}

/** A slice as rows of the tensor's last axis, each row labelled with its index. */
function sliceTable(slice: TensorSlice): HTMLElement {
  const width = slice.shape.length >= 2 ? slice.shape[slice.shape.length - 1] : slice.values.length;
  const rows: HTMLElement[] = [];
  for (let i = 0; i < slice.values.length; i += width) {
    const flat = slice.start + i;
    const label = slice.shape.length >= 2 ? `row ${Math.floor(flat / width)}` : `${flat}…`;
    rows.push(el('tr', {}, el('th', {}, label), ...slice.values.slice(i, i + width).map((v) => el('td', {}, formatNumber(v, 4)))));
  }
  return el('div', { class: 'slice-scroll' }, el('table', { class: 'values' }, el('caption', { class: 'sr-only' }, `values of ${slice.name}`), el('tbody', {}, ...rows)));
}
