import { ThemedChart, type ChartSpec } from '../shared/charts';
import { el } from '../shared/dom';
import { renderFormula } from '../shared/formula';
import { Heatmap } from '../shared/heatmap';
import type { Palette } from '../shared/theme';

/**
 * The first stop drew its charts, formulas and heatmaps for the first time: 0.3–1 s of compiling
 * chart.js and KaTeX and loading KaTeX's fonts. While no session runs (the debug worker takes about
 * a second to start after F5), each is drawn once off screen, one per idle moment, and thrown away.
 */
const FORMULA = '\\begin{aligned} m_{1} &= 0.9 \\cdot (-0.5) + 0.1 \\cdot 2^2 \\\\ \\hat v_t &= \\frac{v_t}{1 - \\beta_2^{\\,t}}, \\quad \\theta_t = \\theta_{t-1} - \\eta\\, \\frac{\\hat m_t}{\\sqrt{\\hat v_t} + \\epsilon} \\end{aligned}';

const CHARTS: readonly ChartSpec[] = [
  { kind: 'bar', title: 'warm-up', labels: ['a', 'b'], values: [0.1, 2], valueTitle: 'norm', categoryTitle: 'layer', log: true, accent: 'orange', highlight: 0 },
  { kind: 'line', title: 'warm-up', series: [{ label: 'a', points: [{ x: 0, y: 1 }, { x: 1, y: 0.1 }], accent: 'blue', dashed: true }], xTitle: 't', yTitle: 'y', logY: true, markX: { x: 1, label: 't = 1' }, markY: { y: 0.5, label: 'c' } },
  { kind: 'scatter', title: 'warm-up', points: [{ x: 0, y: 1, label: 'a' }, { x: 1, y: 0, label: 'b' }], xTitle: 'x', yTitle: 'y', accent: 'green', highlight: new Set(['a']) },
];

/** Runs the warm-up tasks one per idle moment; marks `body[data-warm]` when done or cancelled. */
export function warmUp(palette: () => Palette): { cancel(): void } {
  const stage = el('div', { class: 'warm-up', 'aria-hidden': 'true' });
  document.body.append(stage);
  const tasks: (() => void)[] = [
    () => renderFormula(stage.appendChild(el('div')), FORMULA),
    ...CHARTS.map((spec) => () => drawChart(stage, spec, palette())),
    () => drawHeatmap(stage, palette()),
  ];
  const finish = (): void => {
    tasks.length = 0;
    stage.remove();
    document.body.dataset.warm = 'yes';
  };
  const next = (): void => {
    const task = tasks.shift();
    if (!task) return finish();
    try {
      task();
    } catch (error) {
      console.warn('Backstep Inspector: warm-up step failed (the first stop will only be slower)', error);
    }
    idle(next);
  };
  idle(next);
  return { cancel: finish };
}

function drawChart(stage: HTMLElement, spec: ChartSpec, palette: Palette): void {
  const chart = new ThemedChart(100);
  stage.append(chart.element);
  chart.update(spec, palette);
  chart.destroy();
}

function drawHeatmap(stage: HTMLElement, palette: Palette): void {
  const map = new Heatmap();
  stage.append(map.element);
  const values = [0.1, 0.9, 0.5, 0.3, -0.2, 0.7];
  map.update({ title: 'warm-up', rows: 2, cols: 3, values, rowAxis: 't', colAxis: 'unit', rowLabels: ['0', '1'], colLabels: ['0', '1', '2'], unit: 'value', scale: { kind: 'diverging', absMax: 1 }, markRow: 0, markLabel: 't' }, palette);
}

function idle(task: () => void): void {
  if ('requestIdleCallback' in window) requestIdleCallback(task, { timeout: 500 });
  else setTimeout(task, 0);
}
