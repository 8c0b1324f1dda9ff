import { strict as assert } from 'node:assert';
import type { StopInfo } from '../../../engine/protocol/session';
import type { VariableView } from '../../../engine/protocol/values';
import type { InspectorView } from '../../../engine/protocol/views';
import { Session } from '../../../engine/session/session';
import { ReplayTrainer } from '../../../engine/trace/replay';
import { mlpRecording, RecordingBuilder, recordingIndex } from './support/recording';
import { ok } from '../session/session_support';


/** Row-wise softmax of `rows` rows of `k` scores. */
function softmax(scores: readonly number[], k: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < scores.length; r += k) {
    const row = scores.slice(r, r + k);
    const e = row.map((x) => Math.exp(x - Math.max(...row)));
    const z = e.reduce((a, b) => a + b, 0);
    out.push(...e.map((x) => x / z));
  }
  return out;
}

/**
 * One recorded step of an `nn.MultiheadAttention` (2 heads × batch 1, 3 queries × 3 keys) as its
 * CPU forward runs it: scores by aten::bmm, weights by aten::_softmax, the output by aten::bmm.
 */
function attentionRecording(statsOnlyWeights = false) {
  const b = new RecordingBuilder();
  const scores = [0.1, 0.5, -0.2, 1.2, 0.3, 0.0, -0.4, 0.9, 0.2, 0.7, -0.1, 0.3, 0.0, 0.0, 0.0, 2.0, -1.0, 0.5];
  const weights = softmax(scores, 3);
  const v = Array.from({ length: 2 * 3 * 2 }, (_, i) => (i % 5) / 5);
  const loss = b.tensor('s7/loss', [], [0.25]);
  const index = recordingIndex({ path: 'attn', type: 'MultiheadAttention' }, {
    params: [],
    optimizer: null,
    steps: [
      {
        step: 7,
        lr: 0.01,
        loss,
        events: [
          { phase: 'forward', op: 'aten::bmm', module: 'attn', inputs: [], outputs: [b.tensor('s7/f0/out0', [2, 3, 3], scores)] },
          { phase: 'forward', op: 'aten::_softmax', module: 'attn', inputs: [b.tensor('s7/f0/out0', [2, 3, 3], scores)], outputs: [b.tensor('s7/f1/out0', [2, 3, 3], weights, statsOnlyWeights)] },
          { phase: 'forward', op: 'aten::bmm', module: 'attn', inputs: [b.tensor('s7/v', [2, 3, 2], v)], outputs: [b.tensor('s7/f2/out0', [2, 3, 2], v)] },
          { phase: 'loss', op: 'aten::mean', module: '', inputs: [], outputs: [loss] },
        ],
      },
    ],
  });
  return { index, weights, reader: b.reader(index) };
}

describe('views of a recording', () => {
  it('draws the softmax of an nn.MultiheadAttention as its attention weights (the first matrix: example 0, head 0)', () => {
    const { reader, weights } = attentionRecording();
    const session = Session.create('', reader.file, { source: () => new ReplayTrainer(reader) });
    session.start();
    ok(session.goto(1, { phase: 'loss' }));
    const view = ok<InspectorView>(session.inspector());
    assert.equal(view.attention.length, 1);
    const [attn] = view.attention;
    assert.equal(attn.layer, 'attn');
    assert.equal(attn.node, 'attn/weights');
    assert.deepEqual(attn.heads[0].values, weights.slice(0, 9));
    assert.ok(attn.heads[0].computed);
  });

  it('leaves out attention weights whose values were not recorded, and still completes the step', () => {
    const { reader } = attentionRecording(true);
    const session = Session.create('', reader.file, { source: () => new ReplayTrainer(reader) });
    session.start();
    assert.equal(ok<{ reason: string }>(session.continue()).reason, 'end');
    assert.deepEqual(ok<InspectorView>(session.inspector()).attention, []);
  });
});

describe('every answer at every stop of a recording', () => {
  for (const statsOnlyFc1 of [false, true]) {
    it(`answers scopes, variables, inspector and graph at every stop${statsOnlyFc1 ? ' with fc1 kept as statistics only' : ''}`, () => {
      const { reader } = mlpRecording({ statsOnlyFc1 });
      const session = Session.create('', reader.file, { source: () => new ReplayTrainer(reader) });
      let stop = ok<StopInfo>(session.start());
      let stops = 0;
      while (stop.reason !== 'end') {
        for (const scope of ok<VariableView[]>(session.scopes())) for (const row of ok<VariableView[]>(session.variables(scope.ref!))) if (row.ref) ok(session.variables(row.ref));
        ok(session.inspector());
        ok(session.graph());
        stops++;
        stop = ok<StopInfo>(session.stepIn());
      }
      assert.equal(stops, 3 * 12);
    });
  }
});

describe('the graph of a recording', () => {
  it('draws a forward op that recorded no output tensor (an LSTM’s aten::detach inside a time step)', () => {
    const { index, reader } = attentionRecording();
    const step = index.steps[0];
    const events = [{ phase: 'forward' as const, op: 'aten::detach', module: 'attn', inputs: [], outputs: [] }, ...step.events];
    const withDetach = { ...reader, index: { ...index, steps: [{ ...step, events }] } };
    const session = Session.create('', reader.file, { source: () => new ReplayTrainer(withDetach) });
    session.start();
    const graph = ok<{ nodes: { id: string; shape: number[] }[] }>(session.graph());
    assert.deepEqual(graph.nodes.find((n) => n.id === 'attn/detach')?.shape, []);
  });
});
