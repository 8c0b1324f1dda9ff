import type { DecodingStep, DecodingView, InspectorView } from '../../../engine/protocol';
import { el, replace, setText } from '../../shared/dom';
import { formatPercent } from '../../shared/format';
import { Heatmap } from '../../shared/heatmap';
import type { Palette } from '../../shared/theme';
import { PENDING } from '../matrixTable';
import { collapsible, type Section } from '../section';

interface Block {
  readonly element: HTMLElement;
  readonly caption: HTMLElement;
  readonly table: HTMLTableElement;
  readonly alignment: Heatmap;
  readonly alignmentBox: HTMLElement;
}

const HEAD = ['step', 'reads', 'target', 'teacher-forced', 'greedy', 'top tokens, p'];

/**
 * A token seq2seq layer's decoding of example 0: a table of its decoder steps (what the decoder
 * read under teacher forcing, the target, its teacher-forced argmax beside the greedy token of the
 * model run free, the top tokens with their probabilities as bars), and the alignment heatmap
 * (decoder step × source token) when the layer attends. Before the cursor reaches the outputs the
 * cells say "not yet computed" and the alignment rows are hatched.
 */
export class DecodingSection implements Section {
  readonly id = 'decoding';
  private readonly box = collapsible('decoding', 'Seq2Seq decoding');
  readonly element = this.box.element;
  private readonly blocks = new Map<string, Block>();
  private names: string[] = [];

  update(view: InspectorView, palette: Palette): boolean {
    const views = view.decoding ?? [];
    this.names = views.map((d) => d.layer);
    for (const [layer, b] of this.blocks) {
      if (this.names.includes(layer)) continue;
      b.element.remove();
      this.blocks.delete(layer);
    }
    for (const d of views) this.show(d, palette);
    this.box.setDescription(views.map((d) => (d.computed ? `${d.layer}: greedy ${agreement(d)}` : d.layer)).join(', '));
    return views.length > 0;
  }

  private show(d: DecodingView, palette: Palette): void {
    const b = this.blockFor(d.layer);
    const where = d.currentStep === null ? '' : ` The decoder is at step ${d.currentStep} (outlined).`;
    setText(
      b.caption,
      `Example 0 of the batch; source: ${d.sourceTokens.join(' ')}.${where} ${d.computed ? `Greedy decoding with the parameters now: ${agreement(d)}.` : 'The outputs are not yet computed: the cursor has not reached them.'}`,
    );
    replace(
      b.table,
      el('caption', { class: 'sr-only' }, `Decoder steps of ${d.layer}`),
      el('tr', {}, ...HEAD.map((h) => el('th', { scope: 'col' }, h))),
      ...d.steps.map((s, t) => row(s, t, d)),
    );
    b.alignmentBox.hidden = !d.hasAttention;
    if (d.hasAttention) {
      const Ts = d.sourceTokens.length;
      b.alignment.update(
        {
          title: `Alignment of ${d.layer}: attention weights of each decoder step over the source`,
          rows: d.steps.length,
          cols: Ts,
          values: d.steps.flatMap((s) => s.alignment ?? new Array<number>(Ts).fill(0)),
          rowAxis: 'decoder step (reads)',
          colAxis: 'source token',
          rowLabels: d.steps.map((s, t) => `${t} ${s.input}`),
          colLabels: d.sourceTokens,
          unit: 'weight α (0 … 1; a row sums to 1)',
          scale: { kind: 'sequential', min: 0, max: 1, accent: 'purple' },
          computedRows: d.steps.map((s) => s.alignment !== null),
          markRow: d.currentStep,
          markLabel: 'now',
        },
        palette,
      );
    }
  }

  private blockFor(layer: string): Block {
    const found = this.blocks.get(layer);
    if (found) return found;
    const caption = el('p', { class: 'muted' });
    const table = el('table', { class: 'decoding-steps' });
    const alignment = new Heatmap();
    const alignmentBox = el('div', { class: 'decoding-alignment' }, el('h4', {}, 'Alignment: where each decoder step looks in the source'), alignment.element);
    const element = el('div', { class: 'decoding-layer', 'data-layer': layer }, el('h3', {}, layer), caption, el('div', { class: 'decoding-scroll', tabindex: 0, role: 'region', 'aria-label': `Decoder steps of ${layer}` }, table), alignmentBox);
    const block = { element, caption, table, alignment, alignmentBox };
    this.blocks.set(layer, block);
    this.box.body.append(element);
    return block;
  }

  layers(): readonly string[] {
    return this.names;
  }
}

/** `6 of 8 steps agree with teacher forcing` */
function agreement(d: DecodingView): string {
  const same = d.steps.filter((s) => s.greedy !== null && s.greedy === s.forced).length;
  return d.steps.some((s) => s.greedy === null) ? 'not available' : `${same} of ${d.steps.length} steps agree with teacher forcing`;
}

function row(s: DecodingStep, t: number, d: DecodingView): HTMLTableRowElement {
  const token = (w: string | null): HTMLElement => {
    // Computed outputs without a greedy token: the trainer cannot run the model free (a recording).
    if (w === null) return d.computed ? el('td', { class: 'muted' }, 'not available') : el('td', { class: 'pending' }, PENDING);
    const wrong = s.target !== null && w !== s.target;
    return el('td', { class: wrong ? 'wrong' : 'right' }, w, wrong ? el('span', { 'aria-label': ' (not the target)' }, ' ✗') : null);
  };
  const top = s.topK.length
    ? el(
        'td',
        { class: 'topk' },
        ...s.topK.map((k) => {
          const bar = el('span', { class: 'topk-bar', 'aria-hidden': 'true' });
          bar.style.width = `${Math.round(k.probability * 60)}px`;
          return el('span', { class: 'topk-item', 'data-token': k.token }, bar, `${k.token} ${formatPercent(k.probability)}`);
        }),
      )
    : el('td', { class: 'pending' }, PENDING);
  const attrs = t === d.currentStep ? { class: 'current', 'aria-current': 'step' } : {};
  return el('tr', attrs, el('th', { scope: 'row' }, String(t)), el('td', {}, s.input), el('td', {}, s.target ?? '—'), token(s.forced), token(s.greedy), top);
}
