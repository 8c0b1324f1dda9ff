import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatDiagnostics } from '../../../engine/model/diagnostics';
import type { CheckOptions } from '../../../engine/model/check';
import { dataFileRefs, type DataFiles } from '../../../engine/model/files';
import { loadTrainer, type ModelTrainer, type TrainerOptions } from '../../../engine/train';
import { readDataFilesSync } from '../../../tools/cli/io';

export const SAMPLES_DIR = join(__dirname, '..', '..', '..', 'samples');

/** Every sample model file, by name (`mlp-xor`). */
export const SAMPLES: readonly string[] = readdirSync(SAMPLES_DIR)
  .filter((f) => f.endsWith('.nn.yaml'))
  .map((f) => f.replace(/\.nn\.yaml$/, ''))
  .sort();

export function sampleText(name: string): string {
  return readFileSync(join(SAMPLES_DIR, `${name}.nn.yaml`), 'utf8');
}

/** The data files a model file names, read from the samples folder (where a sample's are). */
function filesNamedIn(text: string): DataFiles {
  return new Map(dataFileRefs(text).map((r) => [r.path, { ok: true, bytes: readFileSync(join(SAMPLES_DIR, r.path)) }]));
}

/** The data files a sample names (samples/data/…), read as the command line reads them. */
export function sampleFiles(name: string): DataFiles {
  return readDataFilesSync(join(SAMPLES_DIR, `${name}.nn.yaml`), sampleText(name));
}

/** A trainer for a sample, with its data files. */
export function sampleTrainer(name: string, options: TrainerOptions & CheckOptions = {}): ModelTrainer {
  return trainerFor(sampleText(name), { files: sampleFiles(name), ...options });
}

/** A trainer for a model file that must check and build (by default its data files read from the samples folder). */
export function trainerFor(text: string, options: TrainerOptions & CheckOptions = {}): ModelTrainer {
  const loaded = loadTrainer(text, { files: filesNamedIn(text), ...options });
  if (loaded.kind === 'invalid') assert.fail(`the model has problems:\n${formatDiagnostics(loaded.diagnostics)}`);
  if (loaded.kind === 'failed') assert.fail(`the model does not build: ${loaded.error.describe()}`);
  return loaded.trainer;
}

/** Runs whole steps; returns each step's loss. */
export function train(trainer: ModelTrainer, steps: number): number[] {
  const losses: number[] = [];
  for (let i = 0; i < steps; i++) {
    const run = trainer.beginStep();
    run.finish();
    losses.push(run.loss.data[0]);
  }
  return losses;
}

/** Every parameter's values, copied, by name. */
export function paramValues(trainer: ModelTrainer): Record<string, number[]> {
  return Object.fromEntries(trainer.params.map((p) => [p.name, Array.from(p.data)]));
}
