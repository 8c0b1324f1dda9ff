import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { checkModel } from '../../../engine/model/check';
import { formatDiagnostics } from '../../../engine/model/diagnostics';
import { sampleFiles } from '../train/support';

const SAMPLES = join(__dirname, '..', '..', '..', 'samples');
const files = readdirSync(SAMPLES).filter((f) => f.endsWith('.nn.yaml'));

describe('samples/*.nn.yaml', () => {
  it('there are samples', () => assert.ok(files.length >= 4));

  for (const f of files) {
    describe(f, () => {
      const text = readFileSync(join(SAMPLES, f), 'utf8');
      const files = sampleFiles(f.replace(/\.nn\.yaml$/, ''));

      it('checks without a single diagnostic', () => {
        const { diagnostics, model } = checkModel(text, { files });
        assert.equal(formatDiagnostics(diagnostics, f), '');
        assert.ok(model && model.layers.length === model.spec.layers.length);
      });

      it('opens with a comment that says what to watch and which keys to press', () => {
        const lines = text.split('\n');
        const header = lines.slice(0, lines.findIndex((l) => !l.startsWith('#'))).join('\n');
        assert.match(header, /What to watch/);
        for (const key of ['F5', 'F10', 'F11', 'Step Back']) assert.ok(header.includes(key), `mentions ${key}`);
      });

      it('has a description for the UI and its name matches the file', () => {
        const { spec } = checkModel(text);
        assert.ok(spec!.description.length > 20);
        assert.equal(`${spec!.name}.nn.yaml`, f);
      });
    });
  }
});
