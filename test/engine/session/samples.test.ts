import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkModel } from '../../../engine/model/check';
import type { StopInfo } from '../../../engine/protocol/session';
import type { GraphView, HistoryView, InspectorView } from '../../../engine/protocol/views';
import { Session } from '../../../engine/session/session';
import { ok, stop, tensorsOf, where } from './session_support';

/** The session on the real trainer (engine/train) and the sample model files. */
const sample = (name: string): string => readFileSync(join(__dirname, '../../../samples', `${name}.nn.yaml`), 'utf8');
const open = (name: string, text = sample(name)): Session => Session.create(text, `${name}.nn.yaml`);

/** Steps over at layer level until the next training step; returns every stop. */
function oneStep(session: Session): StopInfo[] {
  const stops: StopInfo[] = [];
  for (let s = stop(session.stepOver()); s.location.trainingStep === 1; s = stop(session.stepOver())) stops.push(s);
  return stops;
}

describe('session on the samples', function () {
  this.timeout(60000);

  for (const name of ['mlp-xor', 'lstm-memory', 'attention-reverse', 'word2vec-skipgram']) {
    it(`${name}: stops on entry and steps through one training step, each stop at its layer’s lines`, () => {
      const session = open(name);
      assert.deepEqual(session.diagnostics, []);
      const entry = stop(session.start());
      assert.equal(entry.reason, 'entry');
      const stops = [entry, ...oneStep(session)];
      const phases = [...new Set(stops.map((s) => s.location.phase))];
      assert.deepEqual(phases, ['forward', 'loss', 'backward', 'update']);
      const layers = new Map(session.model!.spec.layers.map((l) => [l.name, l.range]));
      for (const s of stops) {
        if (s.location.phase === 'forward') assert.deepEqual(s.location.range, layers.get(s.location.layer!), where(s));
      }
      const inspector = ok<InspectorView>(session.inspector());
      assert.equal(inspector.model.name, session.model!.spec.name);
      const graph = ok<GraphView>(session.graph());
      const ids = new Set(graph.nodes.map((n) => n.id));
      for (const e of graph.edges) assert.ok(ids.has(e.from) && ids.has(e.to), `${e.from} → ${e.to}`);
    });
  }

  it('mlp-xor: back then forward gives identical tensors; the decision boundary is a probability grid', () => {
    const session = open('mlp-xor');
    session.start();
    session.goto(3);
    for (let i = 0; i < 7; i++) session.stepOver();
    const here = stop(session.stepIn());
    const before = tensorsOf(session);
    for (let i = 0; i < 25; i++) session.stepBack();
    for (let i = 0; i < 7; i++) session.stepOver();
    session.goto(3);
    for (let i = 0; i < 7; i++) session.stepOver();
    assert.equal(where(stop(session.stepIn())), where(here));
    assert.deepEqual(tensorsOf(session), before);
    const b = ok<InspectorView>(session.inspector()).boundary!;
    assert.equal(b.values.length, b.nx * b.ny);
    assert.ok(b.values.every((v) => v > 0 && v < 1));
    assert.equal(b.points.length, 4);
  });

  it('lstm-memory: time steps, per-time-step gradient norms and gate heatmaps', () => {
    const session = open('lstm-memory');
    session.start();
    session.stepIn();
    const ts: (number | null)[] = [];
    for (let s = stop(session.stepOver()); s.location.layer === 'memory'; s = stop(session.stepOver())) ts.push(s.location.timeStep);
    assert.deepEqual(
      ts.filter((t) => t !== null),
      Array.from({ length: 12 }, (_, t) => t),
    );
    session.goto(3);
    const h = ok<HistoryView>(session.history()).steps;
    assert.equal(h.length, 2);
    assert.equal(h[0].timeStepGradNorms.memory.length, 12);
    const gates = ok<InspectorView>(session.inspector()).gates;
    assert.deepEqual(
      gates[0].gates.map((g) => [g.name, g.steps, g.units]),
      ['f', 'i', 'c', 'o'].map((g) => [`gate_${g}`, 12, 8]),
    );
  });

  it('attention-reverse: attention weights per query sum to one; labels are the example’s tokens', () => {
    const session = open('attention-reverse');
    session.start();
    assert.equal(ok<InspectorView>(session.inspector()).attention[0].heads[0].computed, false, 'not computed at the first op');
    const state = session.internals!;
    state.moveTo({ step: 1, event: state.timeline.outline!.firstOf('loss') }, 'op');
    const [view] = ok<InspectorView>(session.inspector()).attention;
    assert.equal(view.layer, 'attend');
    assert.equal(view.queryLabels.length, 5);
    assert.equal(view.queryLabels[0], '<bos>', 'the decoder reads <bos> + target');
    assert.deepEqual(view.queryLabels.slice(1), [...view.keyLabels].reverse().slice(0, 4), 'the target is the source reversed');
    for (let q = 0; q < 5; q++) {
      const row = view.heads[0].values.slice(q * 5, q * 5 + 5);
      assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-9);
    }
  });

  it('word2vec-skipgram: a 2-D projection of every word', () => {
    const session = open('word2vec-skipgram');
    session.start();
    const e = ok<InspectorView>(session.inspector()).embeddings!;
    assert.equal(e.points.length, e.words.length);
    assert.ok(e.explained[0] >= e.explained[1] && e.explained[0] > 0);
  });

  it('a NaN mid-run (weights that overflow) stops at the op that produced it', () => {
    const text = ['name: overflow', 'data:', '  task: xor', 'model:', '  - linear: { name: out, out: 1 }', 'loss: mse', 'training:', '  optimizer: sgd', '  lr: 1e30', '  steps: 50', ''].join('\n');
    const session = open('overflow', text);
    session.start();
    const s = stop(session.continue());
    assert.equal(s.reason, 'exception');
    assert.equal(s.exception?.filter, 'nan_inf');
    assert.match(s.description, /produced by/);
    assert.ok(s.location.trainingStep > 1 && s.location.trainingStep < 50);
  });

  it('check and the session report the same located errors', () => {
    const text = sample('lstm-memory').replace('lstm: { name: memory, hidden: 8', 'lstm: { name: memory, hiden: 8');
    const session = open('lstm-memory', text);
    assert.ok(session.diagnostics.length > 0);
    assert.deepEqual(session.diagnostics, checkModel(text).diagnostics);
  });
});
