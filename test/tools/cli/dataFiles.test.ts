import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readDataFilesSync } from '../../../tools/cli/io';
import { cli } from './support';

/** `backstep check` and `run` on a model that reads a CSV file beside it (tools/cli/io.ts reads it). */
const sampleDir = join(__dirname, '..', '..', 'samples', 'data');
const MODEL = readFileSync(join(sampleDir, 'flowers.nn.yaml'), 'utf8');
const CSV = readFileSync(join(sampleDir, 'flowers.csv'), 'utf8');

describe('backstep with data files', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'backstep-cli-data-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('check says ok and what was read, relative to the model file', () => {
    const { code, out } = cli(['check', join(sampleDir, 'flowers.nn.yaml')]);
    assert.equal(code, 0);
    assert.match(out, /ok — 3 layers/);
    assert.match(out, / {2}flowers\.csv: 12 rows; x \(12, 2\) = petal_length, petal_width\n/);
  });

  it('run prints the class mapping before it trains', () => {
    const { code, out } = cli(['run', join(sampleDir, 'flowers.nn.yaml'), '--steps', '3']);
    assert.equal(code, 0);
    assert.ok(out.indexOf('data: flowers.csv: y = species → classes 0 setosa, 1 versicolor, 2 virginica') < out.indexOf('step 1/3'), out);
  });

  it('check names the data file, line and column of a bad cell at the model line, and exits 1', () => {
    const model = join(dir, 'flowers.nn.yaml');
    writeFileSync(model, MODEL);
    writeFileSync(join(dir, 'flowers.csv'), CSV.replace('5.6,1.8', '5.6,'));
    const { code, out } = cli(['check', model]);
    assert.equal(code, 1);
    assert.equal(out, `${model}:7:8: E_DATA flowers.csv, line 13, column 2 (\`petal_width\`): a missing value: column \`petal_width\` has 1 empty or NA cell; fill them in, or write \`missing: drop\` to leave those rows out\n`);
  });

  it('reads each file once, relative to the model file, and says when one is missing', () => {
    writeFileSync(join(dir, 'x.npy'), 'not really');
    const files = readDataFilesSync(join(dir, 'm.nn.yaml'), 'data: { npy: { x: x.npy, y: x.npy, z: gone.npy } }\n');
    assert.deepEqual([...files.keys()], ['x.npy', 'gone.npy']);
    assert.deepEqual(files.get('gone.npy'), { ok: false, message: 'no such file' });
    assert.deepEqual(files.get('x.npy'), { ok: true, bytes: new TextEncoder().encode('not really') });
  });
});
