/**
 * `npx tsx bench/dataFiles.bench.ts`: time and peak memory of reading a data file through the seam
 * (bytes from disk → checkModel with `files`), each case in a fresh process (peak RSS is per process).
 * The 50 MB CSV is generated into the system's temp folder and deleted afterwards — never committed.
 * Options: `-- --mb <size of the CSV>` (default 50).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { checkModel } from '../engine/model/check';
import { DEFAULT_BUDGET } from '../engine/model/budget';

const FEATURES = 8;
const CLASSES = ['setosa', 'versicolor', 'virginica'];

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** A table of FEATURES columns of numbers and a class label, about `mb` megabytes, from a fixed LCG. */
function writeCsv(file: string, mb: number): number {
  let seed = 12345;
  const next = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) * 10 - 5;
  const header = [...Array.from({ length: FEATURES }, (_, i) => `f${i}`), 'label'].join(',');
  const chunks: string[] = [header];
  let bytes = header.length + 1;
  let rows = 0;
  while (bytes < mb * 1e6) {
    const row = `${Array.from({ length: FEATURES }, () => next().toFixed(4)).join(',')},${CLASSES[rows % 3]}`;
    chunks.push(row);
    bytes += row.length + 1;
    rows++;
  }
  writeFileSync(file, `${chunks.join('\n')}\n`);
  return rows;
}

const model = (budget: string) => `# ${budget}\ndata: { csv: big.csv, target: label, standardize: true }\nmodel:\n  - linear: { out: 3 }\nloss: cross_entropy\ntraining: { steps: 1, batch_size: 32 }\n`;

/** In the child: read the file's bytes, check the model with them, print what it cost. */
function measureOne(file: string, budget: 'default' | 'large'): void {
  const t0 = performance.now();
  const bytes = new Uint8Array(readFileSync(file));
  const t1 = performance.now();
  const big = { ...DEFAULT_BUDGET, dataElements: 100_000_000, tensorElements: 100_000_000 };
  const result = checkModel(model(budget), { files: new Map([['big.csv', { ok: true, bytes }]]), ...(budget === 'large' ? { budget: big } : {}) });
  const t2 = performance.now();
  const d = result.diagnostics[0];
  const first = d ? `${d.code} ${d.message}` : `ok: ${result.model!.data.notes![0]}`;
  process.stdout.write(JSON.stringify({ readMs: t1 - t0, checkMs: t2 - t1, rssMb: process.resourceUsage().maxRSS / 1024, first }));
}

function main(): void {
  const mb = Number(option('mb') ?? 50);
  const dir = mkdtempSync(path.join(tmpdir(), 'backstep-data-bench-'));
  try {
    const file = path.join(dir, 'big.csv');
    const rows = writeCsv(file, mb);
    console.log(`${file}: ${(statSync(file).size / 1e6).toFixed(1)} MB, ${rows.toLocaleString('en-US')} rows × ${FEATURES + 1} columns`);
    for (const budget of ['default', 'large'] as const) {
      const raw = execFileSync(process.execPath, ['--import', 'tsx', __filename, '--child', file, '--budget', budget], { encoding: 'utf8', maxBuffer: 1 << 24, timeout: 600_000 });
      const m = JSON.parse(raw) as { readMs: number; checkMs: number; rssMb: number; first: string };
      console.log(`${budget.padEnd(8)} budget: read ${m.readMs.toFixed(0)} ms, check ${m.checkMs.toFixed(0)} ms, peak RSS ${m.rssMb.toFixed(0)} MB — ${m.first.slice(0, 140)}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const child = option('child');
if (child) measureOne(child, option('budget') as 'default' | 'large');
else main();
