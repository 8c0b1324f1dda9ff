import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { InspectorView } from '../../../engine/protocol/views';
import { Session } from '../../../engine/session/session';
import { ReplayTrainer } from '../../../engine/trace/replay';
import { recordingSource } from '../../../engine/trace/replayOpen';
import { nodeChunkFiles } from '../../../extension/dap/chunkFiles';
import { mlpRecording } from './support/recording';
import { ok } from '../session/session_support';

/** Made by python/backstep_torch (SGD, lr 0.1, momentum 0.9); torch's own values beside it. */
const FILE = path.join(__dirname, '../../fixtures/trace/mlp.bstrace');
const EXPECTED = JSON.parse(readFileSync(path.join(__dirname, '../../fixtures/trace/mlp.expected.json'), 'utf8')) as {
  steps: { step: number; loss: number; params: Record<string, { grad: number[] }> }[];
};


function fixture(): Session {
  const session = Session.create('', FILE, { source: recordingSource(FILE, readFileSync(FILE, 'utf8'), nodeChunkFiles(FILE)) });
  ok(session.start());
  return session;
}

function inspector(session: Session): InspectorView {
  return ok<InspectorView>(session.inspector());
}

const norm = (xs: readonly number[]): number => Math.sqrt(xs.reduce((a, x) => a + x * x, 0));

describe('the Training section of a recording', () => {
  it('shows the recorded optimizer: PyTorch’s class, its rule and its settings as recorded', () => {
    const session = fixture();
    const { optimizer } = inspector(session).training;
    assert.equal(optimizer.kind, 'SGD');
    assert.deepEqual(
      optimizer.hyperparams.map((h) => [h.name, h.value]),
      [['lr', 0.1], ['momentum', 0.9], ['dampening', 0], ['weight_decay', 0]],
    );
    assert.ok(optimizer.hyperparams.every((h) => h.meaning !== 'as recorded'));
    assert.match(optimizer.formula, /b_t &= \\mu\\, b_\{t-1\}/);
  });

  it('shows each updated parameter’s momentum buffer: unknown before the first recorded update, carried from step 1 into step 2', () => {
    const session = fixture();
    ok(session.goto(1, { phase: 'update' }));
    ok(session.stepIn());
    const first = inspector(session).training.optimizer.state!;
    assert.deepEqual(
      first.map((p) => p.param),
      ['fc1.weight', 'fc1.bias'],
    );
    assert.deepEqual(
      first.map((p) => p.buffers.map((b) => [b.name, b.symbol, b.before])),
      [[['fc1.weight.momentum_buffer', 'b', null]], [['fc1.bias.momentum_buffer', 'b', null]]],
    );
    assert.ok(first.every((p) => p.buffers[0].after! > 0));
    ok(session.goto(2, { phase: 'update' }));
    const second = inspector(session).training.optimizer.state!;
    assert.equal(second.length, 1);
    assert.equal(second[0].buffers[0].before, first[0].buffers[0].after);
  });

  it('plots the loss, the learning rate and the gradient norms per module of every step so far, with torch’s numbers', () => {
    const session = fixture();
    ok(session.goto(2, { phase: 'update' }));
    const view = inspector(session);
    assert.deepEqual(
      view.training.losses.map((p) => p.step),
      [1, 2],
    );
    view.training.losses.forEach((p, k) => assert.ok(Math.abs(p.loss - EXPECTED.steps[k].loss) < 1e-6));
    assert.deepEqual(view.training.lrs, [
      { step: 1, lr: 0.1 },
      { step: 2, lr: 0.1 },
    ]);
    const history = view.gradientHistory!;
    assert.deepEqual(history.steps, [1, 2]);
    for (const { layer, norms } of history.layers) {
      EXPECTED.steps.forEach((s, k) => {
        const expected = norm([...s.params[`${layer}.weight`].grad, ...s.params[`${layer}.bias`].grad]);
        assert.ok(Math.abs(norms[k]! - expected) < 1e-5, `${layer} at step ${s.step}: ${norms[k]} ≠ ${expected}`);
      });
    }
  });

  it('numbers the steps of its charts as the recording does (100, 101, 102), as the call stack shows them', () => {
    const { reader } = mlpRecording({ steps: [100, 101, 102], lr: 0.05 });
    const session = Session.create('', reader.file, { source: () => new ReplayTrainer(reader) });
    ok(session.start());
    ok(session.goto(2, { phase: 'update' }));
    const view = inspector(session);
    assert.equal(view.training.trainingStep, 101);
    assert.equal(view.training.stepText, 'step 101 (2 of 3 recorded)');
    assert.deepEqual(
      view.training.losses.map((p) => p.step),
      [100, 101],
    );
    assert.deepEqual(view.training.lrs, [100, 101, 102].map((step) => ({ step, lr: 0.05 })));
    assert.deepEqual(view.gradientHistory?.steps, [100, 101]);
    assert.equal(view.stack.at(-1)?.name, 'step 101');
  });
});
