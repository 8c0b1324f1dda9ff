import { writeFileSync } from 'node:fs';
import { describeLocated, located, type ModelTrainer } from '../../engine/train';
import { writeSafetensors } from '../../engine/weights/safetensorsWrite';
import { runToGradients, trainParams } from '../../engine/weights/stepGradients';
import { optimizerTensors, weightTensors, type WeightsOut } from '../../engine/weights/weightsOut';
import { EXIT, type Io } from './io';
import { loadForCli } from './load';

/**
 * `backstep export <file> [--step N] --out w.safetensors [--optimizer]`: every parameter after N
 * training steps (default 0: the initial weights), PyTorch names where a PyTorch module exists.
 * `backstep grad <file> [--step N] --out g.safetensors`: ∂loss/∂parameter for the batch of step N
 * (default 1), before clipping, under the same names.
 */
export function exportCommand(file: string, io: Io, out: string, step = 0, optimizer = false): number {
  return withTrainer(file, io, out, (trainer) => {
    trainParams(trainer, step);
    const weights = weightTensors(trainer.layers, 'values');
    return optimizer ? join(weights, optimizerTensors(trainer.optimizer)) : weights;
  }, `after ${step} step${step === 1 ? '' : 's'}`, step);
}

export function gradCommand(file: string, io: Io, out: string, step = 1): number {
  return withTrainer(file, io, out, (trainer) => {
    const run = runToGradients(trainer, step);
    const grads = weightTensors(trainer.layers, 'grads');
    return { tensors: grads.tensors, metadata: { ...grads.metadata, loss: String(run.loss) } };
  }, `the gradients of step ${step}`, step);
}

function withTrainer(file: string, io: Io, out: string, make: (t: ModelTrainer) => WeightsOut, what: string, step: number): number {
  return writeFromTrainer(file, io, out, (trainer) => {
    const result = make(trainer);
    const bytes = writeSafetensors(result.tensors, { format: 'pt', 'backstep.model': trainer.model.spec.name, 'backstep.step': String(step), ...result.metadata });
    return { bytes, summary: `${result.tensors.length} tensors, ${what}` };
  });
}

/**
 * Loads the model file, lets `produce` make a file's bytes from its trainer, and writes them to
 * `out`: a model's problem is located in the model file (exit "problems"), a write failure names `out`.
 */
export function writeFromTrainer(file: string, io: Io, out: string, produce: (t: ModelTrainer) => { bytes: Uint8Array; summary: string }): number {
  const trainer = loadForCli(file, io, { recordValues: false });
  if (typeof trainer === 'number') return trainer;
  let made: { bytes: Uint8Array; summary: string };
  try {
    made = produce(trainer);
  } catch (e) {
    io.err(`${describeLocated(located(e, null, null), file)}\n`);
    return EXIT.problems;
  }
  try {
    writeFileSync(out, made.bytes);
  } catch (e) {
    io.err(`cannot write ${out}: ${(e as Error).message}\n`);
    return EXIT.usage;
  }
  io.out(`wrote ${out}: ${made.summary}, ${(made.bytes.length / 1024).toFixed(1)} KiB\n`);
  return EXIT.ok;
}

function join(a: WeightsOut, b: WeightsOut): WeightsOut {
  return { tensors: [...a.tensors, ...b.tensors], metadata: { ...a.metadata, ...b.metadata } };
}
