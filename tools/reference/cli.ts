/**
 * `npm run reference -- <dir>`: runs every case of every reference file in <dir> through the engine,
 * prints one line per failing case, then `N passed, M failed`; exits 1 when any case fails.
 */
import { existsSync, statSync } from 'node:fs';
import { loadReferenceDir } from './load';
import { runCase } from './run';

function main(argv: string[]): number {
  const dir = argv[0];
  if (!dir || !existsSync(dir) || !statSync(dir).isDirectory()) {
    console.error(`usage: npm run reference -- <folder of reference *.json files>${dir ? ` (not a folder: ${dir})` : ''}`);
    return 2;
  }
  const { files, broken } = loadReferenceDir(dir);
  let passed = 0;
  let failed = 0;
  for (const b of broken) {
    console.log(`FAIL ${b.file}: not a reference file: ${b.error}`);
    failed++;
  }
  for (const f of files) {
    for (const c of f.cases) {
      const r = runCase(f.file, f.op, f.kind, c);
      if (r.mismatches.length === 0) {
        passed++;
        continue;
      }
      failed++;
      for (const m of r.mismatches) console.log(`FAIL ${r.file} › ${r.caseName} › ${m.key}: ${m.message}`);
    }
  }
  if (passed + failed === 0) console.log(`no reference cases found in ${dir}`);
  console.log(`${passed} passed, ${failed} failed`);
  return failed > 0 || passed === 0 ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
