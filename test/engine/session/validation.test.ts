import { strict as assert } from 'node:assert';
import type { HistoryView, InspectorView } from '../../../engine/protocol/views';
import type { DataFiles } from '../../../engine/model/files';
import { Session } from '../../../engine/session/session';
import { ok } from './session_support';

/** A table classifier; the same training file with and without a validation file beside it. */
const model = (validation: string | null) =>
  ['data:', '  csv: train.csv', '  target: kind', ...(validation ? [`  validation: ${validation}`] : []), 'model:', '  - linear: { name: hidden, out: 4 }', '  - tanh', '  - linear: { name: out, out: 2 }', 'loss: cross_entropy', 'training: { optimizer: adam, lr: 0.1, batch_size: 3, steps: 20 }', ''].join('\n');
const rows = (n: number, shift: number) => Array.from({ length: n }, (_, i) => `${((i * 7 + shift) % 10) / 5},${((i * 3 + shift) % 10) / 5},${i % 2 ? 'big' : 'small'}`);
const utf8 = (lines: string[]) => new TextEncoder().encode(['a,b,kind', ...lines, ''].join('\n'));
const files: DataFiles = new Map([
  ['train.csv', { ok: true, bytes: utf8(rows(12, 0)) }],
  ['val.csv', { ok: true, bytes: utf8(rows(5, 3)) }],
]);

const open = (text: string) => {
  const session = Session.create(text, 'm.nn.yaml', { files });
  assert.deepEqual(session.diagnostics, []);
  ok(session.start());
  return session;
};
const training = (s: Session) => ok<InspectorView>(s.inspector()).training;

describe('session: validation at an interval', () => {
  it('leaves the training numbers bit-identical to a session without validation', () => {
    const [plain, validated] = [open(model(null)), open(model('{ file: val.csv, every: 2 }'))];
    for (const s of [plain, validated]) ok(s.goto(15));
    const losses = (s: Session) => ok<HistoryView>(s.history()).run.losses;
    assert.equal(losses(plain).length, 14);
    assert.deepEqual(losses(validated), losses(plain));
    assert.equal(training(plain).validation, null);
  });

  it('stores the validation loss and accuracy of every `every`th completed step, and shows those before the cursor', () => {
    const s = open(model('{ file: val.csv, every: 4 }'));
    ok(s.goto(13));
    const v = training(s).validation!;
    assert.equal(v.every, 4);
    assert.deepEqual(v.points.map((p) => p.step), [4, 8, 12]);
    for (const p of v.points) {
      assert.ok(Number.isFinite(p.loss) && p.loss > 0);
      assert.ok(p.accuracy !== null && p.accuracy >= 0 && p.accuracy <= 1 && Number.isInteger(p.accuracy * 5), 'a share of the 5 validation rows');
    }
    ok(s.goto(6));
    assert.deepEqual(training(s).validation!.points.map((p) => p.step), [4], 'back in time: only what was computed before the cursor');
    ok(s.goto(13));
    assert.deepEqual(training(s).validation!.points, v.points, 'the same numbers after going back and forth');
  });
});
