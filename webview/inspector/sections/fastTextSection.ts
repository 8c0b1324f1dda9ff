import type { FastTextView, InspectorView } from '../../../engine/protocol';
import { el, replace } from '../../shared/dom';
import { formatNumber } from '../../shared/format';
import { css, type Palette } from '../../shared/theme';
import { collapsible, type Section } from '../section';
import { hatch, moved, NOT_YET, sized, table } from './wordFigure';

/** Share bars: rows of `row` px from `top`; share 0 at x = zero, ±max|share| at zero ± half. */
export const SHARE_BARS = { label: 90, zero: 200, half: 100, top: 6, row: 16, bottom: 30 } as const;

/**
 * FastText: the example's centre word as its rows — its own and one per character n-gram with `<`
 * and `>` — and each row's share of the word vector as a bar (hatched until v_c has run); and the
 * nearest words of a few words the corpus never has, at each training step seen so far.
 */
export class FastTextSection implements Section {
  readonly id = 'fasttext';
  private readonly box = collapsible('fasttext', 'FastText subwords');
  readonly element = this.box.element;
  private readonly summary = el('p', { class: 'ft-summary' });
  private readonly bars = el('canvas', { class: 'ft-shares', tabindex: 0, role: 'img' });
  private readonly readout = el('p', { class: 'muted', 'aria-live': 'polite' });
  private readonly shares = el('div', { class: 'sr-only ft-share-table' });
  private readonly unseenNote = el('p', { class: 'muted ft-unseen-note' });
  private readonly unseen = el('div', { class: 'ft-unseen' });
  private view: FastTextView | null = null;
  private palette: Palette | null = null;
  private drawnKey = '';
  private unseenKey = '';
  private focus = 0;

  constructor() {
    const heading = el('h3', {}, 'Words never seen: their nearest words as training goes on');
    this.box.body.append(this.summary, this.bars, this.readout, this.shares, heading, this.unseenNote, this.unseen);
    this.bars.addEventListener('keydown', (e) => this.onKey(e));
  }

  update(view: InspectorView, palette: Palette): boolean {
    const f = view.fastText ?? null;
    if (!f) return false;
    const key = JSON.stringify(f);
    if (key === this.drawnKey && palette === this.palette) return true;
    if (this.view?.word !== f.word) this.focus = 0;
    [this.view, this.palette, this.drawnKey] = [f, palette, key];
    this.box.setDescription(`“${f.word}”`);
    this.summary.textContent = `Centre word “${f.word}”: ${f.parts.some((p) => p.gram === null) ? 'its own row and ' : ''}${f.parts.filter((p) => p.gram !== null).length} character n-grams; its vector v is the mean of these ${f.parts.length} rows.`;
    this.draw(f, palette);
    replace(this.shares, table(`Each row’s share of the vector of “${f.word}”, (E_r / n)·v / ‖v‖²`, ['row', 'bucket', 'share'], f.parts.map((p) => [partName(f, p), String(p.row), p.share]), { 'data-table': 'shares' }));
    const unseenKey = JSON.stringify([f.unseen, f.unseenSource, f.namedKnown]);
    if (unseenKey !== this.unseenKey) {
      // The neighbours change once a step; the shares at every stop.
      this.unseenKey = unseenKey;
      this.unseenNote.textContent = unseenNote(f);
      replace(this.unseen, ...f.unseen.map((u) => unseenTable(u)));
    }
    this.announce();
    return true;
  }

