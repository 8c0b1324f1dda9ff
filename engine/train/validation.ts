import type { ModelSpec } from '../model/spec';

/** About this many validations over a run when `every` is not written. */
export const VALIDATIONS_PER_RUN = 50;

/**
 * Every how many training steps the model is validated (null without `validation`): as written, or
 * ⌈steps / 50⌉ — often enough to draw a curve, rarely enough to cost little beside training.
 */
export function validationEvery(spec: Pick<ModelSpec, 'data' | 'training'>): number | null {
  const v = spec.data.validation;
  if (!v) return null;
  return v.every ?? Math.max(1, Math.ceil(spec.training.steps / VALIDATIONS_PER_RUN));
}

/** Whether step `step` ends with a validation: every `every` steps, and the last step of the run. */
export function validatesAt(step: number, every: number | null, total: number): boolean {
  return every !== null && (step % every === 0 || step === total);
}
