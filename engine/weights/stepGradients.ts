import { fail } from '../errors';
import type { TapeNode } from '../autograd/node';
import type { Tensor } from '../tensor/tensor';
import type { ModelTrainer } from '../train/trainer';

/**
 * Training step `step` (1-based) up to the end of its backward pass: the steps before it run whole,
 * then its forward pass, loss and every backward event, stopping before clipping and the updates —
 * so each parameter's `grad` is ∂L/∂parameter for that step's batch, as the loss gave it.
 */
export interface StepGradients {
  /** The batch as the model read it: every data field, `data.<field>`. */
  readonly batch: readonly Tensor[];
  /** The last forward op's output: the prediction the loss scored. */
  readonly output: Tensor;
  readonly loss: number;
}

export function runToGradients(trainer: ModelTrainer, step: number): StepGradients {
  if (!Number.isInteger(step) || step < 1 || step > trainer.totalSteps) fail('E_ARGUMENT', `step must be between 1 and ${trainer.totalSteps}, got ${step}`);
  trainParams(trainer, step - 1);
  const run = trainer.beginStep();
  while (run.executed < run.events.length && run.events[run.executed].phase === 'backward') run.advance();
  const forward = run.events.filter((e): e is typeof e & { node: TapeNode } => e.phase === 'forward');
  const batch = new Map<string, Tensor>();
  for (const e of run.events) if ('node' in e) for (const t of e.node.inputs) if (t.name.startsWith('data.')) batch.set(t.name, t);
  return { batch: [...batch.values()], output: forward[forward.length - 1].node.outputs[0], loss: run.loss.data[0] };
}

/** Runs training until `steps` steps are complete (none when it already has). */
export function trainParams(trainer: ModelTrainer, steps: number): void {
  if (!Number.isInteger(steps) || steps < 0 || steps > trainer.totalSteps) fail('E_ARGUMENT', `step must be between 0 and ${trainer.totalSteps}, got ${steps}`);
  while (trainer.completedSteps < steps) trainer.beginStep().finish();
}
