import { describeLocated, located, type ModelTrainer } from '../../engine/train';
import { validatesAt } from '../../engine/train/validation';
import { EXIT, type Io } from './io';
import { loadForCli } from './load';
import { fmt, Progress } from './progress';

/**
 * `backstep run <file> [--steps N]`: trains headless for the file's steps (or N), with progress,
 * then prints the final metrics: the loss over the whole data set (or, for an embedding model, the
 * mean loss of the last steps), the accuracy where the loss has one, and the time per step. With
 * `validation:` in the data, the held-out loss (and accuracy) is printed every `every` steps; a
 * language model with `training: generate:` prints its line of text as it goes.
 */
export function runCommand(file: string, io: Io, steps?: number): number {
  const trainer = loadForCli(file, io, { recordValues: false });
  if (typeof trainer === 'number') return trainer;
  const total = steps ?? trainer.totalSteps;
  const spec = trainer.model.spec;
  io.out(`${spec.name}: ${trainer.params.reduce((s, p) => s + p.size, 0)} parameters, ${total} steps of ${spec.training.optimizer.kind} (lr ${fmt(spec.training.lr)}), ${spec.dtype}\n`);
  for (const note of trainer.model.data.notes ?? []) io.out(`data: ${note}\n`);
  if (trainer.validationEvery !== null) io.out(`validation: every ${trainer.validationEvery} steps on ${trainer.validate()!.examples} held-out examples (training draws from the other ${trainer.model.data.examples})\n`);
  const progress = new Progress(io, total);
  const recent: number[] = [];
  const start = performance.now();
  try {
    for (let s = 0; s < total; s++) {
      trainer.beginStep().finish();
      const last = trainer.last!;
      recent.push(last.loss);
      if (recent.length > 100) recent.shift();
      progress.update(last.step, last.loss, last.lr);
      const line = trainer.generatesAfter(last.step) ? trainer.generated(last.step) : null;
      if (line) progress.note(`step ${last.step}: ${line}`);
      if (validatesAt(last.step, trainer.validationEvery, total)) progress.note(validationLine(trainer, last.step));
    }
    const elapsed = performance.now() - start;
    progress.done();
    printMetrics(trainer, io, recent, elapsed, total);
    return EXIT.ok;
  } catch (e) {
    progress.done();
    io.err(`${describeLocated(located(e, null, null), file)}\n`);
    return EXIT.problems;
  }
}

/** `validation step 40: loss 0.3121, accuracy 91.7% (22/24), 24 held-out examples`. */
function validationLine(trainer: ModelTrainer, step: number): string {
  const v = trainer.validate()!;
  const acc = v.accuracy ? `, accuracy ${((100 * v.accuracy.correct) / v.accuracy.total).toFixed(1)}% (${v.accuracy.correct}/${v.accuracy.total})` : '';
  return `validation step ${step}: loss ${fmt(v.loss)}${acc}, ${v.examples} held-out examples`;
}

function printMetrics(trainer: ModelTrainer, io: Io, recent: readonly number[], elapsed: number, total: number): void {
  const evaluation = trainer.evaluate();
  const mean = recent.reduce((a, b) => a + b, 0) / recent.length;
  const rows: [string, string][] = evaluation
    ? [['loss', `${fmt(evaluation.loss)} (all ${evaluation.examples} examples; last step ${fmt(trainer.last!.loss)})`]]
    : [['loss', `${fmt(mean)} (mean of the last ${recent.length} steps)`]];
  const acc = evaluation?.accuracy;
  if (acc) rows.push(['accuracy', `${((100 * acc.correct) / acc.total).toFixed(1)}% (${acc.correct}/${acc.total})`]);
  rows.push(['time/step', `${fmt(elapsed / total)} ms (${total} steps in ${(elapsed / 1000).toFixed(2)} s)`]);
  for (const [k, v] of rows) io.out(`${k.padEnd(10)}${v}\n`);
}
