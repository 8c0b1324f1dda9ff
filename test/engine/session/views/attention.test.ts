import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { neighbours } from '../../../../engine/data/neighbours';
import { tokenVocab } from '../../../../engine/data/sequences';
import type { InspectorView } from '../../../../engine/protocol/views';
import { Rng } from '../../../../engine/random';
import { Session } from '../../../../engine/session/session';
import { ok } from '../session_support';

/**
 * The attention heatmaps of the samples are labelled with the tokens of the batch's example 0, as the
 * data names its symbols. The expected tokens are worked out from the loss's target (example 0's
 * first T target ids) through what each task asks: copy (target = source), reverse (target =
 * reversed source, decoder input = <bos> then target), neighbours (target at t names the pair
 * (source[t−1], source[t+1]), so source[t] is the left of the pair at t + 1).
 */
const text = (name: string): string => readFileSync(join(__dirname, '../../../../samples', `${name}.nn.yaml`), 'utf8');

function taskOf(source: string): { task: string; length: number; symbols: number } {
  const m = /task: \{ (\w+): \{ examples: \d+, length: (\d+), symbols: (\d+) \} \}/.exec(source);
  assert.ok(m, 'the sample has a token task');
  return { task: m[1], length: Number(m[2]), symbols: Number(m[3]) };
}

function atEntry(name: string): { session: Session; view: InspectorView; target: number[] } {
  const session = Session.create(text(name), `${name}.nn.yaml`);
  ok(session.start());
  const view = ok<InspectorView>(session.inspector());
  const { length } = taskOf(text(name));
  const loss = session.internals!.timeline.outline!.events.find((e) => e.phase === 'loss' && e.op === 'cross_entropy')!;
  return { session, view, target: Array.from(loss.node!.inputs[1].data.subarray(0, length)) };
}

describe('session views: attention labels are the tokens of example 0', function () {
  this.timeout(120_000);

  for (const name of ['self-attention', 'transformer', 'multi-head-attention']) {
    it(`${name}: queries and keys are the source tokens, on every head`, () => {
      const { task, length, symbols } = taskOf(text(name));
      const { view, target } = atEntry(name);
      let tokens: string[];
      if (task === 'neighbours') {
        const field = neighbours({ examples: 1, length, symbols }, new Rng(1)).fields.target;
        assert.ok(field.kind === 'index' && field.vocab, 'the neighbours task names its pairs');
        const pairs = field.vocab;
        tokens = target.map((_, t) => pairs[target[(t + 1) % length]].split('_')[0]);
      } else {
        const vocab = tokenVocab(symbols);
        const ids = task === 'reverse' ? [...target].reverse() : target;
        tokens = ids.map((id) => vocab[id]);
      }
      assert.equal(view.attention.length, 1);
      const a = view.attention[0];
      assert.deepEqual(a.queryLabels, tokens);
      assert.deepEqual(a.keyLabels, tokens);
      assert.match(a.labelsAre, /tokens of data field ‘source’, example 0/);
      if (name !== 'self-attention') assert.equal(a.heads.length, 2, 'one heatmap per head');
      for (const h of a.heads) assert.equal(h.values.length, length * length);
    });
  }

  for (const name of ['attention-reverse', 'seq2seq-attention']) {
    it(`${name}: queries are the decoder's input tokens (<bos>, then the target), keys the source tokens`, () => {
      const { symbols } = taskOf(text(name));
      const { view, target } = atEntry(name);
      const vocab = tokenVocab(symbols);
      const a = view.attention[0];
      assert.deepEqual(
        a.keyLabels,
        [...target].reverse().map((id) => vocab[id]),
      );
      assert.deepEqual(
        a.queryLabels,
        ['<bos>', ...target.slice(0, -1).map((id) => vocab[id])],
      );
      assert.match(a.labelsAre, /queries\) are the tokens of data field ‘target_in’ and columns \(keys\) the tokens of data field ‘source’/);
    });
  }
});

describe('session views: attention weights of an imported ONNX model', function () {
  this.timeout(120_000);

  it('each attention Softmax of the graph is a heatmap per head of example 0, computed once reached, labelled by the tokens the model looks up', async () => {
    const { sampleFiles } = await import('../../train/support');
    const session = Session.create(text('onnx-transformer'), 'onnx-transformer.nn.yaml', { files: sampleFiles('onnx-transformer') });
    ok(session.start());
    const atEntry = ok<InspectorView>(session.inspector());
    assert.ok(atEntry.attention.every((a) => a.heads.every((h) => !h.computed && h.values.every((v) => v === 0))), 'nothing computed at the first op');
    while (session.internals!.location().phase === 'forward') session.stepOver();
    const view = ok<InspectorView>(session.inspector());
    assert.deepEqual(view.attention.map((a) => a.layer), ['reverser/encoder/layers.0/self_attn', 'reverser/encoder/layers.1/self_attn']);
    const events = session.internals!.timeline.outline!.events;
    // The model's own embedding (embed/Gather) looks up the batch's `source` ids: example 0's six tokens.
    const ids = events.find((e) => e.node?.name === 'reverser/embed/Gather')!.node!.inputs[1];
    assert.equal(ids.name, 'data.source');
    const vocab = tokenVocab(taskOf(text('onnx-transformer')).symbols);
    const tokens = Array.from(ids.data.subarray(0, 6), (id) => vocab[id]);
    for (const a of view.attention) {
      assert.equal(a.node, `${a.layer}/Softmax`);
      assert.equal(a.heads.length, 4, 'd = 32 with 4 heads');
      assert.deepEqual(a.queryLabels, tokens);
      assert.deepEqual(a.keyLabels, tokens);
      assert.match(a.labelsAre, /are the tokens of data field ‘source’, example 0 of the batch/);
      const y = events.find((e) => e.node?.name === a.node)!.node!.outputs[0];
      assert.deepEqual(y.shape, [32, 6, 6], '(B·heads, Tq, Tk)');
      a.heads.forEach((h, k) => {
        assert.ok(h.computed, 'the forward pass has run');
        assert.deepEqual(h.values, Array.from(y.data.subarray(k * 36, (k + 1) * 36)));
        for (let r = 0; r < 6; r++) assert.ok(Math.abs(h.values.slice(r * 6, r * 6 + 6).reduce((s, v) => s + v, 0) - 1) < 1e-12, 'rows sum to 1');
      });
    }
  });
});
