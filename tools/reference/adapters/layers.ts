import { backward } from '../../../engine/autograd/backward';
import { Tape } from '../../../engine/autograd/tape';
import { GRU } from '../../../engine/layers/gru';
import { LSTM } from '../../../engine/layers/lstm';
import { MLP } from '../../../engine/layers/mlp';
import { bindParams } from '../../../engine/layers/params';
import { Perceptron } from '../../../engine/layers/perceptron';
import type { RecurrentSizes } from '../../../engine/layers/recurrent';
import { RNN } from '../../../engine/layers/rnn';
import { Rng } from '../../../engine/random';
import { Tensor } from '../../../engine/tensor/tensor';
import { registerAdapter, type ReferenceCase, type TensorJson } from '../adapter';

/**
 * Layers (README §5.4–5.8, §8) run through the engine's layer classes: each case's weights are bound
 * as the layer's parameters, so the runner reads their gradients. `linear` (./matmul) and `embedding`
 * (./activations) are registered as plain ops; test/engine/layers checks the layers on those cases too.
 */

const rng = () => new Rng(0);
const sizesOf = (x: Tensor, h0: Tensor): RecurrentSizes => ({ inputSize: x.shape[1], hiddenSize: h0.shape[0] });

registerAdapter('rnn_tanh', {
  kind: 'grad',
  run: (tape, { x, h0, ...params }) => {
    const layer = new RNN('rnn', sizesOf(x, h0), {}, rng(), 'float64');
    bindParams(layer, params);
    return { h: layer.forward(tape, x, { h: h0 }).h };
  },
});

registerAdapter('lstm', {
  kind: 'grad',
  run: (tape, { x, h0, c0, ...params }) => {
    const layer = new LSTM('lstm', sizesOf(x, h0), {}, rng(), 'float64');
    bindParams(layer, params);
    const run = layer.forward(tape, x, { h: h0, c: c0 });
    const gates = ['gate_f', 'gate_i', 'gate_c', 'gate_o'].map((k) => [k, run.timeline(k)]);
    return { h: run.h, c: run.outputs.c, ...Object.fromEntries(gates) };
  },
});

for (const [op, form, gates] of [
  ['gru', 'textbook', ['gate_r', 'gate_z', 'candidate']],
  ['gru_torch', 'torch', ['gate_r', 'gate_z', 'gate_n']],
] as const) {
  registerAdapter(op, {
    kind: 'grad',
    run: (tape, { x, h0, ...params }) => {
      const layer = new GRU('gru', sizesOf(x, h0), { form }, rng(), 'float64');
      bindParams(layer, params);
      const run = layer.forward(tape, x, { h: h0 });
      return { h: run.h, ...Object.fromEntries(gates.map((k) => [k, run.timeline(k)])) };
    },
  });
}

registerAdapter('perceptron_update', {
  kind: 'value',
  run: (c) => {
    const { w, b, x } = tensorsOf(c.inputs);
    const p = new Perceptron('perceptron', { inputSize: w.size }, {}, rng(), 'float64');
    bindParams(p, { w, b });
    const { yPred, error } = p.learn(x, Number(c.int_inputs?.y_true), Number(c.attrs?.eta));
    return { outputs: { w_new: p.params.get('w'), b_new: p.params.get('b') }, int_outputs: { y_pred: yPred, error } };
  },
});

registerAdapter('mlp_xor_train', {
  kind: 'value',
  run: (c) => trainXorMlp(c),
});

/** README §8: Hd = tanh(X W1ᵀ + b1), P = σ(Hd W2ᵀ + b2), bce loss, full-batch SGD for `steps` steps. */
export function trainXorMlp(c: ReferenceCase): { first_grads: Record<string, Tensor>; losses: number[]; final: Record<string, Tensor> } {
  const { X, Y } = tensorsOf(c.inputs);
  const init = tensorsOf(c.init as Record<string, TensorJson>);
  const names: Record<string, string> = { W1: 'fc1.W', b1: 'fc1.b', W2: 'fc2.W', b2: 'fc2.b' };
  const sizes = [init.W1.shape[1], init.W1.shape[0], init.W2.shape[0]];
  const mlp = new MLP('mlp', sizes, { activation: 'tanh', outputActivation: 'sigmoid' }, rng(), 'float64');
  bindParams(mlp, Object.fromEntries(Object.entries(init).map(([k, t]) => [names[k], t])));
  const lr = Number(c.attrs?.lr);
  const losses: number[] = [];
  let firstGrads: Record<string, Tensor> = {};
  for (let s = 0; s < Number(c.attrs?.steps); s++) {
    const tape = new Tape();
    const loss = tape.apply('bce', [mlp.forward(tape, X), Y], {}, 'loss');
    mlp.parameters().forEach((p) => (p.grad = null));
    backward(tape, loss);
    losses.push(loss.data[0]);
    if (s === 0) firstGrads = mapKeys(names, (k) => mlp.params.get(k)?.grad?.clone() ?? null);
    // θ ← θ − lr ∇θ
    for (const p of mlp.parameters()) p.grad?.data.forEach((g, i) => (p.data[i] -= lr * g));
  }
  return { first_grads: firstGrads, losses, final: mapKeys(names, (k) => mlp.params.get(k) ?? null) };
}

function mapKeys(names: Record<string, string>, f: (key: string) => Tensor | null): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  for (const [ref, key] of Object.entries(names)) {
    const t = f(key);
    if (t) out[ref] = t;
  }
  return out;
}

function tensorsOf(json: Record<string, TensorJson> | undefined): Record<string, Tensor> {
  return Object.fromEntries(Object.entries(json ?? {}).map(([k, t]) => [k, Tensor.of(t.data, t.shape, 'float64', k)]));
}
