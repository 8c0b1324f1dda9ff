/** `npm run fuzz -- --minutes N [--seed S] [--only model,dap]`, read strictly. */
export interface FuzzArgs {
  readonly minutes: number;
  readonly seed: number;
  /** Property names, in the order given; every known property when `--only` is absent. */
  readonly only: readonly string[] | null;
}

export const FUZZ_USAGE = 'usage: npm run fuzz -- --minutes N [--seed S] [--only NAME[,NAME…]]';

export function parseFuzzArgs(argv: readonly string[], known: readonly string[], randomSeed: () => number): FuzzArgs | { error: string } {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const [key, inline] = argv[i].split('=', 2);
    if (!['--minutes', '--seed', '--only'].includes(key)) return { error: `unknown option ${argv[i]}` };
    const value = inline ?? argv[++i];
    if (value === undefined) return { error: `${key} needs a value` };
    values.set(key, value);
  }
  const minutes = Number(values.get('--minutes'));
  if (!values.has('--minutes') || !(minutes > 0)) return { error: '--minutes must be a positive number' };
  const seed = values.has('--seed') ? Number(values.get('--seed')) : randomSeed();
  if (!Number.isSafeInteger(seed)) return { error: '--seed must be an integer' };
  const only = values.has('--only') ? values.get('--only')!.split(',').filter((s) => s !== '') : null;
  const unknown = only?.find((n) => !known.includes(n));
  if (unknown !== undefined) return { error: `unknown property "${unknown}"; the properties are ${known.join(', ')}` };
  return { minutes, seed, only };
}
