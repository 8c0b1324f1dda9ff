import { writeFileSync } from 'node:fs';
import { describeLocated, located, traceSteps } from '../../engine/train';
import { EXIT, type Io } from './io';
import { loadForCli } from './load';

/**
 * `backstep trace <file> --steps N [--out trace.json]`: every event of the first N training steps
 * (name, scope, op, phase, layer, line; inputs, outputs and gradients as shape and statistics; loss
 * and lr per step) as JSON, to the file or to stdout.
 */
export function traceCommand(file: string, io: Io, steps: number, out?: string): number {
  const trainer = loadForCli(file, io, { recordValues: true });
  if (typeof trainer === 'number') return trainer;
  let json: string;
  try {
    json = JSON.stringify(traceSteps(trainer, steps));
  } catch (e) {
    io.err(`${describeLocated(located(e, null, null), file)}\n`);
    return EXIT.problems;
  }
  if (!out) {
    io.out(`${json}\n`);
    return EXIT.ok;
  }
  try {
    writeFileSync(out, `${json}\n`);
  } catch (e) {
    io.err(`cannot write ${out}: ${(e as Error).message}\n`);
    return EXIT.usage;
  }
  const events = (json.match(/"index":/g) ?? []).length;
  io.out(`wrote ${out}: ${steps} step${steps === 1 ? '' : 's'}, ${events} events, ${(json.length / 1024).toFixed(1)} KiB\n`);
  return EXIT.ok;
}