  private draw(f: FastTextView, palette: Palette): void {
    const B = SHARE_BARS;
    const h = B.top + f.parts.length * B.row + B.bottom;
    const ctx = sized(this.bars, B.zero + B.half + 10, h);
    if (!ctx) return;
    const max = Math.max(1e-12, ...f.parts.map((p) => Math.abs(p.share ?? 0)));
    ctx.font = `11px ${palette.fontFamily}`;
    ctx.textBaseline = 'middle';
    f.parts.forEach((p, k) => {
      const y = B.top + k * B.row;
      ctx.textAlign = 'right';
      ctx.fillStyle = css(p.gram === null ? palette.foreground : palette.muted);
      ctx.fillText(partName(f, p), B.label, y + B.row / 2);
      if (p.share === null) hatch(ctx, B.zero - B.half, y + 2, 2 * B.half, B.row - 4, palette);
      else {
        const w = (p.share / max) * B.half;
        ctx.fillStyle = css(p.share >= 0 ? palette.blue : palette.red);
        ctx.fillRect(Math.min(B.zero, B.zero + w), y + 2, Math.abs(w), B.row - 4);
      }
      if (k === this.focus) {
        ctx.strokeStyle = css(palette.focus);
        ctx.strokeRect(1.5, y + 0.5, B.zero + B.half + 6, B.row - 1);
      }
    });
    const bottom = B.top + f.parts.length * B.row;
    ctx.strokeStyle = css(palette.lines);
    ctx.beginPath();
    ctx.moveTo(B.zero + 0.5, B.top);
    ctx.lineTo(B.zero + 0.5, bottom);
    ctx.moveTo(B.zero - B.half, bottom + 0.5);
    ctx.lineTo(B.zero + B.half, bottom + 0.5);
    ctx.stroke();
    ctx.fillStyle = css(palette.muted);
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    for (const t of [-1, 0, 1]) ctx.fillText(formatNumber(t * max, 2), B.zero + t * B.half, bottom + 2);
    ctx.fillStyle = css(palette.foreground);
    ctx.fillText('share of the word vector (blue +, red −)', B.zero, bottom + 15);
    this.bars.setAttribute('aria-label', `Shares of the ${f.parts.length} rows in the vector of “${f.word}”. Up and Down read each row.`);
  }

  private onKey(e: KeyboardEvent): void {
    const n = this.view?.parts.length ?? 0;
    const to = n ? moved(e.key, this.focus, n) : null;
    if (to === null || !this.view || !this.palette) return;
    e.preventDefault();
    this.focus = to;
    this.draw(this.view, this.palette);
    this.announce();
  }

  private announce(): void {
    const p = this.view?.parts[this.focus];
    this.readout.textContent = this.view && p ? `${partName(this.view, p)} (row ${p.row}): share ${p.share === null ? NOT_YET : formatNumber(p.share, 4)}` : '';
  }

  layers(): readonly string[] {
    return this.view ? [this.view.layer] : [];
  }
}

function partName(f: FastTextView, p: FastTextView['parts'][number]): string {
  return p.gram ?? `${f.word} (own row)`;
}

/** Where the followed words come from, or why there are none. */
export function unseenNote(f: FastTextView): string {
  const known = f.namedKnown.length > 0 ? ` (${f.namedKnown.map((w) => `“${w}”`).join(', ')} ${f.namedKnown.length === 1 ? 'is' : 'are'} in the vocabulary, so not followed)` : '';
  if (f.unseenSource === 'setting') return `Words named by the layer’s setting unseen${known}: each one's vector is the mean of its n-gram rows as trained; its nearest vocabulary words by cosine at each step.`;
  if (f.unseenSource === 'corpus') return `The corpus's most frequent words left out of the vocabulary (below min_count or past the vocabulary cap)${known}: each one's vector is the mean of its n-gram rows as trained; its nearest vocabulary words by cosine at each step.`;
  return `No unseen words to follow${known}: every word of the corpus is in the vocabulary. Name some with the layer’s setting (unseen: kings queens), or leave rare words out with the data’s min_count or vocabulary.`;
}

function unseenTable(u: FastTextView['unseen'][number]): HTMLTableElement {
  const rows = u.history.map((h) => [String(h.step), ...h.neighbours.map((n) => `${n.word} ${formatNumber(n.cosine, 2)}`)]);
  const k = Math.max(0, ...u.history.map((h) => h.neighbours.length));
  return table(`“${u.word}”: nearest words (cosine) after each step seen`, ['steps done', ...Array.from({ length: k }, (_, i) => `${i + 1}.`)], rows, { 'data-table': 'unseen', 'data-word': u.word });
}
