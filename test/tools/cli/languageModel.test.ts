import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from './support';

/** `backstep run` on the char-lstm sample: a text file beside it, a line of text as it trains. */
const SAMPLES = join(__dirname, '..', '..', '..', 'samples');

describe('backstep run on a language model', () => {
  let dir: string;
  let model: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'backstep-cli-text-'));
    mkdirSync(join(dir, 'data'));
    copyFileSync(join(SAMPLES, 'data', 'us-constitution.txt'), join(dir, 'data', 'us-constitution.txt'));
    model = join(dir, 'char-lstm.nn.yaml');
    writeFileSync(model, readFileSync(join(SAMPLES, 'char-lstm.nn.yaml'), 'utf8').replace('every: 50, length: 60', 'every: 2, length: 30'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prints what was read, then a line of text every `every` steps, made of the text\'s characters', () => {
    const { code, out } = cli(['run', model, '--steps', '4']);
    assert.equal(code, 0, out);
    assert.match(out, /data: data\/us-constitution\.txt: 45,344 characters; vocabulary: 46 characters of 46 distinct\n/);
    const lines = [...out.matchAll(/^step (\d+): (.*)$/gm)].map((m) => ({ step: Number(m[1]), text: m[2] }));
    assert.deepEqual(lines.map((l) => l.step), [2, 4]);
    const chars = new Set(readFileSync(join(SAMPLES, 'data', 'us-constitution.txt'), 'utf8').toLowerCase());
    for (const { text } of lines) {
      assert.ok(text.startsWith('we the people'), text);
      assert.equal(Array.from(text).length, 'we the people'.length + 30);
      assert.ok(Array.from(text).every((c) => chars.has(c === '⏎' ? '\n' : c)), text);
    }
  });

  it('on a terminal, a line of text clears the progress bar first', () => {
    const { out } = cli(['run', model, '--steps', '2'], true);
    assert.match(out, /\r\x1b\[Kstep 2: we the people/);
  });
});
