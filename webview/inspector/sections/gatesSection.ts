import type { GateView, InspectorView } from '../../../engine/protocol';
import { el } from '../../shared/dom';
import { Heatmap } from '../../shared/heatmap';
import type { Palette } from '../../shared/theme';
import { CELL_NAMES, gateTitle } from '../gateNames';
import { gateScale } from '../gateScale';
import { collapsible, type Section } from '../section';

/**
 * Gate activations of each recurrent layer: one heatmap per gate, time steps down, units across;
 * the time steps the cursor has not reached are hatched.
 */
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
        block.grid.append(el('div', { class: 'gate', 'data-gate': gate.name }, el('h4', {}, gateTitle(gate.name)), map.element));
      }
      const computed = gate.values.filter((_, k) => gate.computed[Math.floor(k / gate.units)]);
      const { unit, scale } = gateScale(gate.activation, computed);
      map.update(
        {
          title: `${gateTitle(gate.name)} of ${view.layer}`,
          rows: gate.steps,
          cols: gate.units,
          values: gate.values,
          rowAxis: 'time step t',
          colAxis: 'unit',
          rowLabels: Array.from({ length: gate.steps }, (_, i) => String(i)),
          colLabels: Array.from({ length: gate.units }, (_, i) => String(i)),
          unit,
          scale,
          computedRows: gate.computed,
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
