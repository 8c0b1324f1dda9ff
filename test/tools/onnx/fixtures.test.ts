import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { FIXTURE_NAMES, FIXTURES } from '../../engine/onnx/support';

/** The committed ONNX fixtures are what tools/onnx/fixtures.py writes (run when Debian's python3-torch is there). */

const PYTHON = '/usr/bin/python3';
const SCRIPT = path.join(__dirname, '../../../tools/onnx/fixtures.py');

describe('tools/onnx/fixtures.py', function () {
  this.timeout(300_000);

  it('names itself in every fixture it wrote', () => {
    for (const name of FIXTURE_NAMES) assert.equal(JSON.parse(readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8')).script, 'tools/onnx/fixtures.py');
  });

  if (spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0) {
    it('run now with torch, writes the committed files again, byte for byte', () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'backstep-onnx-'));
      const run = spawnSync(PYTHON, [SCRIPT, dir], { encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);
      for (const name of FIXTURE_NAMES) {
        for (const ext of ['onnx', 'json']) {
          assert.ok(readFileSync(path.join(dir, `${name}.${ext}`)).equals(readFileSync(path.join(FIXTURES, `${name}.${ext}`))), `${name}.${ext}`);
        }
      }
    });
  }
});
