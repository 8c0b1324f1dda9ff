import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ROOT } from '../../../tools/torch/case';

const PYTHON = '/usr/bin/python3';
const FIXTURES = path.join(ROOT, 'test/fixtures/onnx');

describe('tools/onnx/recurrent_fixtures.py (the expected values of the ONNX recurrent ops tests)', () => {
  const torch = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
  if (torch.status === 0) {
    it("run now with Debian's python3-torch, writes the committed models and values again", function () {
      this.timeout(300_000);
      const dir = mkdtempSync(path.join(tmpdir(), 'backstep-onnx-rnn-'));
      const run = spawnSync(PYTHON, [path.join(ROOT, 'tools/onnx/recurrent_fixtures.py'), dir], { encoding: 'utf8' });
      assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
      const json = readdirSync(dir).filter((f) => f.endsWith('.json'));
      assert.ok(json.length >= 5, 'every fixture has its values');
      for (const f of json) {
        assert.deepEqual(JSON.parse(readFileSync(path.join(dir, f), 'utf8')), JSON.parse(readFileSync(path.join(FIXTURES, f), 'utf8')), f);
        const model = f.replace(/\.json$/, '.onnx');
        assert.ok(readFileSync(path.join(dir, model)).equals(readFileSync(path.join(FIXTURES, model))), `${model}: the same bytes`);
      }
    });
  }
});
