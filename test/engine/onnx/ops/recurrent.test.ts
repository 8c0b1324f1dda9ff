import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { backward } from '../../../../engine/autograd/backward';
import type { BackstepError } from '../../../../engine/errors';
import { Tape } from '../../../../engine/autograd/tape';
import { onnxHandler, type OnnxAttr } from '../../../../engine/onnx/handlers';
import '../../../../engine/onnx/ops/recurrent';
import type { SessionState } from '../../../../engine/session/state';
import { gatesView } from '../../../../engine/session/views/gates';
import { StepOutline } from '../../../../engine/session/outline';
import type { DType } from '../../../../engine/tensor/dtype';
import { Tensor } from '../../../../engine/tensor/tensor';
import type { StepEvent } from '../../../../engine/train/contract';
import { initializerParams, readFixtureGraph, runFixtureGraph, type FixtureGraph } from '../support/fixtureGraph';
import { close } from '../support/close';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const ort = require('onnxruntime-node') as typeof import('onnxruntime-node');

/** Expected values from tools/onnx/recurrent_fixtures.py (torch 1.13, float64 from the float32 weights). */
interface Fixture {
  kind: string;
  layers: number;
  inputs: Record<string, { shape: number[]; value: number[] }>;
  outputs: Record<string, { shape: number[]; value: number[] }>;
  params: Record<string, { torch: string; shape: number[]; value: number[]; grad: number[] }>;
}

const DIR = join(__dirname, '../../../fixtures/onnx');
const FIXTURES = ['lstm2', 'gru_batch_first', 'rnn_tanh', 'rnn_relu2_batch_first', 'lstm2_bidirectional'];
const fixture = (name: string): Fixture => JSON.parse(readFileSync(join(DIR, `${name}.json`), 'utf8')) as Fixture;
const graphOf = (name: string) => readFixtureGraph(join(DIR, `${name}.onnx`));

/** Runs the fixture graph on a fresh tape; the loss is the sum of every element of every output, as in the script. */
function run(graph: FixtureGraph, f: Fixture, dtype: DType, params = initializerParams(graph, dtype)) {
  const tape = new Tape();
  const values = new Map(params);
  for (const [name, { shape, value }] of Object.entries(f.inputs)) values.set(name, Tensor.of(value, shape, dtype, name));
  const outputs = runFixtureGraph(graph, tape, values);
  const sums = outputs.map((y) => tape.apply('sum', [y], {}, `sum_${y.name}`));
  const loss = sums.reduce((a, b) => tape.apply('add', [a, b], {}, 'loss'));
  return { tape, outputs, loss, params };
}

/** The fixture's parameter (W0, R1 …) whose values are this initializer's (the exporter's names are opaque). */
function torchParam(f: Fixture, values: Float32Array): Fixture['params'][string] {
  const hit = Object.values(f.params).filter((p) => p.value.length === values.length && p.value.every((v, i) => v === values[i]));
  assert.equal(hit.length, 1, 'each initializer is one torch parameter (reordered)');
  return hit[0];
}

