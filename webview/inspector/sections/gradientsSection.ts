import type { GradientsView, InspectorView } from '../../../engine/protocol';
import { ACCENTS, ThemedChart } from '../../shared/charts';
import { el, replace } from '../../shared/dom';
import { formatNumber } from '../../shared/format';
import type { Palette } from '../../shared/theme';
import type { GradHistory } from '../gradHistory';
import type { PreviousRun } from '../previousRun';
import { collapsible, type Section } from '../section';

const NORM = '‖∂L/∂θ‖₂ (log scale)';

/** Gradient norms: per layer now, per time step for recurrent layers, per training step so far. */
export class GradientsSection implements Section {
  readonly id = 'gradients';
  private readonly box = collapsible('gradients', 'Gradients');
  readonly element = this.box.element;
  private readonly clip = el('p', { class: 'clip' });
  private readonly bars = new ThemedChart(120);
  private readonly timeCharts = el('div', { class: 'time-charts' });
  private readonly charts = new Map<string, ThemedChart>();
  private readonly history = new ThemedChart(150);
  private readonly historyNote = el('p', { class: 'muted history-note' });
  private readonly previousNote = el('div', {});
  private readonly historyBlock = el('div', { class: 'grad-history' }, el('h3', {}, 'Over training steps'), this.history.element, this.historyNote, this.previousNote);

  /** What belongs to the current step (hidden in a forward pass, when only the history is shown). */
  private readonly now = el('div', {});
  private names: readonly string[] = [];

  constructor(
    private readonly gradHistory: GradHistory,
    private readonly previous: PreviousRun,
  ) {
    this.bars.element.classList.add('layer-bars');
    const note = el('p', { class: 'muted' }, 'The layer of the current op is drawn in the focus colour. A layer the backward pass has not reached yet has no bar: it is “not yet computed”.');
    this.now.append(el('h3', {}, 'Per layer, this step'), this.bars.element, note, this.clip, this.timeCharts);
    this.box.body.append(this.now, this.historyBlock);
  }

  update(view: InspectorView, palette: Palette): boolean {
    const g = view.gradients;
    // Stowed, not display: none: its charts keep their size and drawing, so coming back from a forward pass costs nothing.
    this.now.classList.toggle('stowed', !g);
    if (!g) {
      this.names = [];
      this.box.setDescription('');
      return this.showHistory(palette);
    }
    this.names = g.layers.map((l) => l.layer);
    const current = view.stop.location.layer;
    const rows = g.layers.length;
    const box = this.bars.element.querySelector<HTMLElement>('.chart-box')!;
    const height = `${Math.max(90, 34 + rows * 22)}px`;
    if (box.style.height !== height) box.style.height = height;
    this.bars.update(
      {
        kind: 'bar',
        title: 'Gradient norm of each layer’s parameters in this training step',
        labels: this.names,
        values: g.layers.map((l) => l.norm),
        valueTitle: NORM,
        categoryTitle: 'layer',
        log: true,
        accent: 'orange',
        highlight: current ? this.names.indexOf(current) : null,
      },
      palette,
      JSON.stringify([g.layers, current]),
    );
    this.box.setDescription(g.clip ? `total ${formatNumber(g.clip.totalNorm, 3)}` : '');
    this.showClip(g);
    this.showTimeSteps(view, g, palette);
    this.showHistory(palette);
    return true;
  }

  private showClip(g: GradientsView): void {
    if (!g.clip) {
      replace(this.clip);
      return;
    }
    const { totalNorm, maxNorm } = g.clip;
    const clipped = totalNorm > maxNorm;
    replace(
      this.clip,
      `Global norm ${formatNumber(totalNorm)} ${clipped ? '>' : '≤'} max_norm ${formatNumber(maxNorm)}: `,
      clipped ? el('strong', {}, `every gradient is scaled by ${formatNumber(maxNorm / totalNorm, 3)}`) : 'no clipping needed.',
    );
  }

