import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Tape } from '../../../../engine/autograd/tape';
import { Seq2Seq, type Seq2SeqAttention } from '../../../../engine/layers/seq2seq';
import type { DecodingView, InspectorView } from '../../../../engine/protocol/views';
import { Rng } from '../../../../engine/random';
import type { EventInfo } from '../../../../engine/session/outline';
import { Session } from '../../../../engine/session/session';
import { Tensor } from '../../../../engine/tensor/tensor';
import { ok, stopAt } from '../session_support';

/**
 * The Seq2Seq decoding view of the seq2seq samples. Its top-k are checked against softmax of the
 * logits on the tape, its teacher-forced tokens against their argmax, and its greedy tokens against
 * the layer's own free-running decoder (Seq2Seq.generate, which feeds each step its previous argmax
 * through the single-step path) rebuilt here with the trainer's parameter values.
 */
const root = path.resolve(__dirname, '../../../..');
const text = (name: string): string => readFileSync(path.join(root, `samples/${name}.nn.yaml`), 'utf8');

function session(name: string, step: number): Session {
  const s = Session.create(text(name), `samples/${name}.nn.yaml`);
  ok(s.start());
  if (step > 1) ok(s.goto(step));
  return s;
}


const forward = (name: string) => (e: EventInfo) => e.phase === 'forward' && e.name === name;
const decoding = (s: Session): DecodingView => {
  const views = ok<InspectorView>(s.inspector()).decoding!;
  assert.equal(views.length, 1);
  return views[0];
};
const tapeNode = (s: Session, name: string) => s.internals!.timeline.run!.tape.nodes.find((n) => n.name === name)!;
const [T, V] = [8, 9];
const VOCAB = ['<bos>', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
const argmax = (z: ArrayLike<number>, from: number): number => {
  let best = 0;
  for (let k = 1; k < V; k++) if (z[from + k] > z[from + best]) best = k;
  return best;
};

/** The layer's own greedy decoding of `source` from <bos>, with the session's current parameter values. */
function generated(s: Session, attention: Seq2SeqAttention, source: readonly number[]): string[] {
  const layer = new Seq2Seq('s2s', { sourceSize: V, targetSize: V, hiddenSize: 16, outputSize: V }, { cell: 'lstm', attention, tokens: true }, new Rng(1));
  const values = new Map(s.internals!.trainer.layers.flatMap((l) => l.params).map((p) => [p.name, p.data]));
  for (const p of layer.params.values()) p.data.set(values.get(p.name)!);
  const tape = new Tape();
  tape.recordGrad = false;
  const out = layer.generate(tape, Tensor.of(source, [T]), Tensor.of([0], [1]), T).outputs;
  return Array.from({ length: T }, (_, t) => VOCAB[argmax(out.data, t * V)]);
}

describe('session views: Seq2Seq decoding at the cursor', function () {
  this.timeout(120_000);

  it('seq2seq-attention at s2s/out/y, step 60: top-k = softmax of the logits, forced = their argmax, greedy = the layer run free', () => {
    const s = session('seq2seq-attention', 60);
    stopAt(s, forward('s2s/out/y'));
    const v = decoding(s);
    assert.equal(v.computed, true);
    assert.equal(v.hasAttention, true);
    const logits = tapeNode(s, 's2s/out/y').outputs[0].data;
    v.steps.forEach((step, t) => {
      const z = Array.from(logits.subarray(t * V, (t + 1) * V));
      const e = z.map((x) => Math.exp(x));
      const p = e.map((x) => x / e.reduce((a, b) => a + b, 0));
      const expected = p.map((q, k) => ({ token: VOCAB[k], probability: q })).sort((a, b) => b.probability - a.probability).slice(0, 3);
      assert.deepEqual(step.topK.map((k) => k.token), expected.map((k) => k.token), `step ${t}`);
      step.topK.forEach((k, i) => assert.ok(Math.abs(k.probability - expected[i].probability) < 1e-12));
      assert.equal(step.forced, VOCAB[argmax(logits, t * V)]);
    });
    const source = v.sourceTokens.map((w) => VOCAB.indexOf(w));
    assert.deepEqual(v.steps.map((st) => st.greedy), generated(s, 'additive', source));
    // Teacher forcing reads <bos> then the target; the targets are the source reversed.
    assert.deepEqual(v.steps.map((st) => st.target), [...v.sourceTokens].reverse());
    assert.deepEqual(v.steps.map((st) => st.input), ['<bos>', ...[...v.sourceTokens].reverse().slice(0, -1)]);
    const weights = tapeNode(s, 's2s/attn/weights').outputs[0].data;
    v.steps.forEach((st, t) => assert.deepEqual(st.alignment, Array.from(weights.subarray(t * T, (t + 1) * T))));
  });

  it('inside decoder step t3, before the outputs: the step is named, nothing is sent yet; stepping back from the outputs hides them again', () => {
    const s = session('seq2seq-attention', 1);
    stopAt(s, forward('s2s/decoder/t3/gate_f'));
    const v = decoding(s);
    assert.equal(v.currentStep, 3);
    assert.equal(v.computed, false);
    assert.ok(v.steps.every((st) => st.topK.length === 0 && st.forced === null && st.greedy === null && st.alignment === null));
    stopAt(s, forward('s2s/out/y'));
    assert.equal(decoding(s).computed, true);
    ok(s.stepBack());
    const back = decoding(s);
    assert.equal(back.computed, false);
    assert.ok(back.steps.every((st) => st.alignment !== null), 'the attention weights came before the outputs');
  });

  it('seq2seq-bottleneck (no attention): greedy = the layer run free, no alignment', () => {
    const s = session('seq2seq-bottleneck', 40);
    stopAt(s, (e) => e.phase === 'update');
    const v = decoding(s);
    assert.equal(v.hasAttention, false);
    assert.ok(v.steps.every((st) => st.alignment === null));
    assert.deepEqual(v.steps.map((st) => st.greedy), generated(s, 'none', v.sourceTokens.map((w) => VOCAB.indexOf(w))));
  });
});
