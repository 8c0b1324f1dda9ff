import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { FuzzProperty } from '../../../tools/fuzz/property';
import { fuzzProperty } from '../../../tools/fuzz/runner';
import { emptyTally, type Tally } from '../../../tools/fuzz/tally';
import * as bad from './support/bad-properties';

/** The fuzz runner counts each outcome, survives whatever the property does to its worker, and keeps what failed. */
const MODULE = path.join(__dirname, 'support/bad-properties.ts');

describe('the fuzz runner', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'fuzz-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Memory bound: far above a worker's own size (tsx and the property's imports), except where a blow-up is the point. */
  async function fuzz(name: keyof typeof bad, maxInputs: number, memoryBoundMb = 2_000): Promise<Tally> {
    const entry = { property: bad[name] as FuzzProperty<unknown>, module: MODULE, export: name };
    return fuzzProperty(entry, { seed: 1, until: Date.now() + 50_000, keepDir: dir, memoryBoundMb, maxInputs });
  }
  const kept = (name: string) => readdirSync(path.join(dir, name)).sort();

  it('counts good inputs and keeps nothing', async () => {
    // Bounds far above what a good input needs: on a machine busy with the rest of the suite, a tight
    // bound would count a slow or transiently large worker as a hang or a blow-up, not what this test is about.
    const t = await fuzz('PASSES_UNHURRIED', 20);
    assert.equal(t.tried, 20);
    assert.equal(t.ok + t.located, 20, JSON.stringify(t));
    assert.ok(t.ok > 0 && t.located > 0);
    assert.deepEqual(readdirSync(dir), []);
  });

  it('counts a throw or a dead worker as a crash, keeps the input and its verdict, and goes on with a new worker', async () => {
    assert.deepEqual(await fuzz('THROWS', 2), { ...emptyTally(), tried: 2, crash: 2 });
    assert.deepEqual(await fuzz('EXITS', 2), { ...emptyTally(), tried: 2, crash: 2 });
    assert.deepEqual(kept('exits'), ['1-1-crash.json', '1-1-crash.txt', '1-2-crash.json', '1-2-crash.txt']);
    const record = JSON.parse(readFileSync(path.join(dir, 'exits', '1-1-crash.json'), 'utf8')) as { input: number; verdict: { detail: string } };
    assert.equal(readFileSync(path.join(dir, 'exits', '1-1-crash.txt'), 'utf8'), `${record.input}\n`);
    assert.match(record.verdict.detail, /the worker exited \(code 3/);
  });

  it('counts an input that outruns its time bound as a hang', async () => {
    const t0 = Date.now();
    assert.deepEqual(await fuzz('HANGS', 2), { ...emptyTally(), tried: 2, hang: 2 });
    assert.ok(Date.now() - t0 < 10_000, 'each hang is cut at its bound');
  });

  it('counts an input whose peak RSS goes over the bound as a memory blow-up', async () => {
    assert.deepEqual(await fuzz('BLOWS_UP', 2, 300), { ...emptyTally(), tried: 2, memory: 2 });
  });
});
