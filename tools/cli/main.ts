import { parseArgs, USAGE } from './args';
import { checkCommand } from './check';
import { EXIT, processIo, type Io } from './io';
import { runCommand } from './run';
import { traceCommand } from './trace';
import { exportOnnxCommand } from './exportOnnx';
import { exportCommand, gradCommand } from './weights';

/** `backstep check|run|trace|export|grad <file>`: the headless face of the engine, for scripts and tests. */
export function main(argv: readonly string[], io: Io = processIo): number {
  const args = parseArgs(argv);
  if ('error' in args) {
    io.err(args.error ? `backstep: ${args.error}\n\n${USAGE}` : USAGE);
    return EXIT.usage;
  }
  switch (args.command) {
    case 'check':
      return checkCommand(args.file, io);
    case 'run':
      return runCommand(args.file, io, args.steps);
    case 'export':
      if (args.onnx) return exportOnnxCommand(args.file, io, args.out!, args.step);
      return exportCommand(args.file, io, args.out!, args.step, args.optimizer);
    case 'grad':
      return gradCommand(args.file, io, args.out!, args.step);
    default:
      if (args.steps === undefined) {
        io.err(`backstep: trace needs --steps N\n\n${USAGE}`);
        return EXIT.usage;
      }
      return traceCommand(args.file, io, args.steps, args.out);
  }
}

/** A reader that stops early (`backstep run … | head`) is not an error: end quietly, as Unix tools do. */
export function endQuietlyOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    process.exit(process.exitCode ?? 0);
  });
}

if (require.main === module) {
  endQuietlyOnClosedPipe(process.stdout);
  process.exitCode = main(process.argv.slice(2));
}
