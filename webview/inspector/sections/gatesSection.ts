import type { GateView, InspectorView } from '../../../engine/protocol';
import type { ScaleSpec } from '../../shared/colorScale';
import { scaleFor } from '../../shared/colorScale';
import { el } from '../../shared/dom';
import { Heatmap } from '../../shared/heatmap';
import type { Palette } from '../../shared/theme';
import { CELL_NAMES, gateMeaning } from '../gateNames';
import { collapsible, type Section } from '../section';

/** Gate activations of each recurrent layer: one heatmap per gate, time steps down, units across. */
export class GatesSection implements Section {
  readonly id = 'gates';
  private readonly box = collapsible('gates', 'Gates');
  readonly element = this.box.element;
  private readonly blocks = new Map<string, { element: HTMLElement; caption: HTMLElement; maps: Map<string, Heatmap>; grid: HTMLElement }>();
  private names: string[] = [];

  update(view: InspectorView, palette: Palette): boolean {
    this.names = view.gates.map((g) => g.layer);
    for (const [layer, block] of this.blocks) {
      if (this.names.includes(layer)) continue;
      block.element.remove();
      this.blocks.delete(layer);
    }
    for (const gates of view.gates) this.showLayer(gates, palette);
    this.box.setDescription(this.names.join(', '));
    return view.gates.length > 0;
  }

  private showLayer(view: GateView, palette: Palette): void {
    let block = this.blocks.get(view.layer);
    if (!block) {
      const caption = el('p', { class: 'muted' });
      const grid = el('div', { class: 'heatmap-grid-multiples' });
      const element = el('div', { class: 'gate-layer', 'data-layer': view.layer }, el('h3', {}, `${view.layer} (${CELL_NAMES[view.cell] ?? view.cell})`), caption, grid);
      block = { element, caption, grid, maps: new Map() };
      this.blocks.set(view.layer, block);
      this.box.body.append(element);
    }
    const t = view.currentTimeStep;
    block.caption.textContent = `Sequence ${view.batchIndex} of the batch. ${t === null ? 'Every time step of this training step.' : `The outlined row is the time step being executed (t = ${t}).`}`;
    for (const [name, map] of block.maps) {
      if (view.gates.some((g) => g.name === name)) continue;
      map.element.parentElement?.remove();
      block.maps.delete(name);
    }
    for (const gate of view.gates) {
      let map = block.maps.get(gate.name);
      if (!map) {
        map = new Heatmap();
        block.maps.set(gate.name, map);
        block.grid.append(el('div', { class: 'gate', 'data-gate': gate.name }, el('h4', {}, gateMeaning(gate.name).title), map.element));
      }
      const meaning = gateMeaning(gate.name);
      const scale: ScaleSpec = meaning.unitInterval ? { kind: 'sequential', min: 0, max: 1, accent: 'blue' } : scaleFor(gate.values);
      map.update(
        {
          title: `${meaning.title} of ${view.layer}`,
          rows: gate.steps,
          cols: gate.units,
          values: gate.values,
          rowAxis: 'time step t',
          colAxis: 'unit',
          rowLabels: Array.from({ length: gate.steps }, (_, i) => String(i)),
          colLabels: Array.from({ length: gate.units }, (_, i) => String(i)),
          unit: meaning.unit,
          scale,
          markRow: t,
          markLabel: 'now',
          cellAspect: 0.6,
        },
        palette,
      );
    }
  }

  layers(): readonly string[] {
    return this.names;
  }
}
