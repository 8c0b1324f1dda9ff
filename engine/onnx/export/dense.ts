import { fail } from '../../errors';
import { floatWire, inputShape, tensorInput, tensorInputs, weightOf, type LayerExporter } from './context';
import type { OnnxGraph } from './graph';

/**
 * Fully connected layers, activations, layer norm and the joins as ONNX nodes. y = x Wᵀ + b is one
 * Gemm (transB) on rows, else Transpose(W) → MatMul → Add so any leading axes (batch, time) stay
 * dynamic. Layer norm is written out (opset 14 has no LayerNormalization): with d = x − mean(x),
 * y = d / sqrt(mean(d²) + ε) · γ + β over the last axis, the biased variance as the engine's.
 */
export function linearNodes(g: OnnxGraph, scope: string, x: string, rank: number, W: string, b: string | null): string {
  if (rank === 2) return g.node(scope, 'Gemm', b ? [x, W, b] : [x, W], { transB: 1 });
  const xW = g.node(scope, 'MatMul', [x, g.node(scope, 'Transpose', [W])]);
  return b ? g.node(scope, 'Add', [xW, b]) : xW;
}

/** Backstep's activation `act` on `x` inside `scope`; `alpha` for leaky_relu and elu. */
export function activationNodes(g: OnnxGraph, scope: string, act: string, x: string, alpha?: number, axis = -1): string {
  switch (act) {
    case 'identity':
      return x;
    case 'sigmoid':
      return g.node(scope, 'Sigmoid', [x]);
    case 'tanh':
      return g.node(scope, 'Tanh', [x]);
    case 'relu':
      return g.node(scope, 'Relu', [x]);
    case 'leaky_relu':
      return g.node(scope, 'LeakyRelu', [x], { alpha: { f: alpha ?? 0.01 } });
    case 'elu':
      return g.node(scope, 'Elu', [x], { alpha: { f: alpha ?? 1 } });
    case 'silu':
      return g.node(scope, 'Mul', [x, g.node(scope, 'Sigmoid', [x])]);
    case 'softmax':
      return g.node(scope, 'Softmax', [x], { axis });
    case 'step':
      return g.node(scope, 'Cast', [g.node(scope, 'GreaterOrEqual', [x, g.scalar(`${scope}/zero`, 0)])], { to: 1 });
    default:
      return fail('E_ARGUMENT', `activation "${act}" has no ONNX export`, { layer: scope });
  }
}

const linear: LayerExporter = (x) => {
  const W = weightOf(x, 'W');
  const b = x.params.has('b') ? weightOf(x, 'b') : null;
  return { out: floatWire(linearNodes(x.graph, x.layer.name, tensorInput(x), inputShape(x).length, W, b)) };
};

const mlp: LayerExporter = (x) => {
  const hidden = x.attrs.str('activation');
  const last = x.attrs.str('output_activation');
  const layers = [...x.params.keys()].filter((k) => k.endsWith('.W')).length;
  const rank = inputShape(x).length;
  let h = tensorInput(x);
  for (let k = 1; k <= layers; k++) {
    const fc = `fc${k}`;
    const scope = `${x.layer.name}/${fc}`;
    const W = weightOf(x, `${fc}.W`);
    h = linearNodes(x.graph, scope, h, rank, W, x.params.has(`${fc}.b`) ? weightOf(x, `${fc}.b`) : null);
    h = activationNodes(x.graph, `${x.layer.name}/act${k}`, k === layers ? last : hidden, h);
  }
  return { out: floatWire(h) };
};

function activation(act: string): LayerExporter {
  return (x) => {
    const alpha = act === 'leaky_relu' || act === 'elu' ? x.attrs.num('alpha') : undefined;
    const axis = act === 'softmax' ? x.attrs.num('axis') : -1;
    return { out: floatWire(activationNodes(x.graph, x.layer.name, act, tensorInput(x), alpha, axis)) };
  };
}

export function layerNormNodes(g: OnnxGraph, scope: string, x: string, gamma: string, beta: string, eps: number): string {
  const mean = g.node(scope, 'ReduceMean', [x], { axes: [-1], keepdims: 1 });
  const d = g.node(scope, 'Sub', [x, mean]);
  const variance = g.node(scope, 'ReduceMean', [g.node(scope, 'Mul', [d, d])], { axes: [-1], keepdims: 1 });
  const std = g.node(scope, 'Sqrt', [g.node(scope, 'Add', [variance, g.scalar(`${scope}.eps`, eps)])]);
  return g.node(scope, 'Add', [g.node(scope, 'Mul', [g.node(scope, 'Div', [d, std]), gamma]), beta]);
}

const layerNorm: LayerExporter = (x) => {
  return { out: floatWire(layerNormNodes(x.graph, x.layer.name, tensorInput(x), weightOf(x, 'gamma'), weightOf(x, 'beta'), x.attrs.num('eps'))) };
};

const add: LayerExporter = (x) => ({ out: floatWire(x.graph.node(x.layer.name, 'Sum', tensorInputs(x, 'inputs'))) });

const concat: LayerExporter = (x) => ({ out: floatWire(x.graph.node(x.layer.name, 'Concat', tensorInputs(x, 'inputs'), { axis: x.attrs.num('axis') })) });

export const DENSE_EXPORTERS: Readonly<Record<string, LayerExporter>> = {
  linear,
  mlp,
  sigmoid: activation('sigmoid'),
  tanh: activation('tanh'),
  relu: activation('relu'),
  leaky_relu: activation('leaky_relu'),
  elu: activation('elu'),
  silu: activation('silu'),
  softmax: activation('softmax'),
  layer_norm: layerNorm,
  add,
  concat,
};


