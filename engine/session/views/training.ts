import type { TrainingView } from '../../protocol/views';
import { optimizerOf, scheduleOf } from '../extras';
import { computedAt } from '../present';
import type { SessionState } from '../state';

/** Points a curve is thinned to. */
export const LOSS_POINTS = 2000;

/** Loss so far (this step's once the cursor has reached it), the learning rate over every planned step, the optimizer's rule and settings. */
export function trainingView(s: SessionState): TrainingView {
  const total = s.totalSteps;
  const run = s.timeline.run;
  const losses = s.history.losses(LOSS_POINTS).filter((p) => p.step < s.cursor.step);
  if (run && run.step === s.cursor.step && lossComputed(s)) losses.push({ step: run.step, loss: run.loss.data[0] });
  const sched = scheduleOf(s.trainer);
  const lrEvery = Math.max(1, Math.ceil(total / LOSS_POINTS));
  const lrs = sched ? plannedSteps(total, lrEvery).map((step) => ({ step, lr: sched.lrAt(step - 1) })) : s.history.lrs(LOSS_POINTS);
  const opt = optimizerOf(s.trainer);
  const spec = s.model.spec.training;
  const generated = [...s.generated].filter(([step]) => step < s.cursor.step).sort((a, b) => a[0] - b[0]).map(([step, text]) => ({ step, text }));
  const every = s.trainer.validationEvery ?? null;
  return {
    trainingStep: s.cursor.step,
    totalSteps: total,
    losses,
    // A step's validation runs once the step has completed: the cursor is past it.
    validation: every === null ? null : { every, points: s.history.validations(s.cursor.step - 1) },
    lrs,
    optimizer: {
      kind: spec.optimizer.kind,
      formula: opt?.formula ?? '',
      hyperparams: opt ? opt.hyperparams().map((h) => ({ name: h.name, value: h.value, meaning: h.meaning })) : [],
    },
    schedule: { kind: spec.schedule.kind, formula: sched?.formula ?? '' },
    ...(generated.length ? { generated } : {}),
  };
}

function plannedSteps(total: number, every: number): number[] {
  const out: number[] = [];
  for (let s = 1; s <= total; s += every) out.push(s);
  if (out[out.length - 1] !== total) out.push(total);
  return out;
}

/** Whether the cursor has reached the last event of the loss (the end of the forward pass when there is none). */
function lossComputed(s: SessionState): boolean {
  const o = s.timeline.outline;
  if (!o) return false;
  let last = o.executedAtStart - 1;
  o.events.forEach((e, i) => {
    if (e.phase === 'loss') last = i;
  });
  return computedAt(s)(last);
}
