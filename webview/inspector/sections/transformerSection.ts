import type { InspectorView, TransformerBlockView } from '../../../engine/protocol';
import { scaleFor } from '../../shared/colorScale';
import { el, replace, setText } from '../../shared/dom';
import { Heatmap } from '../../shared/heatmap';
import type { Palette } from '../../shared/theme';
import { matrixTable } from '../matrixTable';
import { collapsible, type Section } from '../section';

interface Block {
  readonly element: HTMLElement;
  readonly caption: HTMLElement;
  readonly stream: Heatmap;
  readonly mean: Heatmap;
  readonly variance: Heatmap;
  readonly positional: Heatmap;
  readonly positionalBox: HTMLElement;
  readonly tables: HTMLElement;
}

/**
 * Each Transformer block: the residual stream's norm per position at each point of the block (rows
 * the cursor has not reached are hatched), each LayerNorm's mean and variance per position, and the
 * position vectors added before the block. Each heatmap reads its cells by keyboard; tables below
 * hold the same numbers for screen readers.
 */
export class TransformerSection implements Section {
  readonly id = 'transformer';
  private readonly box = collapsible('transformer', 'Transformer block');
  readonly element = this.box.element;
  private readonly blocks = new Map<string, Block>();
  private names: string[] = [];

  update(view: InspectorView, palette: Palette): boolean {
    const blocks = view.transformer ?? [];
    this.names = blocks.map((b) => b.layer);
    for (const [layer, b] of this.blocks) {
      if (this.names.includes(layer)) continue;
      b.element.remove();
      this.blocks.delete(layer);
    }
    for (const b of blocks) this.show(b, palette);
    this.box.setDescription(this.names.join(', '));
    return blocks.length > 0;
  }

  private show(v: TransformerBlockView, palette: Palette): void {
    const b = this.blockFor(v.layer);
    const positions = Array.from({ length: v.positions }, (_, i) => String(i));
    const pending = v.stream.filter((p) => !p.computed).map((p) => p.node);
    setText(
      b.caption,
      `${v.norm === 'post' ? 'Post-norm' : 'Pre-norm'} block, example 0 of the batch. ${pending.length ? `Not yet computed (hatched): ${pending.join(', ')}.` : 'Every point of the block is computed.'}`,
    );
    const streamValues = v.stream.flatMap((p) => p.norms);
    const computedStream = v.stream.map((p) => p.computed);
    b.stream.update(
      {
        title: `Residual stream ‖x‖₂ per position in ${v.layer}`,
        rows: v.stream.length,
        cols: v.positions,
        values: streamValues,
        rowAxis: 'point in the block',
        colAxis: 'position',
        rowLabels: v.stream.map((p) => p.label),
        colLabels: positions,
        unit: '‖x‖₂ of the position’s vector',
        scale: { kind: 'sequential', min: 0, max: Math.max(1e-12, ...streamValues), accent: 'blue' },
        computedRows: computedStream,
      },
      palette,
    );
    const lnRows = v.layerNorms.map((l) => l.label);
    const lnComputed = v.layerNorms.map((l) => l.computed);
    const means = v.layerNorms.flatMap((l) => l.mean);
    const variances = v.layerNorms.flatMap((l) => l.variance);
    const lnSpec = (what: string, values: number[], unit: string) => ({
      title: `${what} per position of what each LayerNorm of ${v.layer} normalises`,
      rows: lnRows.length,
      cols: v.positions,
      values,
      rowAxis: 'LayerNorm',
      colAxis: 'position',
      rowLabels: lnRows,
      colLabels: positions,
      unit,
      computedRows: lnComputed,
    });
    b.mean.update({ ...lnSpec('Mean μ', means, 'mean μ over the width'), scale: scaleFor(means.filter((_, k) => lnComputed[Math.floor(k / v.positions)])) }, palette);
    b.variance.update({ ...lnSpec('Variance σ²', variances, 'variance σ² over the width (÷ D)'), scale: { kind: 'sequential', min: 0, max: Math.max(1e-12, ...variances), accent: 'orange' } }, palette);
    const p = v.positional;
    b.positionalBox.hidden = !p;
    if (p) {
      b.positional.update(
        {
          title: `Position vectors ${p.param}`,
          rows: p.rows,
          cols: p.cols,
          values: p.values,
          rowAxis: 'position',
          colAxis: 'dimension',
          rowLabels: Array.from({ length: p.rows }, (_, i) => String(i)),
          colLabels: Array.from({ length: p.cols }, (_, i) => String(i)),
          unit: `${p.param}, added to each token’s vector`,
          scale: scaleFor(p.values),
          cellAspect: 1,
        },
        palette,
      );
    }
    replace(
      b.tables,
      matrixTable({ caption: `Residual stream ‖x‖₂ in ${v.layer}`, corner: 'point \\ position', rowLabels: v.stream.map((s) => s.label), colLabels: positions, values: streamValues, computedRows: computedStream }),
      matrixTable({ caption: `LayerNorm mean per position in ${v.layer}`, corner: 'LayerNorm \\ position', rowLabels: lnRows, colLabels: positions, values: means, computedRows: lnComputed }),
      matrixTable({ caption: `LayerNorm variance per position in ${v.layer}`, corner: 'LayerNorm \\ position', rowLabels: lnRows, colLabels: positions, values: variances, computedRows: lnComputed }),
      p ? matrixTable({ caption: `Position vectors ${p.param}`, corner: 'position \\ dimension', rowLabels: Array.from({ length: p.rows }, (_, i) => String(i)), colLabels: Array.from({ length: p.cols }, (_, i) => String(i)), values: p.values }) : null,
    );
  }

  private blockFor(layer: string): Block {
    const found = this.blocks.get(layer);
    if (found) return found;
    const [stream, mean, variance, positional] = [new Heatmap(), new Heatmap(), new Heatmap(), new Heatmap()];
    const caption = el('p', { class: 'muted' });
    const positionalBox = el('div', { class: 'transformer-positions' }, el('h4', {}, 'Position vectors'), positional.element);
    const tables = el('div', { class: 'sr-only' });
    const element = el(
      'div',
      { class: 'transformer-block', 'data-layer': layer },
      el('h3', {}, layer),
      caption,
      el('h4', {}, 'Residual stream: ‖x‖₂ per position, before and after each sub-layer'),
      stream.element,
      el('h4', {}, 'LayerNorm: mean and variance per position of its input'),
      el('div', { class: 'heatmap-grid-multiples' }, mean.element, variance.element),
      positionalBox,
      tables,
    );
    const block = { element, caption, stream, mean, variance, positional, positionalBox, tables };
    this.blocks.set(layer, block);
    this.box.body.append(element);
    return block;
  }

  layers(): readonly string[] {
    return this.names;
  }
}
