import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InspectorView, MistakesView } from '../../../../engine/protocol/views';
import { Session } from '../../../../engine/session/session';
import { MISTAKES_SHOWN } from '../../../../engine/session/views/mistakes';
import { sampleFiles, sampleText } from '../../train/support';
import { ok, stop } from '../session_support';

/** The digits sample's table, row by row: 64 pixels and the digit. */
const ROWS = readFileSync(join(__dirname, '../../../../samples/data/digits.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',').map(Number));

function open(name: string): Session {
  const session = Session.create(sampleText(name), `${name}.nn.yaml`, { files: sampleFiles(name) });
  assert.deepEqual(session.diagnostics, []);
  stop(session.start());
  return session;
}

const mistakes = (session: Session): MistakesView | null => ok<InspectorView>(session.inspector()).mistakes;

function stepToLoss(session: Session): void {
  while (stop(session.stepOver()).location.phase !== 'loss');
}

describe('Inspector: the misclassified images of the batch', () => {
  it('digits-mlp: nothing before the loss of the step is reached (never the future), the wrong ones once it is', () => {
    const session = open('digits-mlp');
    const before = mistakes(session)!;
    assert.deepEqual([before.computed, before.examples.length, before.height, before.width, before.batch], [false, 0, 8, 8, 64]);
    stepToLoss(session);
    const at = mistakes(session)!;
    assert.equal(at.computed, true);
    assert.ok(at.wrong > 0 && at.wrong <= at.batch, `${at.wrong} wrong`);
    assert.equal(at.examples.length, Math.min(at.wrong, MISTAKES_SHOWN));
    assert.deepEqual(at.range, [0, 16]);
    for (const e of at.examples) {
      assert.notEqual(e.predicted.id, e.trueClass.id);
      assert.equal(e.trueClass.label, String(e.trueClass.id));
      assert.ok(e.probability >= 0.1 && e.probability <= 1, `p ${e.probability}`);
      // The pixels and the true digit are a row of the table.
      assert.ok(ROWS.some((r) => r[64] === e.trueClass.id && e.pixels.every((v, i) => v === r[i])), `row ${e.row}`);
    }
    session.stepBack();
    assert.equal(mistakes(session)!.computed, false);
  });

  it('fewer mistakes after 100 steps of training than at the first', () => {
    const session = open('digits-mlp');
    stepToLoss(session);
    const first = mistakes(session)!.wrong;
    session.goto(100);
    stepToLoss(session);
    assert.ok(mistakes(session)!.wrong < first, `${mistakes(session)!.wrong} wrong at step 100, ${first} at step 1`);
  });

  it('a breakpoint on `loss:` and Continue stop where the mistakes of each step are shown (as the sample says)', () => {
    const session = open('digits-mlp');
    const line = sampleText('digits-mlp').split('\n').findIndex((l) => l.startsWith('loss:')) + 1;
    session.setBreakpoints([{ line }]);
    for (const step of [1, 2]) {
      assert.deepEqual([stop(session.continue()).location.trainingStep, mistakes(session)!.computed], [step, true]);
    }
  });

  it('null where the inputs are not images', () => {
    for (const name of ['iris-mlp', 'mlp-xor']) {
      const session = open(name);
      stepToLoss(session);
      assert.equal(mistakes(session), null, name);
    }
  });
});
