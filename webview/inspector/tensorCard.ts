import type { NamedTensor, TensorSlice } from '../../engine/protocol';
import { el, replace, setAttr, setText } from '../shared/dom';
import { formatNumber, formatShape } from '../shared/format';

const SLICE_COUNT = 240;
const STATS = ['min', 'max', 'mean', 'std', '‖·‖₂'] as const;

type Kind = 'input' | 'output' | 'gradient';
type LoadSlice = (name: string, start: number, count: number) => Promise<TensorSlice>;

/**
 * One tensor of the current op: name, shape, statistics, the first values, and more on request.
 * The card is kept from stop to stop and its text rewritten in place: stepping changes the numbers,
 * rarely the structure, and new elements (and their layout) are what a stop costs most.
 */
export class TensorCard {
  readonly element: HTMLElement;
  private readonly role = el('span', { class: 'role' });
  private readonly name = el('code', { class: 'name' });
  private readonly shape = el('span', { class: 'shape' });
  private readonly warn = el('span', { class: 'warning' });
  private readonly stats = STATS.map(() => el('dd'));
  private readonly preview = el('div', { class: 'preview', title: 'The first values, in row-major order' });
  private readonly more = el('vscode-button', { secondary: true, class: 'small' });
  private readonly values = el('div', { class: 'slice' });
  private tensor: NamedTensor['tensor'] | null = null;
  /** Bumped at every update, so that values asked for at an earlier stop are not shown at this one. */
  private generation = 0;

  constructor(private readonly loadSlice: LoadSlice) {
    const stats = el('dl', { class: 'stats' }, ...STATS.map((k, i) => el('div', {}, el('dt', {}, k), this.stats[i])));
    this.more.addEventListener('click', () => this.load());
    this.element = el('article', {}, el('header', {}, this.role, ' ', this.name, ' ', this.shape, this.warn), stats, this.preview, this.more, this.values);
  }

  update(item: NamedTensor, kind: Kind): void {
    const t = item.tensor;
    this.tensor = t;
    this.generation++;
    const size = t.shape.reduce((a, b) => a * b, 1);
    const s = t.stats;
    setAttr(this.element, 'class', `tensor ${kind}`);
    setAttr(this.element, 'data-tensor', t.name);
    setText(this.role, item.role);
    setText(this.name, t.name);
    this.name.hidden = !t.name;
    setText(this.shape, `${formatShape(t.shape)} ${t.dtype}`);
    this.warn.hidden = s.nanCount + s.infCount === 0;
    setText(this.warn, this.warn.hidden ? '' : ` ${s.nanCount} NaN, ${s.infCount} Inf`);
    [s.min, s.max, s.mean, s.std, s.norm].forEach((v, i) => setText(this.stats[i], formatNumber(v)));
    const shown = t.preview.slice(0, 8).map((v) => formatNumber(v, 3));
    setText(this.preview, `[${shown.join(', ')}${size > shown.length ? ', …' : ''}]`);
    this.more.hidden = !(size > shown.length && t.name);
    setAttr(this.more, 'aria-label', `Show the values of ${t.name}`);
    setText(this.more, size > SLICE_COUNT ? `Show the first ${SLICE_COUNT} of ${size}` : `Show all ${size} values`);
    if (this.values.firstChild) replace(this.values);
  }

  private load(): void {
    const t = this.tensor;
    if (!t) return;
    const size = t.shape.reduce((a, b) => a * b, 1);
    const asked = this.generation;
    const show = (...children: HTMLElement[]): void => {
      if (asked === this.generation) replace(this.values, ...children);
    };
    replace(this.values, el('span', { class: 'muted' }, 'Loading…'));
    this.loadSlice(t.name, 0, Math.min(size, SLICE_COUNT)).then(
      (slice) => show(sliceTable(slice)),
      (error: Error) => show(el('span', { class: 'warning' }, `Could not load the values: ${error.message}`)),
    );
  }
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
