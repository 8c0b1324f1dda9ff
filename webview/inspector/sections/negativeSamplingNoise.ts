import type { NegativeSamplingView } from '../../../engine/protocol';
import { el, replace, setText } from '../../shared/dom';
import { formatNumber } from '../../shared/format';
import { css, type Palette } from '../../shared/theme';
import { moved, sized, table } from './wordFigure';
import { verticalText } from '../plotFrame';

/** The plot: a frame of `w` × `h` px from (left, top); word rank 1…n from left + pad to left + w − pad; log10 probability from the decade above the largest (top) to the one below the smallest (bottom). */
export const NOISE_PLOT = { left: 52, top: 10, w: 250, h: 150, pad: 10, bottom: 34, marker: 4 } as const;

/** A word drawn for the current pair: the true context word (k = 0) or negative k. */
interface Sampled {
  readonly word: number;
  readonly k: number;
}

/** Where a (rank, probability) point of `n` words lies on the plot, in CSS px. */
export function noisePoint(n: NegativeSamplingView, rank: number, p: number): { x: number; y: number } {
  const P = NOISE_PLOT;
  const [lo, hi] = decades(n);
  const x = P.left + P.pad + (n.words.length > 1 ? ((rank - 1) / (n.words.length - 1)) * (P.w - 2 * P.pad) : P.w / 2 - P.pad);
  return { x, y: P.top + ((hi - Math.log10(p)) / (hi - lo)) * P.h };
}

function decades(n: NegativeSamplingView): [number, number] {
  let [min, max] = [Infinity, -Infinity];
  for (const p of [...n.unigram, ...n.noise]) if (p > 0) [min, max] = [Math.min(min, p), Math.max(max, p)];
  const [lo, hi] = [Math.floor(Math.log10(min)), Math.ceil(Math.log10(max))];
  return Number.isFinite(lo) && Number.isFinite(hi) && hi > lo ? [lo, hi] : [-1, 0];
}

/**
 * The noise distribution P(w)^¾ / Z (orange, dashed) beside the unigram P(w) (blue), words by
 * frequency rank on a log scale, and on the noise curve the words drawn for the current pair: each
 * negative a red dot, the true context word a green ring (it is not drawn from the noise, but where
 * it sits shows how likely it was to come up as a negative). Left/Right (Home/End) move along the
 * drawn words and read each one out; a table lists them, another every word's two probabilities.
 */
export class NoisePlot {
  private readonly canvas = el('canvas', { class: 'ns-noise', tabindex: 0, role: 'img' });
  private readonly legend = el('div', { class: 'ns-noise-legend' });
  private readonly readout = el('p', { class: 'muted ns-noise-readout', 'aria-live': 'polite' });
  private readonly sampledTable = el('div', { class: 'sr-only ns-sampled' });
  private readonly everyWord = el('div', { class: 'sr-only ns-every-word' });
  readonly element = el('div', { class: 'ns-noise-plot' }, this.canvas, this.legend, this.readout, this.sampledTable, this.everyWord);
  private view: NegativeSamplingView | null = null;
  private palette: Palette | null = null;
  private focus = 0;
  private tableFor = '';
  /** The words drawn and the palette as last drawn: the scores change at every stop, the plot only with the pair. */
  private drawnFor = '';

  constructor() {
    this.canvas.addEventListener('keydown', (e) => this.onKey(e));
  }

  update(n: NegativeSamplingView, palette: Palette): void {
    if (this.view?.example?.scope !== n.example?.scope || this.view?.layer !== n.layer) this.focus = 0;
    const drawn = JSON.stringify([n.layer, n.words.length, sampledOf(n)]);
    if (drawn === this.drawnFor && palette === this.palette) return;
    if (palette !== this.palette) this.showLegend(palette);
    [this.view, this.palette, this.drawnFor] = [n, palette, drawn];
    this.focus = Math.min(this.focus, Math.max(0, sampledOf(n).length - 1));
    this.draw();
    replace(this.sampledTable, sampledTable(n));
    const key = `${n.layer}:${n.words.length}`;
    if (this.tableFor !== key) {
      this.tableFor = key;
      const rows = n.words.map((w, i) => [String(i + 1), w, n.unigram[i], n.noise[i]]);
      replace(this.everyWord, table('Every word’s probability, by frequency rank', ['rank', 'word', 'unigram P(w)', 'noise P(w)^¾ / Z'], rows, { 'data-table': 'noise' }));
    }
    this.announce();
  }

