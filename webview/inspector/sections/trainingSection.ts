import type { InspectorView, TrainingView } from '../../../engine/protocol';
import { ThemedChart } from '../../shared/charts';
import { el, replace, setText } from '../../shared/dom';
import { formatNumber } from '../../shared/format';
import { updateFormula } from '../../shared/formula';
import type { Palette } from '../../shared/theme';
import type { PreviousRun } from '../previousRun';
import { collapsible, type Section } from '../section';

/** Lines of generated text shown: the rest are in the Debug Console. */
const GENERATED_SHOWN = 8;

/** `Loss per training step, with the validation loss, this run and the previous one (run 1)`. */
function lossTitle(t: TrainingView, previousRun: number | null): string {
  const parts = [t.validation ? 'with the validation loss' : null, previousRun !== null ? `this run and the previous one (run ${previousRun})` : null].filter(Boolean);
  return `Loss per training step${parts.length ? `, ${parts.join(', ')}` : ''}`;
}

/** Loss curve (and the validation loss beside it), learning-rate schedule with the current step marked, and the optimizer's rule. */
export class TrainingSection implements Section {
  readonly id = 'training';
  private readonly box = collapsible('training', 'Training');
  readonly element = this.box.element;
  private readonly summary = el('p', { class: 'training-summary' });
  private readonly loss = new ThemedChart(150);
  private readonly lr = new ThemedChart(130);
  private readonly optimizerHeading = el('h3');
  private readonly optimizerFormula = el('div', { class: 'formula' });
  private readonly settings = el('table', { class: 'hyperparams' });
  private readonly stateHeading = el('h3', {}, 'Optimizer state, per parameter updated in this step so far');
  private readonly state = el('table', { class: 'optimizer-state' });
  private readonly scheduleHeading = el('h3');
  private readonly scheduleFormula = el('div', { class: 'formula' });
  private readonly optimizer = el('div', { class: 'optimizer' }, this.optimizerHeading, this.optimizerFormula, this.settings, this.stateHeading, this.state, this.scheduleHeading, this.scheduleFormula);
  private settingNames: string | null = null;
  private readonly previousNote = el('div', {});
  private readonly textHeading = el('h3', {}, 'Generated text (training: generate)');
  private readonly text = el('ol', { class: 'generated-text' });

  constructor(private readonly previous: PreviousRun) {
    this.box.body.append(this.summary, el('h3', {}, 'Loss (mean over the batch)'), this.loss.element, this.previousNote, el('h3', {}, 'Learning rate η, as scheduled'), this.lr.element, this.textHeading, this.text, this.optimizer);
  }

  update(view: InspectorView, palette: Palette): boolean {
    const t = view.training;
    const step = t.trainingStep;
    const lastLoss = t.losses.length > 0 ? t.losses[t.losses.length - 1] : null;
    const lrNow = t.lrs.find((p) => p.step === step)?.lr;
    const validation = t.validation;
    const lastValidation = validation?.points.at(-1) ?? null;
    const stepText = t.stepText ?? `step ${step} of ${t.totalSteps}`;
    this.box.setDescription(stepText);
    setText(
      this.summary,
      `Training ${stepText}` +
        (lastLoss ? ` · loss ${formatNumber(lastLoss.loss)} (step ${lastLoss.step})` : ' · no loss yet') +
        (lastValidation ? ` · validation loss ${formatNumber(lastValidation.loss)}${lastValidation.accuracy !== null ? `, accuracy ${(100 * lastValidation.accuracy).toFixed(1)}%` : ''} (step ${lastValidation.step})` : '') +
        (lrNow !== undefined ? ` · learning rate η = ${formatNumber(lrNow)}` : ''),
    );
    const mark = { x: step, label: `step ${step}` };
    const previous = this.previous.shown;

    this.loss.update(
      {
        kind: 'line',
        title: lossTitle(t, previous?.run ?? null),
        series: [
          { label: validation ? 'training loss' : 'loss', points: t.losses.map((p) => ({ x: p.step, y: p.loss })), accent: 'blue' },
          ...(validation ? [{ label: `validation loss (every ${validation.every} steps)`, points: validation.points.map((p) => ({ x: p.step, y: p.loss })), accent: 'orange' as const, dashed: true }] : []),
          ...(previous ? [{ label: 'previous run', points: previous.losses.map((p) => ({ x: p.step, y: p.loss })), accent: 'blue' as const, faded: true }] : []),
        ],
        xTitle: 'training step',
        yTitle: 'loss',
        markX: mark,
      },
      palette,
      `${t.losses.length}:${lastLoss?.loss}:${previous?.run ?? ''}:${validation?.points.length ?? ''}`,
    );
    this.previous.showNote(this.previousNote);
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
    this.showGenerated(t);
    this.showOptimizer(t);
    return true;
  }

