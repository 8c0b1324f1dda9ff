import type { InspectorView, TrainingView } from '../../../engine/protocol';
import { ThemedChart } from '../../shared/charts';
import { el, replace, setText } from '../../shared/dom';
import { formatNumber } from '../../shared/format';
import { formula } from '../../shared/formula';
import type { Palette } from '../../shared/theme';
import { collapsible, type Section } from '../section';

/** Loss curve, learning-rate schedule with the current step marked, and the optimizer's rule. */
export class TrainingSection implements Section {
  readonly id = 'training';
  private readonly box = collapsible('training', 'Training');
  readonly element = this.box.element;
  private readonly summary = el('p', { class: 'training-summary' });
  private readonly loss = new ThemedChart(150);
  private readonly lr = new ThemedChart(130);
  private readonly optimizer = el('div', { class: 'optimizer' });
  private lastOptimizer = '';

  constructor() {
    this.box.body.append(this.summary, el('h3', {}, 'Loss (mean over the batch)'), this.loss.element, el('h3', {}, 'Learning rate η, as scheduled'), this.lr.element, this.optimizer);
  }

  update(view: InspectorView, palette: Palette): boolean {
    const t = view.training;
    const step = t.trainingStep;
    const lastLoss = t.losses.length > 0 ? t.losses[t.losses.length - 1] : null;
    const lrNow = t.lrs.find((p) => p.step === step)?.lr;
    this.box.setDescription(`step ${step} of ${t.totalSteps}`);
    setText(
      this.summary,
      `Training step ${step} of ${t.totalSteps}` +
        (lastLoss ? ` · loss ${formatNumber(lastLoss.loss)} (step ${lastLoss.step})` : ' · no loss yet') +
        (lrNow !== undefined ? ` · learning rate η = ${formatNumber(lrNow)}` : ''),
    );
    const mark = { x: step, label: `step ${step}` };
    this.loss.update(
      {
        kind: 'line',
        title: 'Loss per training step',
        series: [{ label: 'loss', points: t.losses.map((p) => ({ x: p.step, y: p.loss })), accent: 'blue' }],
        xTitle: 'training step',
        yTitle: 'loss',
        markX: mark,
      },
      palette,
      `${t.losses.length}:${lastLoss?.loss}`,
    );
    this.lr.update(
      {
        kind: 'line',
        title: `Learning rate schedule (${t.schedule.kind})`,
        series: [{ label: 'η', points: t.lrs.map((p) => ({ x: p.step, y: p.lr })), accent: 'green' }],
        xTitle: 'training step',
        yTitle: 'η',
        markX: mark,
      },
      palette,
      `${t.lrs.length}:${t.schedule.kind}`,
    );
    this.showOptimizer(t);
    return true;
  }

  private showOptimizer(t: TrainingView): void {
    const key = JSON.stringify([t.optimizer, t.schedule]);
    if (key === this.lastOptimizer) return;
    this.lastOptimizer = key;
    const rows = t.optimizer.hyperparams.map((h) => el('tr', {}, el('th', { scope: 'row' }, h.name), el('td', {}, typeof h.value === 'number' ? formatNumber(h.value) : String(h.value)), el('td', { class: 'muted' }, h.meaning)));
    replace(
      this.optimizer,
      el('h3', {}, `Optimizer: ${t.optimizer.kind}`),
      formula(t.optimizer.formula),
      rows.length > 0 ? el('table', { class: 'hyperparams' }, el('thead', {}, el('tr', {}, el('th', {}, 'setting'), el('th', {}, 'value'), el('th', {}, 'meaning'))), el('tbody', {}, ...rows)) : null,
      el('h3', {}, `Schedule: ${t.schedule.kind}`),
      formula(t.schedule.formula),
    );
  }

  layers(): readonly string[] {
    return [];
  }
}
