import { main } from '../../../tools/cli/main';
import type { Io } from '../../../tools/cli/io';

/** Runs the CLI in-process with captured output. */
export function cli(argv: readonly string[], isTTY = false): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => (out += t), err: (t) => (err += t), isTTY, columns: 100 };
  const code = main(argv, io);
  return { code, out, err };
}
