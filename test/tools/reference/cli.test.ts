import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');

function runCli(dir: string): { code: number | null; lines: string[] } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'tools/reference/cli.ts'), dir], { encoding: 'utf8', cwd: root });
  return { code: r.status, lines: r.stdout.trim().split('\n') };
}

describe('reference runner (npm run reference -- <dir>)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'backstep-ref-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const matmul = JSON.parse(readFileSync(join(root, 'test/reference/matmul.json'), 'utf8'));

  it('passes the shipped matmul cases and closes with "N passed, 0 failed"', () => {
    writeFileSync(join(dir, 'matmul.json'), JSON.stringify(matmul));
    const { code, lines } = runCli(dir);
    assert.equal(lines.at(-1), `${matmul.cases.length} passed, 0 failed`);
    assert.equal(code, 0);
  });

  it('prints one line per failing case naming file, case, tensor and the errors, and exits 1', () => {
    const bad = structuredClone(matmul);
    bad.cases[0].grads.b.data[0] += 1e-3;
    writeFileSync(join(dir, 'matmul.json'), JSON.stringify(bad));
    const { code, lines } = runCli(dir);
    assert.equal(code, 1);
    assert.match(lines[0], new RegExp(`^FAIL matmul\\.json › ${bad.cases[0].name} › grads\\.b: max abs error 1\\.00e-3, max rel error`));
    assert.equal(lines.at(-1), `${matmul.cases.length - 1} passed, 1 failed`);
  });

  it('reports an op with no engine implementation and a file that is not a reference file', () => {
    writeFileSync(join(dir, 'mystery.json'), JSON.stringify({ op: 'mystery', kind: 'grad', cases: [{ name: 'c1' }] }));
    writeFileSync(join(dir, 'broken.json'), '{ not json');
    const { code, lines } = runCli(dir);
    assert.equal(code, 1);
    assert.ok(lines.some((l) => l.startsWith('FAIL broken.json: not a reference file')), lines.join('\n'));
    assert.ok(lines.some((l) => l.includes('mystery.json › c1') && l.includes('no implementation registered for op "mystery"')));
    assert.equal(lines.at(-1), '0 passed, 2 failed');
  });

  it('fails on a folder with no cases rather than passing vacuously', () => {
    const { code, lines } = runCli(dir);
    assert.equal(code, 1);
    assert.equal(lines.at(-1), '0 passed, 0 failed');
  });
});
