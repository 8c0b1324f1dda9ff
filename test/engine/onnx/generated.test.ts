import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { generateModelFile } from '../../../engine/onnx/generate';
import { readSignature } from '../../../engine/onnx/signature';
import { formatDiagnostics } from '../../../engine/model/diagnostics';
import { loadTrainer } from '../../../engine/train';

/** Every fixture's generated model file ("Debug this model") checks, builds and trains: the importer binds graph inputs by the generator's rule. */

const ROOT = path.join(__dirname, '../../fixtures/onnx');
const FILES = [ROOT, path.join(ROOT, 'tools')].flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith('.onnx')).map((f) => path.join(dir, f)));

describe('generated model files run', () => {
  it('covers the fixtures of both folders', () => assert.ok(FILES.length >= 10, FILES.join(', ')));

  for (const file of FILES) {
    it(`${path.relative(ROOT, file)}: generate, check, build, two training steps`, () => {
      const bytes = readFileSync(file);
      const name = path.basename(file);
      const text = generateModelFile(readSignature(bytes, name), { onnxFile: name, seed: 0 });
      const loaded = loadTrainer(text, { files: new Map([[name, { ok: true, bytes }]]), recordValues: false });
      if (loaded.kind === 'invalid') assert.fail(`${text}\n${formatDiagnostics(loaded.diagnostics)}`);
      if (loaded.kind === 'failed') assert.fail(`${text}\n${loaded.error.describe()}`);
      const { trainer } = loaded;
      for (let k = 0; k < 2; k++) {
        const run = trainer.beginStep();
        run.finish();
        assert.ok(Number.isFinite(run.loss.data[0]), `step ${k + 1} loss ${run.loss.data[0]}`);
      }
      assert.equal(trainer.completedSteps, 2);
    });
  }
});
