/** `backstep <command> <file> [--steps N] [--out path]`: the command line, read strictly. */
export interface Args {
  readonly command: string;
  readonly file: string;
  readonly steps?: number;
  readonly out?: string;
}

export const USAGE = [
  'usage: backstep <command> <model file> [options]',
  '',
  'commands:',
  '  check <file>                         print every problem as file:line:col: code message',
  '  run <file> [--steps N]               train headless; print the final loss, accuracy, time per step',
  '  trace <file> --steps N [--out path]  the op-level trace of N training steps as JSON',
  '',
].join('\n');

const COMMANDS = ['check', 'run', 'trace'];
const OPTIONS: Record<string, readonly string[]> = { check: [], run: ['--steps'], trace: ['--steps', '--out'] };

export function parseArgs(argv: readonly string[]): Args | { error: string } {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h') return { error: '' };
  if (!COMMANDS.includes(command)) return { error: `unknown command "${command}"; use ${COMMANDS.join(', ')}` };
  const positional: string[] = [];
  const options: Record<string, string> = {};
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const [key, inline] = a.split('=', 2);
    if (!OPTIONS[command].includes(key)) return { error: `\`${command}\` takes no option ${key}${OPTIONS[command].length ? ` (it takes ${OPTIONS[command].join(', ')})` : ''}` };
    const value = inline ?? rest[++i];
    if (value === undefined) return { error: `${key} needs a value` };
    options[key] = value;
  }
  if (positional.length !== 1) return { error: positional.length ? `expected one model file, got ${positional.join(' ')}` : `\`${command}\` needs a model file` };
  const steps = options['--steps'];
  if (steps !== undefined && !/^[1-9]\d*$/.test(steps)) return { error: `--steps must be a whole number ≥ 1, got "${steps}"` };
  return { command, file: positional[0], ...(steps ? { steps: Number(steps) } : {}), ...(options['--out'] ? { out: options['--out'] } : {}) };
}
