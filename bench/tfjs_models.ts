import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
// tfjs-core leaves gradient registration to the bundle that imports it (the umbrella package does this).
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { LSTM_SHAPE, MHA_SHAPE, MLP_SHAPE } from './shapes';

/**
 * The same three training steps in TensorFlow.js on its pure-JavaScript CPU backend: the same
 * shapes, the same ops (the LSTM in the same textbook form, one op-level loop over T, four gate
 * matmuls over [h, x]), the same losses, and Adam via `optimizer.minimize`.
 */
export type TfjsStep = () => void;

export async function useCpuBackend(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
}

function param(shape: number[], bound: number): tf.Variable {
  return tf.variable(tf.randomUniform(shape, -bound, bound, 'float32'));
}

function trainStep(loss: () => tf.Scalar, vars: tf.Variable[]): TfjsStep {
  const opt = tf.train.adam(1e-3);
  return () => {
    const cost = opt.minimize(loss, true, vars);
    cost?.dataSync();
    cost?.dispose();
  };
}

/** y = x Wᵀ + b, as Backstep's Linear. */
function linear(x: tf.Tensor2D, W: tf.Variable, b: tf.Variable): tf.Tensor2D {
  return tf.add(tf.matMul(x, W as tf.Tensor2D, false, true), b);
}

export function tfjsMlp(): TfjsStep {
  const { batch, sizes } = MLP_SHAPE;
  const layers = sizes.slice(1).map((out, k) => ({ W: param([out, sizes[k]], Math.sqrt(6 / sizes[k])), b: tf.variable(tf.zeros([out])) }));
  const x = tf.randomUniform([batch, sizes[0]], -1, 1) as tf.Tensor2D;
  const labels = tf.oneHot(tf.randomUniform([batch], 0, sizes[sizes.length - 1], 'int32') as tf.Tensor1D, sizes[sizes.length - 1]);
  const loss = (): tf.Scalar => {
    let h = x;
    layers.forEach(({ W, b }, k) => {
      const z = linear(h, W, b);
      h = k < layers.length - 1 ? tf.relu(z) : z;
    });
    return tf.losses.softmaxCrossEntropy(labels, h) as tf.Scalar;
  };
  return trainStep(loss, layers.flatMap(({ W, b }) => [W, b]));
}

export function tfjsLstm(): TfjsStep {
  const { T, batch, input, hidden } = LSTM_SHAPE;
  const bound = 1 / Math.sqrt(hidden);
  const gates = ['f', 'i', 'c', 'o'].map(() => ({ W: param([hidden, hidden + input], bound), b: tf.variable(tf.zeros([hidden])) }));
  const x = tf.randomUniform([T, batch, input], -1, 1);
  const target = tf.randomUniform([T, batch, hidden], -1, 1);
  const loss = (): tf.Scalar => {
    let h = tf.zeros([batch, hidden]) as tf.Tensor2D;
    let c = tf.zeros([batch, hidden]) as tf.Tensor2D;
    const hs: tf.Tensor2D[] = [];
    for (let t = 0; t < T; t++) {
      const xt = tf.reshape(tf.slice(x, [t, 0, 0], [1, batch, input]), [batch, input]) as tf.Tensor2D;
      const hx = tf.concat([h, xt], 1);
      const [f, i, g, o] = gates.map(({ W, b }, k) => (k === 2 ? tf.tanh(linear(hx, W, b)) : tf.sigmoid(linear(hx, W, b))));
      c = tf.add(tf.mul(f, c), tf.mul(i, g));
      h = tf.mul(o, tf.tanh(c));
      hs.push(h);
    }
    return tf.losses.meanSquaredError(target, tf.stack(hs)) as tf.Scalar;
  };
  return trainStep(loss, gates.flatMap(({ W, b }) => [W, b]));
}

export function tfjsMha(): TfjsStep {
  const { T, model, heads } = MHA_SHAPE;
  const dh = model / heads;
  const bound = Math.sqrt(6 / (2 * model));
  const [q, k, v, o] = [0, 1, 2, 3].map(() => ({ W: param([model, model], bound), b: tf.variable(tf.zeros([model])) }));
  const x = tf.randomUniform([T, model], -1, 1) as tf.Tensor2D;
  const target = tf.randomUniform([T, model], -1, 1);
  const loss = (): tf.Scalar => {
    const Q = tf.mul(linear(x, q.W, q.b), 1 / Math.sqrt(dh)) as tf.Tensor2D;
    const K = linear(x, k.W, k.b);
    const V = linear(x, v.W, v.b);
    const contexts = Array.from({ length: heads }, (_, j) => {
      const cols = (m: tf.Tensor2D): tf.Tensor2D => tf.slice(m, [0, j * dh], [T, dh]);
      const weights = tf.softmax(tf.matMul(cols(Q), cols(K), false, true));
      return tf.matMul(weights, cols(V)) as tf.Tensor2D;
    });
    return tf.losses.meanSquaredError(target, linear(tf.concat(contexts, 1), o.W, o.b)) as tf.Scalar;
  };
  return trainStep(loss, [q, k, v, o].flatMap(({ W, b }) => [W, b]));
}
