import type { EmbeddingView, InspectorView } from '../../../engine/protocol';
import { ThemedChart } from '../../shared/charts';
import { el, replace } from '../../shared/dom';
import { formatNumber, formatPercent } from '../../shared/format';
import type { Palette } from '../../shared/theme';
import { analogy, measureOf, nearest, type Neighbour } from '../embeddingQueries';
import { collapsible, type Section } from '../section';

type Field = HTMLElement & { value: string };

/** Word vectors projected to 2-D (PCA), with nearest neighbours and an analogy query. */
export class EmbeddingsSection implements Section {
  readonly id = 'embeddings';
  private readonly box = collapsible('embeddings', 'Embeddings');
  readonly element = this.box.element;
  private readonly chart = new ThemedChart(260);
  private readonly word = this.field('word', 'a word');
  private readonly a = this.field('a', 'a');
  private readonly b = this.field('b', 'b');
  private readonly c = this.field('c', 'c');
  private readonly answers = el('div', { class: 'query-answers', 'aria-live': 'polite' });
  private readonly measure = el('p', { class: 'muted query-measure' });
  private view: EmbeddingView | null = null;
  private palette: Palette | null = null;

  constructor() {
    const neighbours = el('div', { class: 'query' }, el('label', {}, 'Nearest to ', this.word));
    const analogyRow = el('div', { class: 'query' }, el('label', {}, 'Analogy ', this.a, ' − ', this.b, ' + ', this.c));
    this.box.body.append(this.chart.element, neighbours, analogyRow, this.answers, this.measure);
  }

  private field(name: string, placeholder: string): Field {
    const input = el('vscode-textfield', { placeholder, 'aria-label': name, class: 'word-field' }) as Field;
    input.addEventListener('input', () => this.query());
    return input;
  }

  update(view: InspectorView, palette: Palette): boolean {
    const e = view.embeddings;
    if (!e) return false;
    this.view = e;
    this.palette = palette;
    this.box.setDescription(`${e.words.length} words`);
    this.measure.textContent = `Neighbours and analogies (a − b + c): ${measureOf(e)}.`;
    this.query();
    return true;
  }

  private query(): void {
    const e = this.view;
    if (!e || !this.palette) return;
    const [w, a, b, c] = [this.word, this.a, this.b, this.c].map((f) => (f.value ?? '').trim());
    const involved = new Set<string>();
    const parts: HTMLElement[] = [];
    if (w) {
      const n = nearest(e, w);
      parts.push(this.answer(`nearest to “${w}”`, n));
      if (n) [w, ...n.map((x) => x.word)].forEach((x) => involved.add(x));
    }
    if (a && b && c) {
      const n = analogy(e, a, b, c);
      parts.push(this.answer(`${a} − ${b} + ${c} ≈`, n));
      if (n) [a, b, c, ...n.map((x) => x.word)].forEach((x) => involved.add(x));
    }
    replace(this.answers, ...parts);
    this.chart.update(
      {
        kind: 'scatter',
        title: `${e.words.length} word vectors projected on their first two principal components`,
        points: e.words.map((label, i) => ({ x: e.points[i][0], y: e.points[i][1], label })),
        xTitle: `PC 1 (${formatPercent(e.explained[0])} of the variance)`,
        yTitle: `PC 2 (${formatPercent(e.explained[1])})`,
        accent: 'blue',
        highlight: involved,
      },
      this.palette,
      JSON.stringify([e.points, [...involved]]),
    );
  }

  private answer(question: string, result: Neighbour[] | null): HTMLElement {
    if (!result) return el('p', {}, `${question}: a word is not in the vocabulary shown.`);
    return el('p', {}, `${question}: `, ...result.flatMap((n, i) => [i > 0 ? ', ' : '', el('strong', {}, n.word), ` (${formatNumber(n.score, 3)})`]));
  }

  layers(): readonly string[] {
    return [];
  }
}