describe('ONNX LSTM, GRU and RNN run as Backstep recurrent layers (engine/onnx/ops/recurrent.ts)', () => {
  for (const name of FIXTURES) {
    describe(name, () => {
      const f = fixture(name);
      const graph = graphOf(name);

      it('forward in float32 equals onnxruntime on the exported file', async () => {
        const session = await ort.InferenceSession.create(join(DIR, `${name}.onnx`));
        const feeds = Object.fromEntries(Object.entries(f.inputs).map(([k, { shape, value }]) => [k, new ort.Tensor('float32', Float32Array.from(value), shape)]));
        const theirs = await session.run(feeds);
        const { outputs } = run(graph, f, 'float32');
        graph.outputs.forEach((o, i) => {
          assert.deepEqual(outputs[i].shape, theirs[o].dims, `${o}: shape`);
          close(`${name} ${o}`, outputs[i].data, theirs[o].data as Float32Array, 1e-4, 1e-6);
        });
      });

      it('forward and the gradients of every ONNX initializer in float64 equal PyTorch', () => {
        const { outputs, loss, tape, params } = run(graph, f, 'float64');
        graph.outputs.forEach((o, i) => close(`${name} ${o}`, outputs[i].data, f.outputs[o].value, 1e-9, 1e-12));
        backward(tape, loss);
        assert.equal(params.size, 3 * f.layers, 'W, R and B per layer');
        for (const [init, t] of params) {
          const p = torchParam(f, graph.initializers.get(init)!.values);
          assert.ok(t.grad, `${init} (${p.torch}) has a gradient`);
          close(`${name} ∂L/∂${init} (${p.torch})`, t.grad.data, p.grad, 1e-9, 1e-12);
        }
      });
    });
  }

  it('a second forward over the same initializers (its layers reused) gives the same outputs and gradients', () => {
    const f = fixture('lstm2_bidirectional');
    const graph = graphOf('lstm2_bidirectional');
    const params = initializerParams(graph, 'float64');
    const pass = () => {
      for (const p of params.values()) p.grad = null;
      const r = run(graph, f, 'float64', params);
      backward(r.tape, r.loss);
      return { outputs: r.outputs.map((y) => Array.from(y.data)), grads: [...params.values()].map((p) => Array.from(p.grad!.data)) };
    };
    assert.deepEqual(pass(), pass());
  });

  it('the gradients of the LSTM initializers match central finite differences', () => {
    const f = fixture('lstm2');
    const graph = graphOf('lstm2');
    const { tape, loss, params } = run(graph, f, 'float64');
    backward(tape, loss);
    const eps = 1e-6;
    for (const [init, t] of params) {
      for (const i of [0, Math.floor(t.size / 2), t.size - 1]) {
        const at = (d: number) => {
          const moved = new Map([...params].map(([k, p]) => [k, Tensor.of(p.data, p.shape, 'float64', k)]));
          moved.get(init)!.data[i] += d;
          return run(graph, f, 'float64', moved).loss.data[0];
        };
        const numeric = (at(eps) - at(-eps)) / (2 * eps);
        close(`∂L/∂${init}[${i}]`, [t.grad!.data[i]], [numeric], 1e-6, 1e-7);
      }
    }
  });

  /**
   * The gates view over the fixture's tape, in a stand-in for a session over the imported model: every
   * op a forward event, and each recurrent layer the scope above its time steps (`rnn/LSTM_1`, or
   * `rnn/LSTM/forward` for one direction of a bidirectional node), of the given kind.
   */
  function gatesOf(name: string, kind: string) {
    const { tape } = run(graphOf(name), fixture(name), 'float64');
    const layerOf = (scope: readonly string[]) => {
      const t = scope.findIndex((p) => /^t\d+$/.test(p));
      return t > 0 ? scope.slice(0, t).join('/') : (scope[0] ?? null);
    };
    const events: StepEvent[] = tape.nodes.map((node) => ({ phase: 'forward', node, layer: layerOf(node.scope), range: null }));
    const outline = new StepOutline(events, 'sgd', []);
    const layers = [...new Set(events.map((e) => e.layer))].map((l) => ({ name: l, kind }));
    const state = {
      timeline: { outline, current: 1 },
      cursor: { step: 1, event: outline.length - 1 },
      fault: null,
      location: () => ({ layer: null, timeStep: null }),
      trainer: { layers },
    } as unknown as SessionState;
    return { tape, views: gatesView(state) };
  }

  const LSTM_GATES = [['gate_f', 'sigmoid'], ['gate_i', 'sigmoid'], ['gate_c', 'tanh'], ['gate_o', 'sigmoid']];
  const gateCases: [string, string, string[], string[][]][] = [
    ['lstm2', 'lstm', ['rnn/LSTM', 'rnn/LSTM_1'], LSTM_GATES],
    ['lstm2_bidirectional', 'lstm', ['rnn/LSTM/forward', 'rnn/LSTM/reverse', 'rnn/LSTM_1/forward', 'rnn/LSTM_1/reverse'], LSTM_GATES],
    ['gru_batch_first', 'gru_torch', ['rnn/GRU'], [['gate_r', 'sigmoid'], ['gate_z', 'sigmoid'], ['gate_n', 'tanh']]],
  ];
  for (const [name, kind, layers, gates] of gateCases) {
    it(`${name}: the gates view shows each recurrent layer's gates over time steps t0…t3, with their activations`, () => {
      const { views } = gatesOf(name, kind);
      assert.deepEqual(views.map((v) => v.layer), layers);
      for (const v of views) {
        assert.equal(v.cell, kind);
        assert.deepEqual(v.gates.map((g) => [g.name, g.activation]), gates);
        for (const g of v.gates) {
          assert.equal(g.steps, 4);
          assert.equal(g.units, 5);
          assert.ok(g.computed.every(Boolean));
        }
      }
    });
  }

  it("the LSTM's forget-gate heatmap holds the tape's gate_f values (t2, example 0)", () => {
    const { tape, views } = gatesOf('lstm2', 'lstm');
    const node = tape.nodes.find((n) => n.name === 'rnn/LSTM/t2/gate_f')!;
    assert.deepEqual(views[0].gates[0].values.slice(2 * 5, 3 * 5), Array.from(node.outputs[0].data.subarray(0, 5)));
  });

  describe('check(): what is not supported, all at once', () => {
    const attrs = (o: Record<string, OnnxAttr>) => new Map(Object.entries(o));
    const check = (op: string, a: Record<string, OnnxAttr>, shapes: (number[] | null)[] = []) => onnxHandler(op)!.check!({ attrs: attrs(a), inputShapes: shapes });

    it("accepts what torch.onnx.export writes for nn.LSTM, nn.GRU, nn.RNN (tanh or relu), layout 0 or 1, and Backstep's textbook GRU", () => {
      assert.equal(check('LSTM', { hidden_size: 5 }, [[4, 2, 3], [1, 20, 3], [1, 20, 5], [1, 40], null, [1, 2, 5], [1, 2, 5]]), null);
      assert.equal(check('GRU', { hidden_size: 5, linear_before_reset: 1, layout: 1 }), null);
      assert.equal(check('GRU', { hidden_size: 5 }), null, 'linear_before_reset 0 (its default): the textbook GRU, as Backstep exports it');
      assert.equal(check('RNN', { hidden_size: 5, activations: ['Tanh'] }), null);
      assert.equal(check('RNN', { hidden_size: 5, activations: ['relu'] }), null);
    });

    it('names each unsupported attribute and input, and what is supported', () => {
      assert.equal(
        check('LSTM', { direction: 'forward', clip: 3, input_forget: 1 }, [null, [2, 20, 3], null, null, null, null, null, [1, 15]]),
        'attribute clip is not supported; W has shape [2,20,3]; direction forward needs (1, 4·H, I); ' +
          'input_forget = 1 (coupled input and forget gates) is not supported; 0 is; peephole weights P are not supported',
      );
      assert.equal(check('GRU', { direction: 'backward', linear_before_reset: 2 }), "direction 'backward' is not supported; forward, reverse, bidirectional are; linear_before_reset must be 0 (Backstep’s textbook GRU) or 1 (torch’s, what torch.onnx.export writes)");
      assert.equal(check('GRU', { linear_before_reset: 1 }, [[4, 2, 3, 1], null, [15, 5]]), 'R has shape [15,5]; direction forward needs (1, 3·H, H); X has shape [4,2,3,1]; (T, B, I) or (B, T, I) is expected');
      assert.equal(check('RNN', { activations: ['Sigmoid'], layout: 2 }), 'layout 2 is not supported; 0 (T, B, I) and 1 (B, T, I) are; activations (sigmoid) are not supported; (tanh) or (relu) are');
      assert.equal(check('LSTM', { activations: ['Sigmoid', 'Tanh', 'Relu'], activation_alpha: [1] }), 'activations (sigmoid, tanh, relu) are not supported; (sigmoid, tanh, tanh) are; attribute activation_alpha is not supported');
    });

    it('accepts every recurrent node of the torch fixtures', () => {
      for (const name of FIXTURES) {
        const graph = graphOf(name);
        for (const n of graph.nodes.filter((m) => onnxHandler(m.opType)?.check)) {
          const shapes = n.inputs.map((i) => graph.initializers.get(i)?.shape ?? null);
          assert.equal(onnxHandler(n.opType)!.check!({ attrs: n.attrs, inputShapes: shapes }), null, `${name} ${n.name}`);
        }
      }
    });

    it('names the node when the weights do not fit hidden_size', () => {
      const graph = graphOf('rnn_tanh');
      const node = graph.nodes.find((n) => n.opType === 'RNN')!;
      const params = initializerParams(graph, 'float64');
      const inputs = [Tensor.zeros([4, 2, 3], 'float64'), ...node.inputs.slice(1, 4).map((n) => params.get(n)!)];
      const attrs = new Map<string, OnnxAttr>([['hidden_size', 6]]);
      const apply = () => onnxHandler('RNN')!.apply({ name: node.name, opType: 'RNN', inputs, inputNames: node.inputs, outputNames: node.outputs, attrs, tape: new Tape() });
      assert.throws(apply, (e: BackstepError) => e.where.node === '/rnn/RNN' && /hidden_size is 6 but R has shape \[1,5,5\]/.test(e.message));
    });

    it('runs with sequence_lens when every length is the sequence length, and says so when not', () => {
      const f = fixture('rnn_tanh');
      const graph = graphOf('rnn_tanh');
      const node = graph.nodes.find((n) => n.opType === 'RNN')!;
      const params = initializerParams(graph, 'float64');
      const X = Tensor.of(f.inputs.x.value, f.inputs.x.shape, 'float64', 'x');
      const call = (lens: number[]) => {
        const inputs = [X, ...node.inputs.slice(1, 4).map((n) => params.get(n)!), Tensor.of(lens, [2], 'float64', 'lens')];
        return onnxHandler('RNN')!.apply({ name: node.name, opType: 'RNN', inputs, inputNames: node.inputs, outputNames: node.outputs, attrs: node.attrs, tape: new Tape() });
      };
      assert.deepEqual(call([4, 4])[0]!.shape, [4, 1, 2, 5]);
      assert.throws(() => call([4, 3]), /sequence_lens \(4, 3\) is supported only when every length is the sequence length 4/);
    });
  });
});
