import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkModel } from '../../../engine/model/check';
import { dataFileRefs, type DataFiles } from '../../../engine/model/files';
import { createTrainer, type ModelTrainer } from '../../../engine/train';

const SAMPLES = join(__dirname, '..', '..', '..', 'samples');
const SAMPLE = readFileSync(join(SAMPLES, 'char-lstm.nn.yaml'), 'utf8');

function trainer(text: string): ModelTrainer {
  const files: DataFiles = new Map(dataFileRefs(text).map((r) => [r.path, { ok: true, bytes: readFileSync(join(SAMPLES, r.path)) }]));
  const { model, diagnostics } = checkModel(text, { files });
  assert.deepEqual(diagnostics, []);
  return createTrainer(model!, { recordValues: false });
}

function train(t: ModelTrainer, steps: number): void {
  for (let i = 0; i < steps; i++) t.beginStep().finish();
}

describe('train/generate: a language model writes a line of text', () => {
  it('writes the prompt, then `length` characters of the vocabulary, and the line changes as training goes', () => {
    const t = trainer(SAMPLE.replace('length: 60', 'length: 20'));
    const vocab = new Set(t.vocabulary('embed'));
    const before = t.generated(0)!;
    train(t, 30);
    const after = t.generated(30)!;
    for (const line of [before, after]) {
      assert.ok(line.startsWith('we the people'), line);
      const written = Array.from(line.slice('we the people'.length)).map((c) => (c === '⏎' ? '\n' : c));
      assert.equal(written.length, 20);
      assert.ok(written.every((c) => vocab.has(c)), line);
    }
    assert.notEqual(after, before);
  });

  it('is due every `every` steps and after the last', () => {
    const t = trainer(SAMPLE);
    const due = Array.from({ length: 400 }, (_, i) => i + 1).filter((s) => t.generatesAfter(s));
    assert.deepEqual(due, [50, 100, 150, 200, 250, 300, 350, 400]);
  });

  it('draws with a temperature from a generator seeded by the seed and the step: the same step writes the same line', () => {
    const t = trainer(SAMPLE.replace('prompt: "We the People"', 'prompt: "We the People", temperature: 1'));
    const lines = [1, 1, 2].map((step) => t.generated(step));
    assert.equal(lines[0], lines[1]);
    assert.notEqual(lines[0], lines[2]);
  });
});
