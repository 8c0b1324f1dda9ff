import { checkModel } from '../../engine/model/check';
import { formatDiagnostic } from '../../engine/model/diagnostics';
import { EXIT, readDataFilesSync, readModelFile, type Io } from './io';

/** `backstep check <file>`: one `file:line:col: code message` line per problem; exit 1 when any. */
export function checkCommand(file: string, io: Io): number {
  const read = readModelFile(file);
  if ('error' in read) {
    io.err(`${read.error}\n`);
    return EXIT.usage;
  }
  const result = checkModel(read.text, { files: readDataFilesSync(file, read.text) });
  for (const d of result.diagnostics) io.out(`${formatDiagnostic(d, file)}\n`);
  if (result.diagnostics.length > 0 || !result.model) return EXIT.problems;
  const { model } = result;
  io.out(`${file}: ok — ${model.layers.length} layer${model.layers.length === 1 ? '' : 's'}, ${model.parameters} parameters, ${model.spec.training.steps} steps\n`);
  for (const note of model.data.notes ?? []) io.out(`  ${note}\n`);
  return EXIT.ok;
}