  private draw(): void {
    const [n, palette] = [this.view, this.palette];
    if (!n || !palette) return;
    const P = NOISE_PLOT;
    const ctx = sized(this.canvas, P.left + P.w + 16, P.top + P.h + P.bottom);
    if (!ctx) return;
    this.axes(ctx, n, palette);
    const line = (ps: readonly number[], colour: string, dash: number[]): void => {
      ctx.strokeStyle = colour;
      ctx.lineWidth = 1.5;
      ctx.setLineDash(dash);
      ctx.beginPath();
      ps.forEach((p, i) => (p > 0 ? ctx.lineTo(noisePoint(n, i + 1, p).x, noisePoint(n, i + 1, p).y) : undefined));
      ctx.stroke();
      ctx.setLineDash([]);
    };
    line(n.unigram, css(palette.blue), []);
    line(n.noise, css(palette.orange), [4, 3]);
    const sampled = sampledOf(n);
    // Negatives last, so a word drawn as a negative shows red even where the true word sits.
    for (const s of [...sampled].sort((a, b) => (a.k === 0 ? -1 : b.k === 0 ? 1 : 0))) {
      const c = noisePoint(n, s.word + 1, n.noise[s.word]);
      ctx.beginPath();
      ctx.arc(c.x, c.y, P.marker, 0, 2 * Math.PI);
      if (s.k === 0) {
        ctx.strokeStyle = css(palette.green);
        ctx.lineWidth = 2.5;
        ctx.stroke();
      } else {
        ctx.fillStyle = css(palette.red);
        ctx.fill();
      }
    }
    const f = sampled[this.focus];
    if (f) {
      const c = noisePoint(n, f.word + 1, n.noise[f.word]);
      ctx.strokeStyle = css(palette.focus);
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      ctx.arc(c.x, c.y, P.marker + 4, 0, 2 * Math.PI);
      ctx.stroke();
    }
    ctx.lineWidth = 1;
    const drawn = n.example ? `; marked: the true context word “${n.words[n.example.positive.word]}” and the ${n.example.negatives.length} negatives drawn for it (${n.example.negatives.map((w) => n.words[w.word]).join(', ')})` : '';
    this.canvas.setAttribute('aria-label', `Unigram P(w) and noise P(w)^¾ / Z of the ${n.words.length} words by frequency rank, log scale${drawn}. Left and Right read each marked word.`);
  }

  private axes(ctx: CanvasRenderingContext2D, n: NegativeSamplingView, palette: Palette): void {
    const P = NOISE_PLOT;
    const [lo, hi] = decades(n);
    ctx.strokeStyle = css(palette.lines);
    ctx.lineWidth = 1;
    ctx.strokeRect(P.left - 0.5, P.top - 0.5, P.w + 1, P.h + 1);
    ctx.font = `10px ${palette.fontFamily}`;
    ctx.fillStyle = css(palette.muted);
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (let d = lo; d <= hi; d++) ctx.fillText(formatNumber(10 ** d, 3), P.left - 4, P.top + ((hi - d) / (hi - lo)) * P.h);
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    for (const r of [1, n.words.length]) ctx.fillText(String(r), noisePoint(n, r, 1).x, P.top + P.h + 2);
    ctx.fillStyle = css(palette.foreground);
    ctx.textBaseline = 'bottom';
    ctx.fillText(`word rank by frequency (1 = ${n.words[0]})`, P.left + P.w / 2, P.top + P.h + P.bottom - 3);
    verticalText(ctx, 'probability (log)', 10, P.top + P.h / 2);
  }

  private showLegend(palette: Palette): void {
    const entry = (kind: string, colour: string, text: string): HTMLElement => {
      const mark = el('span', { class: `ns-key ns-key-${kind}`, 'aria-hidden': 'true' });
      mark.style.setProperty(kind === 'positive' ? 'border-color' : 'background', colour);
      if (kind === 'noise') mark.style.setProperty('background', `repeating-linear-gradient(90deg, ${colour} 0 4px, transparent 4px 7px)`);
      return el('span', { class: 'ns-legend-entry' }, mark, text);
    };
    replace(
      this.legend,
      entry('line', css(palette.blue), 'unigram P(w)'),
      entry('noise', css(palette.orange), 'noise P(w)^¾ / Z (negatives are drawn from it)'),
      entry('negative', css(palette.red), 'a negative drawn for this pair'),
      entry('positive', css(palette.green), 'the true context word'),
    );
  }

  private onKey(e: KeyboardEvent): void {
    const count = this.view ? sampledOf(this.view).length : 0;
    const key = { ArrowLeft: 'ArrowUp', ArrowRight: 'ArrowDown' }[e.key] ?? e.key;
    const to = count ? moved(key, this.focus, count) : null;
    if (to === null) return;
    e.preventDefault();
    this.focus = to;
    this.draw();
    this.announce();
  }

  private announce(): void {
    const n = this.view;
    const s = n ? sampledOf(n)[this.focus] : undefined;
    setText(this.readout, n && s ? `${n.words[s.word]}, ${roleOf(s)}: rank ${s.word + 1}, unigram P(w) = ${formatNumber(n.unigram[s.word], 3)}, noise P(w)^¾ / Z = ${formatNumber(n.noise[s.word], 3)}` : '');
  }
}

const roleOf = (s: Sampled): string => (s.k === 0 ? 'true context word' : `negative ${s.k}`);

function sampledOf(n: NegativeSamplingView): Sampled[] {
  const ex = n.example;
  return ex ? [{ word: ex.positive.word, k: 0 }, ...ex.negatives.map((w, i) => ({ word: w.word, k: i + 1 }))] : [];
}

function sampledTable(n: NegativeSamplingView): HTMLElement {
  const s = sampledOf(n);
  if (s.length === 0) return el('p', {}, 'No pair in view: no word drawn.');
  const rows = s.map((w) => [n.words[w.word], roleOf(w), String(w.word + 1), n.unigram[w.word], n.noise[w.word]]);
  return table('The words drawn for the current pair, on the noise distribution', ['word', 'role', 'rank', 'unigram P(w)', 'noise P(w)^¾ / Z'], rows, { 'data-table': 'sampled' });
}