  /** The last lines a language model wrote, newest last, each with its step. */
  private showGenerated(t: TrainingView): void {
    const lines = (t.generated ?? []).slice(-GENERATED_SHOWN);
    this.textHeading.hidden = this.text.hidden = lines.length === 0;
    replace(this.text, ...lines.map((l) => el('li', {}, el('span', { class: 'muted' }, `step ${l.step}: `), el('code', {}, l.text))));
  }

  /**
   * The optimizer's rule, settings and schedule, rewritten in place: a scheduled learning rate changes
   * the table at every training step, but the formulas (hundreds of KaTeX boxes) stay as typeset.
   */
  private showOptimizer(t: TrainingView): void {
    setText(this.optimizerHeading, `Optimizer: ${t.optimizer.kind}`);
    updateFormula(this.optimizerFormula, t.optimizer.formula);
    const names = t.optimizer.hyperparams.map((h) => h.name).join('\n');
    if (names !== this.settingNames) {
      this.settingNames = names;
      const rows = t.optimizer.hyperparams.map((h) => el('tr', {}, el('th', { scope: 'row' }, h.name), el('td'), el('td', { class: 'muted' })));
      replace(this.settings, ...(rows.length > 0 ? [el('thead', {}, el('tr', {}, el('th', {}, 'setting'), el('th', {}, 'value'), el('th', {}, 'meaning'))), el('tbody', {}, ...rows)] : []));
      this.settings.hidden = rows.length === 0;
    }
    const cells = this.settings.querySelectorAll('tbody tr');
    t.optimizer.hyperparams.forEach((h, i) => {
      const [value, meaning] = [cells[i].children[1], cells[i].children[2]];
      setText(value, typeof h.value === 'number' ? formatNumber(h.value) : String(h.value));
      setText(meaning, h.meaning);
    });
    this.showState(t);
    setText(this.scheduleHeading, `Schedule: ${t.schedule.kind}`);
    updateFormula(this.scheduleFormula, t.schedule.formula);
  }

  /** Each state buffer of the parameters updated so far in this step: its norm before and after the update. */
  private showState(t: TrainingView): void {
    const rows = (t.optimizer.state ?? []).flatMap((p) =>
      p.buffers.map((b) => el('tr', {}, el('th', { scope: 'row' }, p.param), el('td', {}, `${b.symbol} `, el('span', { class: 'muted' }, bufferKey(b.name, p.param))), el('td', {}, norm(b.before)), el('td', {}, norm(b.after)))),
    );
    this.stateHeading.hidden = this.state.hidden = rows.length === 0;
    replace(this.state, ...(rows.length > 0 ? [el('thead', {}, el('tr', {}, el('th', {}, 'parameter'), el('th', {}, 'buffer'), el('th', {}, '‖before‖'), el('th', {}, '‖after‖'))), el('tbody', {}, ...rows)] : []));
  }

  layers(): readonly string[] {
    return [];
  }
}

/** A norm, or a dash where there is none (the update made the buffer) or it is not known. */
function norm(n: number | null): string {
  return n === null ? '—' : formatNumber(n);
}

/** A buffer's name below its parameter's (`fc1.weight.exp_avg` → `exp_avg`): the row names the parameter already. */
function bufferKey(name: string, param: string): string {
  return name.startsWith(`${param}.`) ? name.slice(param.length + 1) : name;
}
