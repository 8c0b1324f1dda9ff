import assert from 'node:assert/strict';
import type { TapeNode } from '../../engine/autograd/node';
import type { ModelTrainer, TrainingStepRun } from '../../engine/train';
import type { Tensor } from '../../engine/tensor/tensor';
import { sampleText, trainerFor } from '../engine/train/support';

/**
 * Helpers for the sample tests: each test runs a sample headless (values not recorded, as the
 * CLI does) and measures its phenomenon on the tape of a step. A comparison (RNN vs LSTM, with or
 * without clipping) runs the sample's text with one setting changed; `variant` fails when the
 * setting is not where the test expects it, so a sample edit cannot silently void a comparison.
 */

export { sampleText };

/** The sample's text with `from` replaced by `to` (every match of a global RegExp); `from` must occur. */
export function variant(text: string, from: string | RegExp, to: string): string {
  const found = typeof from === 'string' ? text.includes(from) : from.test(text);
  assert.ok(found, `the sample no longer contains ${String(from)}`);
  return text.replace(from, to);
}

/** A headless trainer for a sample, or for its text edited by `edit`. */
export function sampleTrainer(name: string, edit: (text: string) => string = (t) => t): ModelTrainer {
  return trainerFor(edit(sampleText(name)), { recordValues: false });
}

/** Runs n whole steps; `each` sees every step after its update. Returns the steps' losses. */
export function trainSteps(trainer: ModelTrainer, n: number, each?: (run: TrainingStepRun, step: number) => void): number[] {
  const losses: number[] = [];
  for (let i = 0; i < n; i++) {
    const run = trainer.beginStep();
    run.finish();
    losses.push(run.loss.data[0]);
    each?.(run, i + 1);
  }
  return losses;
}

/** Runs the remaining steps of the file's `training.steps`. */
export function trainAll(trainer: ModelTrainer, each?: (run: TrainingStepRun, step: number) => void): number[] {
  return trainSteps(trainer, trainer.totalSteps - trainer.completedSteps, each);
}

/** The tape node of a step by its name (`memory/t3/gate_f`). */
export function nodeNamed(run: TrainingStepRun, name: string): TapeNode {
  const node = run.tape.nodes.find((n) => n.name === name);
  assert.ok(node, `no node ${name} on the tape`);
  return node;
}

/** The output of the named node. */
export function valueOf(run: TrainingStepRun, name: string): Tensor {
  return nodeNamed(run, name).outputs[0];
}

/** The gradient that reached the named node's output in the backward pass. */
export function gradOf(run: TrainingStepRun, name: string): Tensor {
  const g = valueOf(run, name).grad;
  assert.ok(g, `no gradient reached ${name}`);
  return g;
}

export function norm(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i] * values[i];
  return Math.sqrt(s);
}

export function mean(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s / values.length;
}

/** The parameter of that name. */
export function paramNamed(trainer: ModelTrainer, name: string): Tensor {
  const p = trainer.params.find((t) => t.name === name);
  assert.ok(p, `no parameter ${name} (have ${trainer.params.map((t) => t.name).join(', ')})`);
  return p;
}

/** The share of right answers over the whole data set with the current parameters. */
export function accuracy(trainer: ModelTrainer): number {
  const a = trainer.evaluate()?.accuracy;
  assert.ok(a, 'the model has no notion of accuracy');
  return a.correct / a.total;
}

/** ‖∂L/∂h_t‖ for t = 1 … T (nodes <layer>/t0/h … <layer>/t<T−1>/h) after a step's backward pass. */
export function timeStepGradNorms(run: TrainingStepRun, layer = 'rnn'): number[] {
  const T = run.tape.nodes.filter((n) => new RegExp(`^${layer}/t\\d+/h$`).test(n.name)).length;
  return Array.from({ length: T }, (_, t) => norm(gradOf(run, `${layer}/t${t}/h`).data));
}
