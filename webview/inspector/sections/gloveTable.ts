import type { GloveView } from '../../../engine/protocol';
import { el, replace, setText } from '../../shared/dom';
import { formatNumber } from '../../shared/format';
import { cell, table } from './wordFigure';

/** GloVe's weighting f(x) = min(1, (x / x_max)^α). */
export const gloveWeight = (x: number, g: GloveView): number => (x < g.xMax ? (x / g.xMax) ** g.alpha : 1);

/**
 * The table of every nonzero pair (word i, word j, X_ij, f(X_ij), residual) in a disclosure, closed
 * at first. Laid out at every stop, its hundreds of rows cost more than the rest of the section (the
 * residuals change at each stop of a step that has computed them), so the table is filled only while
 * open: its rows built once per model, and at a stop only the residual cells whose text changed are
 * rewritten. The marked pair's own table (live) and the matrices' arrow keys reach every pair too.
 */
export class GlovePairsTable {
  private readonly summary = el('summary', {}, 'Every pair as a table');
  readonly element = el('details', { class: 'glove-all' }, this.summary);
  private view: GloveView | null = null;
  private builtFor = '';
  private cells: HTMLTableCellElement[] = [];
  /** The text each residual cell shows; null: "not yet computed". */
  private shown: (string | null)[] = [];

  constructor() {
    this.element.addEventListener('toggle', () => this.fill());
  }

  show(g: GloveView): void {
    this.view = g;
    setText(this.summary, `Every pair as a table (${g.pairs.counts.length} pairs: count, weight, residual)`);
    this.fill();
  }

  private fill(): void {
    const g = this.view;
    if (!g || !this.element.open) return;
    const key = `${g.layer}:${g.words.length}:${g.pairs.counts.length}`;
    if (this.builtFor !== key) this.build(g, key);
    g.residuals.forEach((r, p) => {
      const text = r === null ? null : formatNumber(r, 4);
      if (this.shown[p] === text || !this.cells[p]) return;
      this.shown[p] = text;
      const td = this.cells[p];
      td.classList.toggle('pending-value', text === null);
      if (text === null) replace(td, ...cell(null).childNodes);
      else td.textContent = text;
    });
  }

  private build(g: GloveView, key: string): void {
    const rows = g.pairs.counts.map((x, p) => [g.words[g.pairs.rows[p]], g.words[g.pairs.cols[p]], x, gloveWeight(x, g), null]);
    const t = table('Every nonzero pair: its count, weight and residual', ['word i', 'word j', 'X_ij', 'f(X_ij)', 'residual'], rows, { 'data-table': 'pairs' });
    replace(this.element, this.summary, t);
    this.cells = [...t.querySelectorAll('tbody tr')].map((tr) => tr.lastElementChild as HTMLTableCellElement);
    this.shown = this.cells.map(() => null);
    this.builtFor = key;
  }
}
