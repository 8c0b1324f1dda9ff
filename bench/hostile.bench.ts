/**
 * `npx tsx bench/hostile.bench.ts`: time and peak memory of `check` on each hostile model file of
 * issue #13, each in a fresh process (peak RSS is per process), with the first diagnostic it gives.
 * Options: `-- --only <name part>`, `-- --engine <path to an engine/ folder>` (to compare a checkout).
 */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { HOSTILE_FILES } from './hostile_files';

interface Measured {
  readonly ms: number;
  readonly rssMb: number;
  readonly diagnostics: number;
  readonly first: string;
}

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** In the child: check one file and print what it cost. */
async function measureOne(name: string, engine: string): Promise<void> {
  const file = HOSTILE_FILES.find((f) => f.name === name)!;
  const text = file.text();
  const { checkModel } = (await import(path.join(engine, 'model/check'))) as typeof import('../engine/model/check');
  const t0 = performance.now();
  let first: string;
  let diagnostics = 0;
  try {
    const result = checkModel(text);
    diagnostics = result.diagnostics.length;
    const d = result.diagnostics[0];
    first = d ? `${d.line}:${d.column} ${d.code} ${d.message}` : 'ok';
  } catch (e) {
    first = `THROWN ${(e as Error).name}: ${(e as Error).message}`;
  }
  const out: Measured = { ms: performance.now() - t0, rssMb: process.resourceUsage().maxRSS / 1024, diagnostics, first };
  process.stdout.write(JSON.stringify(out));
}

function main(): void {
  const engine = path.resolve(option('engine') ?? path.join(__dirname, '../engine'));
  const only = option('only');
  console.log(`engine: ${engine}`);
  console.log(`${'file'.padEnd(26)}${'ms'.padStart(8)}${'peak RSS'.padStart(10)}  diagnostics, first`);
  for (const file of HOSTILE_FILES.filter((f) => !only || f.name.includes(only))) {
    let line: string;
    try {
      const raw = execFileSync(process.execPath, ['--import', 'tsx', __filename, '--child', file.name, '--engine', engine], { encoding: 'utf8', maxBuffer: 1 << 24, timeout: 300_000 });
      const m = JSON.parse(raw) as Measured;
      line = `${m.ms.toFixed(0).padStart(8)}${`${m.rssMb.toFixed(0)} MB`.padStart(10)}  ${m.diagnostics}, ${m.first.slice(0, 110)}`;
    } catch (e) {
      const err = e as { signal?: string; status?: number; stderr?: string };
      const why = err.signal === 'SIGTERM' ? 'timed out after 300 s' : (err.stderr?.split('\n').find((l) => /Error|error/.test(l)) ?? `${err.signal ?? `exit ${err.status}`}`);
      line = `  the process failed: ${why}`.slice(0, 140);
    }
    console.log(`${file.name.padEnd(26)}${line}`);
  }
}

const child = option('child');
if (child) void measureOne(child, option('engine')!);
else main();
