import type { InspectorView, MistakesView, MistakeView } from '../../../engine/protocol';
import { mixRgb } from '../../shared/colorScale';
import { el, replace } from '../../shared/dom';
import { formatNumber } from '../../shared/format';
import type { Palette } from '../../shared/theme';
import { collapsible, type Section } from '../section';

/** Drawn size of one image, in CSS pixels (each of 8 pixels a 7-pixel square). */
const DRAWN = 56;

/**
 * The batch's misclassified images, each drawn from the theme's background (lowest pixel of the
 * batch) to its foreground (highest), as ink on paper, and captioned "true 3 → 8" with the
 * probability the model gave its answer. Each image is a focusable item; the arrow keys move along
 * them, and each names its row, classes and probability for a screen reader.
 */
export class MistakesSection implements Section {
  readonly id = 'mistakes';
  private readonly box = collapsible('mistakes', 'Misclassified in this batch');
  readonly element = this.box.element;
  private readonly summary = el('p', { class: 'muted' });
  private readonly list = el('ul', { class: 'mistakes', 'aria-label': 'Misclassified examples of the batch' });
  private drawnKey = '';
  private drawnPalette: Palette | null = null;

  constructor() {
    this.box.body.append(this.summary, this.list);
    this.list.addEventListener('keydown', (e) => this.onKey(e));
  }

  update(view: InspectorView, palette: Palette): boolean {
    const m = view.mistakes;
    if (!m) return false;
    const key = JSON.stringify(m);
    if (key === this.drawnKey && palette === this.drawnPalette) return true;
    [this.drawnKey, this.drawnPalette] = [key, palette];
    this.box.setDescription(m.computed ? `${m.wrong} of ${m.batch} wrong` : 'after the loss');
    this.summary.textContent = summaryText(m);
    replace(this.list, ...m.examples.map((e, i) => item(e, m, palette, i === 0)));
    return true;
  }

  /** Left/Right (and Up/Down) move along the images, Home/End to the ends: one tab stop for the list. */
  private onKey(e: KeyboardEvent): void {
    const items = [...this.list.querySelectorAll<HTMLElement>('figure')];
    const at = items.indexOf(document.activeElement as HTMLElement);
    if (at < 0) return;
    const to = { ArrowRight: at + 1, ArrowDown: at + 1, ArrowLeft: at - 1, ArrowUp: at - 1, Home: 0, End: items.length - 1 }[e.key];
    if (to === undefined || !items[to]) return;
    e.preventDefault();
    items[at].tabIndex = -1;
    items[to].tabIndex = 0;
    items[to].focus();
  }

  layers(): readonly string[] {
    return [];
  }
}

function summaryText(m: MistakesView): string {
  if (!m.computed) return `The model's answers for this batch are shown once the step's loss is computed (step on to the loss).`;
  if (m.wrong === 0) return `The model gets all ${m.batch} examples of this batch right.`;
  const more = m.wrong > m.examples.length ? ` The first ${m.examples.length} are shown.` : '';
  return `${m.wrong} of the ${m.batch} examples of this batch are classified wrongly.${more}`;
}

function item(e: MistakeView, m: MistakesView, palette: Palette, first: boolean): HTMLElement {
  const p = formatNumber(e.probability, 2);
  const label = `Batch row ${e.row}: a ${e.trueClass.label} predicted as ${e.predicted.label} with probability ${p}`;
  const caption = el('figcaption', {}, el('span', {}, `true ${e.trueClass.label} → ${e.predicted.label}`), el('span', { class: 'muted' }, `p ${p}`));
  const figure = el('figure', { class: 'mistake', tabindex: first ? 0 : -1, role: 'img', 'aria-label': label, title: label }, image(e, m, palette), caption);
  return el('li', {}, figure);
}

function image(e: MistakeView, m: MistakesView, palette: Palette): HTMLCanvasElement {
  const canvas = el('canvas', { width: m.width, height: m.height, 'aria-hidden': 'true' });
  canvas.style.width = `${DRAWN}px`;
  canvas.style.height = `${Math.round((DRAWN * m.height) / m.width)}px`;
  const ctx = canvas.getContext('2d');
  if (!ctx) return canvas;
  const data = ctx.createImageData(m.width, m.height);
  const [lo, hi] = m.range;
  e.pixels.forEach((v, i) => {
    const [r, g, b] = mixRgb(palette.background, palette.foreground, Math.min(1, Math.max(0, (v - lo) / (hi - lo))));
    data.data.set([r, g, b, 255], i * 4);
  });
  ctx.putImageData(data, 0, 0);
  return canvas;
}
