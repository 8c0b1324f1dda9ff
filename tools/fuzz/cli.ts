import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runDapCampaign } from './dap/campaign';

/**
 * `npm run fuzz -- --minutes N [--target dap] [--seed S [--path P]]`: the fuzz properties of the
 * mocha suite, run for N minutes (default 1) with a random seed (or S, and P to replay one case).
 * A failing case is written to test-artifacts/fuzz/<target>-<seed>.json; the exit code is 1 then.
 * Targets: each is a campaign that returns its counts and its smallest failing case.
 */
interface Campaign {
  readonly failure: { readonly seed: number; readonly path: string } | null;
}

const TARGETS: ReadonlyMap<string, (o: { seed: number; path?: string; milliseconds: number }) => Promise<Campaign>> = new Map([['dap', runDapCampaign]]);

function option(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? undefined : process.argv[at + 1];
}

async function main(): Promise<number> {
  const minutes = Number(option('minutes') ?? 1);
  const seed = option('seed') === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(option('seed'));
  const path = option('path');
  const targets = option('target') ? [option('target')!] : [...TARGETS.keys()];
  if (!(minutes > 0) || !Number.isInteger(seed) || targets.some((t) => !TARGETS.has(t))) {
    process.stderr.write(`usage: npm run fuzz -- --minutes N [--target ${[...TARGETS.keys()].join('|')}] [--seed S [--path P]]\n`);
    return 2;
  }
  let failed = false;
  for (const target of targets) {
    const milliseconds = (minutes * 60_000) / targets.length;
    process.stdout.write(`fuzz ${target}: seed ${seed}, ${(milliseconds / 60_000).toFixed(1)} min\n`);
    const result = await TARGETS.get(target)!({ seed, ...(path ? { path } : {}), milliseconds });
    process.stdout.write(`${JSON.stringify({ target, seed, ...result })}\n`);
    if (result.failure) {
      failed = true;
      const dir = join(__dirname, '..', '..', 'test-artifacts', 'fuzz');
      mkdirSync(dir, { recursive: true });
      const file = join(dir, `${target}-${seed}.json`);
      writeFileSync(file, `${JSON.stringify({ target, ...result.failure }, null, 2)}\n`);
      process.stdout.write(`failing case written to ${file}; replay: npm run fuzz -- --target ${target} --seed ${result.failure.seed} --path ${result.failure.path}\n`);
    }
  }
  return failed ? 1 : 0;
}

main().then((code) => process.exit(code));