  private showTimeSteps(view: InspectorView, g: GradientsView, palette: Palette): void {
    const seen = new Set<string>();
    for (const series of g.perTimeStep) {
      seen.add(series.layer);
      let chart = this.charts.get(series.layer);
      if (!chart) {
        chart = new ThemedChart(150);
        this.charts.set(series.layer, chart);
        const note = el('p', { class: 'muted' }, 'How much gradient reaches each time step. Steps the backward pass has not reached yet have no point; a curve falling towards t = 0 is a vanishing gradient.');
        this.timeCharts.append(el('div', { 'data-layer': series.layer }, el('h3', {}, `${series.layer}: ‖∂L/∂hₜ‖ through time (BPTT)`), chart.element, note));
      }
      // A time step the backward pass has not reached has no point (not a point at 0).
      const points = (ys: readonly (number | null)[]) => ys.flatMap((y, x) => (y === null ? [] : [{ x, y }]));
      const here = view.stop.location.layer === series.layer ? view.stop.location.timeStep : null;
      chart.update(
        {
          kind: 'line',
          title: `‖∂L/∂h_t‖ per time step of ${series.layer}`,
          series: [
            { label: 'before clipping', points: points(series.norms), accent: 'orange' },
            ...(series.clippedNorms ? [{ label: 'after clipping', points: points(series.clippedNorms), accent: 'blue' as const, dashed: true }] : []),
          ],
          xTitle: 'time step t',
          yTitle: '‖∂L/∂hₜ‖₂ (log)',
          logY: true,
          markX: here === null ? null : { x: here, label: `t = ${here}` },
          xRange: [0, Math.max(1, series.norms.length - 1)],
        },
        palette,
        JSON.stringify(series),
      );
    }
    for (const [layer, chart] of this.charts) {
      if (seen.has(layer)) continue;
      chart.destroy();
      this.charts.delete(layer);
      this.timeCharts.querySelector(`[data-layer="${CSS.escape(layer)}"]`)?.remove();
    }
  }

  private showHistory(palette: Palette): boolean {
    const series = this.gradHistory.series();
    const previous = this.previousNorms();
    this.historyBlock.hidden = this.gradHistory.steps === 0 && previous.size === 0;
    if (this.historyBlock.hidden) return false;
    this.historyNote.textContent = this.gradHistory.describe();
    // A layer keeps its colour in both runs (the previous run's layers first by this run's order).
    const layers = [...new Set([...series.keys(), ...previous.keys()])];
    const accent = (layer: string) => ACCENTS[layers.indexOf(layer) % ACCENTS.length];
    this.history.update(
      {
        kind: 'line',
        title: previous.size > 0 ? `Gradient norm of each layer over the training steps, this run and the previous one (run ${this.previous.shown?.run})` : 'Gradient norm of each layer over the training steps run so far',
        series: [
          ...[...series].map(([layer, points]) => ({ label: layer, points, accent: accent(layer) })),
          ...[...previous].map(([layer, points]) => ({ label: `${layer} (previous run)`, points, accent: accent(layer), faded: true })),
        ],
        xTitle: 'training step',
        yTitle: '‖∂L/∂θ‖₂ (log)',
        logY: true,
      },
      palette,
      JSON.stringify([[...series], this.previous.shown?.run]),
    );
    this.previous.showNote(this.previousNote);
    return true;
  }

  /** Layer → points (step, norm) of the previous run, when shown. */
  private previousNorms(): Map<string, { x: number; y: number }[]> {
    const out = new Map<string, { x: number; y: number }[]>();
    const h = this.previous.shown?.gradientHistory;
    if (!h) return out;
    for (const { layer, norms } of h.layers) out.set(layer, norms.flatMap((y, k) => (y === null ? [] : [{ x: h.steps[k], y }])));
    return out;
  }

  layers(): readonly string[] {
    return this.names;
  }
}
