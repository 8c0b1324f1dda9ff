/** `backstep <command> <file> [--steps N] [--out path]`: the command line, read strictly. */
export interface Args {
  readonly command: string;
  readonly file: string;
  readonly steps?: number;
  readonly out?: string;
  /** `--step N` (export, grad). */
  readonly step?: number;
  /** `--optimizer` (export): the optimizer's state too. */
  readonly optimizer?: boolean;
  /** `--onnx` (export): the model as an ONNX file instead of its weights. */
  readonly onnx?: boolean;
}

export const USAGE = [
  'usage: backstep <command> <model file> [options]',
  '',
  'commands:',
  '  check <file>                         print every problem as file:line:col: code message',
  '  run <file> [--steps N]               train headless; print the final loss, accuracy, time per step',
  '  trace <file> --steps N [--out path]  the op-level trace of N training steps as JSON',
  '  export <file> [--step N] --out f.safetensors [--optimizer]',
  '                                       every parameter after N steps (default 0: the initial',
  '                                       weights), PyTorch names where a PyTorch module exists',
  '  export --onnx <file> [--step N] --out model.onnx',
  '                                       the model after N steps as ONNX (opset 14) with its',
  '                                       trained weights, for onnxruntime, Netron, PyTorch',
  '  grad <file> [--step N] --out f.safetensors',
  '                                       ∂loss/∂parameter for the batch of step N (default 1)',
  '',
].join('\n');

const COMMANDS = ['check', 'run', 'trace', 'export', 'grad'];
const OPTIONS: Record<string, readonly string[]> = { check: [], run: ['--steps'], trace: ['--steps', '--out'], export: ['--step', '--out', '--optimizer', '--onnx'], grad: ['--step', '--out'] };
/** Options that take no value. */
const FLAGS = ['--optimizer', '--onnx'];

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
    if (FLAGS.includes(key)) {
      if (inline !== undefined) return { error: `${key} takes no value` };
      options[key] = 'true';
      continue;
    }
    const value = inline ?? rest[++i];
    if (value === undefined) return { error: `${key} needs a value` };
    options[key] = value;
  }
  if (positional.length !== 1) return { error: positional.length ? `expected one model file, got ${positional.join(' ')}` : `\`${command}\` needs a model file` };
  const steps = options['--steps'];
  if (steps !== undefined && !/^[1-9]\d*$/.test(steps)) return { error: `--steps must be a whole number ≥ 1, got "${steps}"` };
  const step = options['--step'];
  if (step !== undefined && !/^(0|[1-9]\d*)$/.test(step)) return { error: `--step must be a whole number ≥ 0, got "${step}"` };
  if ((command === 'export' || command === 'grad') && !options['--out']) return { error: `\`${command}\` needs --out <file.${options['--onnx'] ? 'onnx' : 'safetensors'}>` };
  if (options['--onnx'] && options['--optimizer']) return { error: '--onnx writes the model, not the optimizer: leave out --optimizer' };
  return {
    command,
    file: positional[0],
    ...(steps ? { steps: Number(steps) } : {}),
    ...(options['--out'] ? { out: options['--out'] } : {}),
    ...(step !== undefined ? { step: Number(step) } : {}),
    ...(options['--optimizer'] ? { optimizer: true } : {}),
    ...(options['--onnx'] ? { onnx: true } : {}),
  };
}
