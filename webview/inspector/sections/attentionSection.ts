import type { AttentionView, InspectorView, WebviewToHost } from '../../../engine/protocol';
import { el } from '../../shared/dom';
import { Heatmap } from '../../shared/heatmap';
import type { Palette } from '../../shared/theme';
import { collapsible, type Section } from '../section';

/** Attention weights of each attention layer: one query × key heatmap per head, tokens on the axes. */
export class AttentionSection implements Section {
  readonly id = 'attention';
  private readonly box = collapsible('attention', 'Attention');
  readonly element = this.box.element;
  private readonly blocks = new Map<string, { element: HTMLElement; grid: HTMLElement; maps: Heatmap[]; link: HTMLElement; labels: HTMLElement; before: Text; after: Text; fused: HTMLElement }>();
  private names: string[] = [];

  constructor(private readonly post: (m: WebviewToHost) => void) {}

  update(view: InspectorView, palette: Palette): boolean {
    this.names = view.attention.map((a) => a.layer);
    for (const [layer, block] of this.blocks) {
      if (this.names.includes(layer)) continue;
      block.element.remove();
      this.blocks.delete(layer);
    }
    for (const a of view.attention) this.showLayer(a, palette);
    this.box.setDescription(this.names.join(', '));
    return view.attention.length > 0;
  }

  private showLayer(a: AttentionView, palette: Palette): void {
    let block = this.blocks.get(a.layer);
    if (!block) {
      const link = el('a', { href: '#', class: 'node-link' });
      link.addEventListener('click', (e) => {
        e.preventDefault();
        const node = link.dataset.node;
        if (node) this.post({ type: 'reveal', node, layer: a.layer });
      });
      const grid = el('div', { class: 'heatmap-grid-multiples' });
      const labels = el('p', { class: 'muted attention-labels' });
      const [before, after] = [document.createTextNode(''), document.createTextNode('')];
      const fused = el('p', { class: 'attention-fused' });
      const element = el('div', { class: 'attention-layer', 'data-layer': a.layer }, el('h3', {}, `${a.layer}: weights (query × key)`), el('p', { class: 'muted' }, before, link, after), fused, labels, grid);
      block = { element, grid, maps: [], link, labels, before, after, fused };
      this.blocks.set(a.layer, block);
      this.box.body.append(element);
    }
    block.link.dataset.node = a.node;
    block.link.textContent = a.node;
    block.labels.textContent = a.labelsAre ?? '';
    block.labels.hidden = a.heads.length === 0;
    // A fused kernel (scaled_dot_product_attention) returns no weights: they are computed from its q and k.
    block.before.textContent = a.fused ? 'Fused attention kernel ' : 'Computed by ';
    block.after.textContent = a.fused ? '.' : '. Each row is one query and sums to 1.';
    block.fused.textContent = a.fused?.text ?? '';
    block.fused.hidden = !a.fused;
    block.link.setAttribute('title', `Show ${a.node} in the model file and the graph`);
    while (block.maps.length > a.heads.length) block.maps.pop()?.element.parentElement?.remove();
    a.heads.forEach((head, i) => {
      let map = block.maps[i];
      if (!map) {
        map = new Heatmap();
        block.maps.push(map);
        block.grid.append(el('div', { class: 'head' }, el('h4', {}, ''), map.element));
      }
      const heading = map.element.parentElement?.querySelector('h4');
      if (heading) heading.textContent = a.heads.length > 1 ? `head ${head.head}` : 'weights';
      map.update(
        {
          title: `attention weights of ${a.layer}${a.heads.length > 1 ? `, head ${head.head}` : ''}`,
          rows: a.queryLabels.length,
          cols: a.keyLabels.length,
          values: head.values,
          rowAxis: 'query',
          colAxis: 'key',
          rowLabels: a.queryLabels,
          colLabels: a.keyLabels,
          unit: 'weight α (0 … 1; a row sums to 1)',
          scale: { kind: 'sequential', min: 0, max: 1, accent: 'purple' },
          cellAspect: 1,
          showValues: true,
          computedRows: head.computed ? undefined : a.queryLabels.map(() => false),
        },
        palette,
      );
    });
  }

  layers(): readonly string[] {
    return this.names;
  }
}
