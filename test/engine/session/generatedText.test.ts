import { strict as assert } from 'node:assert';
import type { DataFiles } from '../../../engine/model/files';
import type { SessionEvent } from '../../../engine/protocol';
import { Session } from '../../../engine/session/session';

/** A language model with `training: generate:` writes its line of text to the Debug Console as the steps first complete. */
const MODEL = [
  'data: { text: c.txt, tokens: char, length: 4 }',
  'model:',
  '  - embedding: { dim: 4 }',
  '  - lstm: { hidden: 4 }',
  '  - linear: { out: 4 }',
  'loss: cross_entropy',
  'training: { steps: 5, batch_size: 2, generate: { every: 2, length: 6, prompt: ab } }',
  '',
].join('\n');
const files: DataFiles = new Map([['c.txt', { ok: true, bytes: new TextEncoder().encode('abcdabcdabcdabcdabcd') }]]);

describe('session: a language model\'s line of text', () => {
  it('goes to the Debug Console after every `every` steps and after the last', () => {
    const session = Session.create(MODEL, 'm.nn.yaml', { files });
    assert.deepEqual(session.diagnostics, []);
    const seen: string[] = [];
    session.onEvent((e: SessionEvent) => {
      if (e.event === 'output') seen.push(e.text);
    });
    session.start();
    session.handle({ command: 'continue' });
    const lines = seen.join('').split('\n').filter((l) => /^step \d+: /.test(l));
    assert.deepEqual(lines.map((l) => l.split(':')[0]), ['step 2', 'step 4', 'step 5']);
    for (const l of lines) assert.match(l, /^step \d+: ab[abcd]{6}$/);
  });

  it('is in the Inspector\'s training view for the steps before the cursor\'s (none at the start)', () => {
    const session = Session.create(MODEL, 'm.nn.yaml', { files });
    session.start();
    session.handle({ command: 'continue' });
    const view = session.inspector();
    assert.ok(view.ok);
    const generated = view.body.training.generated ?? [];
    assert.deepEqual(generated.map((g) => g.step).slice(0, 2), [2, 4]);
    for (const g of generated) assert.match(g.text, /^ab[abcd]{6}$/);
    const early = Session.create(MODEL, 'm.nn.yaml', { files });
    early.start();
    const first = early.inspector();
    assert.ok(first.ok);
    assert.equal(first.body.training.generated, undefined);
  });
});
