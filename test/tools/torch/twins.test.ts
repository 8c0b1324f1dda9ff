import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { readSafetensors, type SafetensorsTensor } from '../../../engine/weights/safetensorsRead';
import { writeSafetensors, type TensorToWrite } from '../../../engine/weights/safetensorsWrite';
import { ROOT, TWIN_MODELS, twinCase } from '../../../tools/torch/case';

const REFERENCE = path.join(ROOT, 'test/reference/torch');
const PYTHON = '/usr/bin/python3';
/** As tools/torch/twins.py: |a − b| ≤ RTOL·max(|a|, |b|) + ATOL (ATOL for gradients that are exactly 0). */
const RTOL = 1e-9;
const ATOL = 1e-15;

function close(name: string, ours: ArrayLike<number>, theirs: ArrayLike<number>): void {
  assert.equal(ours.length, theirs.length, `${name}: ${ours.length} values, PyTorch ${theirs.length}`);
  for (let i = 0; i < ours.length; i++) {
    const bound = RTOL * Math.max(Math.abs(ours[i]), Math.abs(theirs[i])) + ATOL;
    assert.ok(Math.abs(ours[i] - theirs[i]) <= bound, `${name}[${i}]: Backstep ${ours[i]}, PyTorch ${theirs[i]}`);
  }
}

/** Backstep's prediction, loss and gradients against PyTorch's (`output`, `loss`, `grad/<name>`). */
function matches(twin: string, backstep: readonly TensorToWrite[], torch: Map<string, SafetensorsTensor>): void {
  const ours = new Map(backstep.map((t) => [t.name.replace(/^backstep\//, ''), t]));
  const grads = [...torch.keys()].filter((k) => k.startsWith('grad/'));
  assert.deepEqual(grads.sort(), [...ours.keys()].filter((k) => k.startsWith('grad/')).sort(), `${twin}: the same parameters`);
  for (const key of ['output', 'loss', ...grads]) close(`${twin} ${key}`, ours.get(key)!.data, torch.get(key)!.data);
}

const text = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');
const reference = (name: string) => readSafetensors(readFileSync(path.join(REFERENCE, name)), name);

describe('PyTorch twins (expected values from tools/torch/twins.py, kept in test/reference/torch)', () => {
  for (const { twin, file } of TWIN_MODELS) {
    it(`${twin} (${file}): PyTorch computes Backstep's prediction, loss and gradients from Backstep's exported weights`, () => {
      matches(twin, twinCase(text(file)), reference(`${twin}.expected.safetensors`));
    });

    it(`${twin}: Backstep started from PyTorch's state_dict (init: { from }) computes PyTorch's prediction, loss and gradients`, () => {
      const init = readFileSync(path.join(REFERENCE, `${twin}.torch-init.safetensors`));
      matches(twin, twinCase(text(file), init), reference(`${twin}.torch-expected.safetensors`));
    });
  }

  const torch = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
  if (torch.status === 0) {
    it('tools/torch/twins.py, run now with Debian\'s python3-torch, finds every twin equal', () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'backstep-twins-'));
      for (const m of TWIN_MODELS) writeFileSync(path.join(dir, `${m.twin}.case.safetensors`), writeSafetensors(twinCase(text(m.file))));
      const run = spawnSync(PYTHON, [path.join(ROOT, 'tools/torch/twins.py'), dir, path.join(dir, 'reference')], { encoding: 'utf8' });
      assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
      assert.match(run.stdout, /every twin matches/);
      for (const m of TWIN_MODELS) matches(m.twin, twinCase(text(m.file)), readSafetensors(readFileSync(path.join(dir, 'reference', `${m.twin}.expected.safetensors`)), m.twin));
    });
  }
});
