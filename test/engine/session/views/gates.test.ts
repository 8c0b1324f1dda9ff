import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { generateModelFile } from '../../../../engine/onnx/generate';
import { readSignature } from '../../../../engine/onnx/signature';
import type { InspectorView } from '../../../../engine/protocol/views';
import { Session } from '../../../../engine/session/session';
import { ok } from '../session_support';

/** The gates view on recurrent nodes imported through a model file (`- onnx:` over torch exports): each node a layer of its own. */

const FIXTURES = path.join(__dirname, '../../../fixtures/onnx');

function sessionOn(name: string): Session {
  const bytes = readFileSync(path.join(FIXTURES, `${name}.onnx`));
  const file = `${name}.onnx`;
  const text = generateModelFile(readSignature(bytes, file), { onnxFile: file, seed: 0 });
  const session = Session.create(text, `${name}.nn.yaml`, { files: new Map([[file, { ok: true, bytes }]]) });
  assert.deepEqual(session.diagnostics, []);
  assert.equal(session.start().ok, true);
  // Past the forward pass: every time step computed.
  while (session.internals!.location().phase === 'forward') session.stepOver();
  return session;
}

describe('gates view on imported recurrent nodes', () => {
  it('2-layer LSTM: two gate layers (one per ONNX LSTM node), four gates each, the tape\'s gate values', () => {
    const session = sessionOn('lstm2');
    const views = ok<InspectorView>(session.inspector()).gates;
    assert.deepEqual(views.map((v) => [v.layer, v.cell]), [['model/rnn/LSTM', 'lstm'], ['model/rnn/LSTM_1', 'lstm']]);
    const tape = session.internals!.timeline.run!.tape;
    for (const v of views) {
      assert.deepEqual(v.gates.map((g) => g.name), ['gate_f', 'gate_i', 'gate_c', 'gate_o']);
      for (const g of v.gates) {
        assert.deepEqual([g.steps, g.units], [4, 5]);
        assert.ok(g.computed.every(Boolean));
        for (let t = 0; t < g.steps; t++) {
          const node = tape.nodes.find((n) => n.name === `${v.layer}/t${t}/${g.name}`)!;
          assert.deepEqual(g.values.slice(t * g.units, (t + 1) * g.units), Array.from(node.outputs[0].data.subarray(0, g.units)), `${v.layer} ${g.name} t${t}`);
        }
      }
    }
    assert.notDeepEqual(views[0].gates[0].values, views[1].gates[0].values, 'the layers do not overwrite each other');
  });

  it('GRU and RNN nodes name their cell: gru_torch, rnn', () => {
    assert.deepEqual(ok<InspectorView>(sessionOn('gru_batch_first').inspector()).gates.map((v) => v.cell), ['gru_torch']);
    assert.deepEqual(ok<InspectorView>(sessionOn('rnn_tanh').inspector()).gates.map((v) => [v.cell, v.gates.map((g) => g.name)]), [['rnn', ['h']]]);
  });
});
