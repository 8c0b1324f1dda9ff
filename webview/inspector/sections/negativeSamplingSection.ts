import type { InspectorView, NegativeSamplingView, ScoredWord } from '../../../engine/protocol';
import { el, replace } from '../../shared/dom';
import { formatNumber } from '../../shared/format';
import { css, type Palette } from '../../shared/theme';
import { collapsible, type Section } from '../section';
import { NoisePlot } from './negativeSamplingNoise';
import { hatch, moved, NOT_YET, sized, table } from './wordFigure';

/** The σ bars: one row of ROW px per word, the bar from x = LEFT (σ = 0) to LEFT + SPAN (σ = 1). */
export const SIGMA_BARS = { left: 80, span: 200, top: 6, row: 20, bottom: 30 } as const;

/**
 * Negative sampling: the positive pair's σ(u_o·v) and each negative's σ(u_k·v) as bars on one 0…1
 * axis (hatched until their log σ has run), and the noise distribution P(w)^¾ / Z beside the
 * unigram distribution P(w), words by frequency, with the words drawn for the pair marked on it
 * (negativeSamplingNoise.ts). Up/Down on the bars read each word out.
 */
export class NegativeSamplingSection implements Section {
  readonly id = 'negative-sampling';
  private readonly box = collapsible('negative-sampling', 'Negative sampling');
  readonly element = this.box.element;
  private readonly summary = el('p', { class: 'ns-summary' });
  private readonly bars = el('canvas', { class: 'ns-bars', tabindex: 0, role: 'img' });
  private readonly readout = el('p', { class: 'muted ns-readout', 'aria-live': 'polite' });
  private readonly key = el('p', { class: 'muted' });
  private readonly scores = el('div', { class: 'ns-scores' });
  private readonly noise = new NoisePlot();
  private view: NegativeSamplingView | null = null;
  private palette: Palette | null = null;
  private drawnKey = '';
  private focus = 0;

  constructor() {
    const heading = el('h3', {}, 'Noise distribution P(w)^¾ beside the unigram P(w)');
    this.box.body.append(this.summary, this.bars, this.readout, this.key, this.scores, heading, this.noise.element);
    this.bars.addEventListener('keydown', (e) => this.onKey(e));
  }

  update(view: InspectorView, palette: Palette): boolean {
    const n = view.negativeSampling ?? null;
    if (!n) return false;
    const key = JSON.stringify(n.example);
    if (key === this.drawnKey && palette === this.palette && this.view?.layer === n.layer) return true;
    [this.view, this.palette, this.drawnKey] = [n, palette, key];
    this.box.setDescription(n.layer);
    this.summary.textContent = summaryText(n);
    this.drawBars(n, palette);
    this.key.textContent = 'σ(u·v): the model’s probability that the pair is real — training pushes the true pair towards 1 and the negatives towards 0. Hatched: not yet computed.';
    replace(this.scores, n.example ? scoresTable(n) : el('p', { class: 'muted' }, 'No example in view.'));
    this.noise.update(n, palette);
    this.announce();
    return true;
  }

  private drawBars(n: NegativeSamplingView, palette: Palette): void {
    const ex = n.example;
    const list = ex ? [ex.positive, ...ex.negatives] : [];
    const B = SIGMA_BARS;
    const h = B.top + list.length * B.row + B.bottom;
    const ctx = sized(this.bars, B.left + B.span + 40, h);
    if (!ctx) return;
    ctx.font = `11px ${palette.fontFamily}`;
    ctx.textBaseline = 'middle';
    list.forEach((w, k) => {
      const y = B.top + k * B.row;
      ctx.textAlign = 'right';
      ctx.fillStyle = css(palette.foreground);
      ctx.fillText(`${k === 0 ? '+' : '−'} ${n.words[w.word]}`, B.left - 6, y + B.row / 2);
      if (w.sigma === null) hatch(ctx, B.left, y + 3, B.span, B.row - 6, palette);
      else {
        ctx.fillStyle = css(k === 0 ? palette.green : palette.red);
        ctx.fillRect(B.left, y + 3, w.sigma * B.span, B.row - 6);
        ctx.textAlign = 'left';
        ctx.fillStyle = css(palette.foreground);
        ctx.fillText(formatNumber(w.sigma, 3), B.left + w.sigma * B.span + 4, y + B.row / 2);
      }
      if (k === this.focus) {
        ctx.strokeStyle = css(palette.focus);
        ctx.strokeRect(1.5, y + 0.5, B.left + B.span + 37, B.row - 1);
      }
    });
    this.axis(ctx, B.top + list.length * B.row, palette);
    this.bars.setAttribute('aria-label', ex ? `σ(u·v) of the true pair and ${ex.negatives.length} negatives. Up and Down read each word.` : 'No example in view');
  }

  private axis(ctx: CanvasRenderingContext2D, y: number, palette: Palette): void {
    const B = SIGMA_BARS;
    ctx.strokeStyle = css(palette.lines);
    ctx.beginPath();
    ctx.moveTo(B.left, y + 0.5);
    ctx.lineTo(B.left + B.span, y + 0.5);
    ctx.stroke();
    ctx.fillStyle = css(palette.muted);
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    for (const t of [0, 0.5, 1]) ctx.fillText(String(t), B.left + t * B.span, y + 2);
    ctx.fillStyle = css(palette.foreground);
    ctx.fillText('σ(u·v) (green: true pair, red: negatives)', B.left + B.span / 2, y + 15);
  }

  private onKey(e: KeyboardEvent): void {
    const count = this.view?.example ? this.view.example.negatives.length + 1 : 0;
    const to = count ? moved(e.key, this.focus, count) : null;
    if (to === null || !this.view || !this.palette) return;
    e.preventDefault();
    this.focus = to;
    this.drawBars(this.view, this.palette);
    this.announce();
  }

  private announce(): void {
    const ex = this.view?.example;
    const w = ex ? [ex.positive, ...ex.negatives][this.focus] : undefined;
    this.readout.textContent = this.view && w ? wordText(this.view, w, this.focus) : '';
  }

  layers(): readonly string[] {
    return this.view ? [this.view.layer] : [];
  }
}

const said = (v: number | null): string => (v === null ? NOT_YET : formatNumber(v, 4));

function wordText(n: NegativeSamplingView, w: ScoredWord, k: number): string {
  const what = k === 0 ? 'true context word' : `negative ${k}`;
  return `${n.words[w.word]}, ${what}: u·v = ${said(w.score)}, σ(u·v) = ${said(w.sigma)}; drawn with probability ${formatNumber(n.noise[w.word], 3)}`;
}

function summaryText(n: NegativeSamplingView): string {
  const ex = n.example;
  if (!ex) return `${n.words.length} words.`;
  const input = ex.input.map((w) => n.words[w]).join(', ');
  return `${ex.scope}: “${input}” → “${n.words[ex.positive.word]}” against ${ex.negatives.length} negatives drawn from P(w)^¾: ${ex.negatives.map((w) => n.words[w.word]).join(', ')}.`;
}

function scoresTable(n: NegativeSamplingView): HTMLTableElement {
  const ex = n.example!;
  const rows = [ex.positive, ...ex.negatives].map((w, k) => [n.words[w.word], k === 0 ? 'true pair' : `negative ${k}`, w.score, w.sigma, n.noise[w.word]]);
  return table('The true pair and the negatives', ['word', 'role', 'u·v', 'σ(u·v)', 'P(w)^¾/Z'], rows, { 'data-table': 'scores' });
}
