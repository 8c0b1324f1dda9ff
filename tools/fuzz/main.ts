import { randomInt } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { FUZZ_USAGE, parseFuzzArgs } from './args';
import { runDapCampaign } from './dap/campaign';
import { PROPERTIES } from './properties';
import { fuzzProperty } from './runner';
import { BAD, formatTally } from './tally';

/**
 * `npm run fuzz -- --minutes N [--seed S] [--only model,dap]`: the mocha suite's fuzz properties, run
 * for N minutes (shared evenly between the properties) with a random seed, which it prints so a run
 * can be replayed. Failing inputs are kept in test-artifacts/fuzz/; the exit code is 1 if any.
 * `dap` drives real adapter processes with fast-check's own runner (its cases hold byte writers, not
 * JSON a worker could take), so it has its own campaign beside the worker-run properties.
 */
const DAP = 'dap';
const MEMORY_BOUND_MB = 1_024;
const KEEP_DIR = path.join(__dirname, '../../test-artifacts/fuzz');

async function main(): Promise<number> {
  const args = parseFuzzArgs(process.argv.slice(2), [...PROPERTIES.keys(), DAP], () => randomInt(2 ** 31));
  if ('error' in args) {
    console.error(`${args.error}\n${FUZZ_USAGE}`);
    return 2;
  }
  const names = args.only ?? [...PROPERTIES.keys(), DAP];
  const share = (args.minutes * 60_000) / names.length;
  console.log(`fuzz: seed ${args.seed}, ${args.minutes} minutes, ${names.join(', ')}; failing inputs kept in ${path.relative(process.cwd(), KEEP_DIR)}/`);
  let bad = 0;
  for (const [i, name] of names.entries()) {
    if (name === DAP) {
      bad += await dapCampaign(args.seed, share);
      continue;
    }
    const entry = PROPERTIES.get(name)!;
    const tally = await fuzzProperty(entry, { seed: args.seed, until: Date.now() + share, keepDir: KEEP_DIR, memoryBoundMb: MEMORY_BOUND_MB });
    console.log(`\n${name}${i === 0 ? '' : ` (seed ${args.seed})`}:\n${formatTally(tally, { ...entry.property, memoryBoundMb: MEMORY_BOUND_MB })}`);
    bad += BAD.reduce((s, o) => s + tally[o], 0);
  }
  return bad === 0 ? 0 : 1;
}

/** The DAP campaign's counts; its smallest failing case, when there is one, kept as JSON. Returns the failures. */
async function dapCampaign(seed: number, milliseconds: number): Promise<number> {
  const { failure, ...counts } = await runDapCampaign({ seed, milliseconds });
  console.log(`\n${DAP} (seed ${seed}):`);
  for (const [what, n] of Object.entries(counts)) console.log(`  ${what}: ${n.toLocaleString('en-US')}`);
  if (!failure) return 0;
  mkdirSync(KEEP_DIR, { recursive: true });
  const file = path.join(KEEP_DIR, `${DAP}-${seed}.json`);
  writeFileSync(file, `${JSON.stringify(failure, null, 2)}\n`);
  console.log(`  failing case kept in ${file}`);
  return 1;
}

void main().then((code) => process.exit(code));
