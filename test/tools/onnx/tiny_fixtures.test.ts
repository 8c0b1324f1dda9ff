import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/** The committed fixtures of the generator's tests are what tools/onnx/tiny_fixtures.py writes (run when Debian's python3-torch is there). */

const PYTHON = '/usr/bin/python3';
const SCRIPT = path.join(__dirname, '../../../tools/onnx/tiny_fixtures.py');
const COMMITTED = path.join(__dirname, '../../fixtures/onnx/tools');

describe('tools/onnx/tiny_fixtures.py', function () {
  this.timeout(300_000);

  it('is named in the generator tests that read its files', () => {
    assert.match(readFileSync(path.join(__dirname, '../../engine/onnx/generate.test.ts'), 'utf8'), /tools\/onnx\/tiny_fixtures\.py/);
  });

  if (spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0) {
    it('run now with torch, writes the committed files again, byte for byte, and no others', () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'backstep-onnx-tiny-'));
      const run = spawnSync(PYTHON, [SCRIPT, dir], { encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);
      const written = readdirSync(dir).sort();
      assert.deepEqual(written, readdirSync(COMMITTED).sort());
      for (const name of written) assert.ok(readFileSync(path.join(dir, name)).equals(readFileSync(path.join(COMMITTED, name))), name);
    });
  }
});
