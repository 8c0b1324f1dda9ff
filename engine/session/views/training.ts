import type { TrainingView } from '../../protocol/views';
import type { Tensor } from '../../tensor/tensor';
import { optimizerDescriptionOf, plannedLrOf, scheduleOf } from '../extras';
import { l2norm } from '../../tensor/stats';
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
  const planned = plannedLrOf(s.trainer);
  const lrEvery = Math.max(1, Math.ceil(total / LOSS_POINTS));
  const lrs = planned ? plannedSteps(total, lrEvery).map((step) => ({ step, lr: planned(step) })) : s.history.lrs(LOSS_POINTS);
  const spec = s.model.spec.training;
  const opt = optimizerDescriptionOf(s.trainer, spec.optimizer.kind);
  const generated = [...s.generated].filter(([step]) => step < s.cursor.step).sort((a, b) => a[0] - b[0]).map(([step, text]) => ({ step, text }));
  const every = s.trainer.validationEvery ?? null;
  // Steps as the UI numbers them (a recording's own: 100, 101, …), as the call stack shows them.
  const shown = <T extends { readonly step: number }>(points: readonly T[]): T[] => points.map((p) => ({ ...p, step: s.stepNumber(p.step) }));
  return {
    trainingStep: s.stepNumber(s.cursor.step),
    totalSteps: total,
    stepText: s.stepText(s.cursor.step),
    losses: shown(losses),
    // A step's validation runs once the step has completed: the cursor is past it.
    validation: every === null ? null : { every, points: shown(s.history.validations(s.cursor.step - 1)) },
    lrs: shown(lrs),
    optimizer: {
      kind: opt?.kind ?? spec.optimizer.kind,
      formula: opt?.formula ?? '',
      hyperparams: opt ? opt.hyperparams.map((h) => ({ name: h.name, value: h.value, meaning: h.meaning })) : [],
      state: stateSoFar(s),
    },
    schedule: { kind: spec.schedule.kind, formula: sched?.formula ?? '' },
    ...(generated.length ? { generated: shown(generated) } : {}),
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

/**
 * The state buffers (Adam's m and v, a momentum buffer) of each parameter updated so far in the
 * cursor's step, as the updates reported them: norms before and after (a recording's from its
 * recorded statistics, reading no values). Updates that kept no values report none.
 */
function stateSoFar(s: SessionState): NonNullable<TrainingView['optimizer']['state']> {
  if (s.timeline.current !== s.cursor.step) return [];
  const reached = computedAt(s);
  const norm = (t: Tensor | null): number | null => {
    const n = t ? l2norm(t) : NaN;
    return Number.isFinite(n) ? n : null;
  };
  return s.timeline.results.flatMap((r, event) => {
    if (r?.kind !== 'param' || !reached(event) || !r.update.values || r.update.values.state.length === 0) return [];
    return [{ param: r.update.param, buffers: r.update.values.state.map((c) => ({ name: c.name, symbol: c.symbol, before: norm(c.before), after: norm(c.after) })) }];
  });
}
