import { formatDiagnostic } from '../../engine/model/diagnostics';
import { describeLocated, loadTrainer, type ModelTrainer, type TrainerOptions } from '../../engine/train';
import { EXIT, readModelFile, readNamedFile, type Io } from './io';

/** The model file as a trainer, or the exit code after printing why not (diagnostics, a build error). */
export function loadForCli(file: string, io: Io, options: TrainerOptions): ModelTrainer | number {
  const read = readModelFile(file);
  if ('error' in read) {
    io.err(`${read.error}\n`);
    return EXIT.usage;
  }
  const loaded = loadTrainer(read.text, { ...options, files: { get: (path) => readNamedFile(file, path) } });
  if (loaded.kind === 'ok') return loaded.trainer;
  if (loaded.kind === 'invalid') for (const d of loaded.diagnostics) io.err(`${formatDiagnostic(d, file)}\n`);
  else io.err(`${describeLocated(loaded.error, file)}\n`);
  return EXIT.problems;
}
