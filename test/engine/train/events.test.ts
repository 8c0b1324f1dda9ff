import assert from 'node:assert/strict';
import type { StepEvent } from '../../../engine/train';
import { sampleText, trainerFor } from './support';

const nodeEvents = (events: readonly StepEvent[], phase: string) => events.flatMap((e) => ('node' in e && e.phase === phase ? [e] : []));

describe('a training step as planned events', () => {
  const trainer = trainerFor(sampleText('lstm-memory'));
  const memory = trainer.layers.find((l) => l.name === 'memory')!;
  const run = trainer.beginStep();
  const { events } = run;

  after(() => {
    if (!run.events.every((_, i) => i < run.executed)) run.finish();
  });

  it('lists every tape node once as a forward or loss event, in tape order, forward first', () => {
    const ops = events.filter((e) => e.phase === 'forward' || e.phase === 'loss');
    assert.deepEqual(
      ops.map((e) => ('node' in e ? e.node.index : -1)),
      run.tape.nodes.map((n) => n.index),
    );
    const firstLoss = ops.findIndex((e) => e.phase === 'loss');
    assert.ok(firstLoss > 0 && ops.slice(firstLoss).every((e) => e.phase === 'loss'));
  });

  it('names the LSTM\'s nodes by time step and gate, each carrying the memory layer and its lines', () => {
    const forward = nodeEvents(events, 'forward');
    const gates = forward.filter((e) => /^memory\/t\d+\/gate_f$/.test(e.node.name));
    assert.deepEqual(
      gates.map((e) => e.node.name),
      Array.from({ length: 12 }, (_, t) => `memory/t${t}/gate_f`),
    );
    for (const e of forward.filter((e) => e.node.name.startsWith('memory/'))) {
      assert.equal(e.layer, 'memory');
      assert.deepEqual(e.range, memory.range);
    }
    assert.deepEqual(
      forward.filter((e) => e.layer === 'readout').map((e) => e.node.name),
      ['readout/xW', 'readout/y'],
    );
  });

  it('puts the loss ops in the scope `loss`, with the loss section\'s range and no layer', () => {
    const loss = nodeEvents(events, 'loss');
    assert.deepEqual(
      loss.map((e) => [e.node.name, e.node.op, e.layer]),
      [['loss/bce', 'bce', null]],
    );
    assert.deepEqual(loss[0].range, trainer.model.spec.loss!.range);
    assert.equal(run.loss, loss[0].node.outputs[0]);
  });

  it('plans the backward pass from the loss back to the first op, in reverse tape order', () => {
    const backward = nodeEvents(events, 'backward');
    assert.equal(backward[0].node.name, 'loss/bce');
    const indices = backward.map((e) => e.node.index);
    assert.ok(indices.every((k, i) => i === 0 || k < indices[i - 1]), 'strictly decreasing');
    assert.ok(backward.some((e) => e.node.name === 'memory/t0/gate_f'));
    const gateF = backward.filter((e) => /\/gate_f$/.test(e.node.name)).map((e) => e.node.name);
    assert.deepEqual(gateF, Array.from({ length: 12 }, (_, t) => `memory/t${11 - t}/gate_f`));
    for (const e of backward) assert.equal(e.layer, e.node.name.startsWith('loss/') ? null : e.node.name.split('/')[0]);
  });

  it('ends with one clip event and then one update per parameter, in optimizer order', () => {
    const updates = events.filter((e) => e.phase === 'update');
    assert.equal(events.slice(-updates.length).length, updates.length);
    assert.deepEqual(updates[0], { phase: 'update', kind: 'clip', layer: null, range: trainer.model.spec.training.clip!.range });
    const params = updates.slice(1);
    assert.deepEqual(
      params.map((e) => (e.kind === 'param' ? [e.param, e.index, e.layer] : [])),
      trainer.params.map((p, i) => [p.name, i, p.name.split('.')[0]]),
    );
  });

  it('counts forward and loss events as executed from the start; each backward event computes only its node', () => {
    const firstBackward = events.findIndex((e) => e.phase === 'backward');
    assert.equal(run.executed, firstBackward);
    const [a, b] = nodeEvents(events, 'backward');
    assert.equal(a.node.inputGrads, null);
    const result = run.advance();
    assert.deepEqual(result, { kind: 'node', node: a.node });
    assert.notEqual(a.node.inputGrads, null);
    assert.equal(b.node.inputGrads, null, 'the next node waits for its own event');
    assert.equal(run.executed, firstBackward + 1);
  });

  it('clips, then updates each parameter in its own event; the step then counts as completed', () => {
    while (events[run.executed].phase === 'backward') run.advance();
    const clip = run.advance();
    assert.equal(clip.kind, 'clip');
    if (clip.kind === 'clip') {
      assert.equal(clip.mode, 'norm');
      assert.equal(clip.maxNorm, 1);
      assert.ok(clip.totalNorm > 0 && clip.factor > 0 && clip.factor <= 1);
    }
    const W = trainer.params[0];
    const before = Array.from(W.data);
    const update = run.advance();
    assert.equal(update.kind === 'param' && update.update.param, W.name);
    assert.notDeepEqual(Array.from(W.data), before);
    assert.equal(trainer.completedSteps, 0);
    run.finish();
    assert.equal(trainer.completedSteps, 1);
    assert.equal(trainer.optimizer.t, 1);
    assert.throws(() => run.advance(), /training step 1 is complete/);
  });

  it('takes the learning rate of the step from the schedule', () => {
    const next = trainer.beginStep();
    assert.equal(next.step, 2);
    assert.equal(next.lr, trainer.schedule.lrAt(1));
    assert.throws(() => trainer.beginStep(), /training step 2 is not finished/);
    next.finish();
  });

  it('marks the ops inside an embedding model\'s objective as its loss, the lookups as forward', () => {
    const w2v = trainerFor(sampleText('word2vec-skipgram'));
    const r = w2v.beginStep();
    const ops = r.events.filter((e) => e.phase === 'forward' || e.phase === 'loss');
    assert.deepEqual(
      nodeEvents(ops, 'forward').map((e) => e.node.name),
      ['w2v/u_o', 'w2v/U_neg', 'w2v/v_c'],
    );
    assert.ok(nodeEvents(ops, 'loss').every((e) => e.node.name.startsWith('w2v/sgns_loss/') && e.layer === 'w2v'));
    assert.deepEqual(
      r.events.filter((e) => e.phase === 'update').map((e) => (e.kind === 'param' ? e.param : 'clip')),
      ['w2v.V', 'w2v.U'],
    );
    r.finish();
  });
});
