import { fail } from '../errors';
import { formatShape, sameShape } from '../tensor/shape';
import type { Tensor } from '../tensor/tensor';
import type { Layer } from './layer';

/** A layer's parameter by key (`W`, `fc1.b`), read at every forward so bound tensors take effect. */
export function param(layer: Layer, key: string): Tensor {
  const t = layer.params.get(key);
  if (!t) fail('E_ARGUMENT', `has no parameter "${key}" (it has ${[...layer.params.keys()].join(', ')})`, { layer: layer.name });
  return t;
}

/**
 * Makes the given tensors the layer's parameters (same keys, shapes and dtype): tied weights, or
 * leaf tensors owned by a caller such as the reference runner, whose gradients it reads afterwards.
 * Each tensor is renamed `<layer>.<key>` and marked trainable.
 */
export function bindParams(layer: Layer, tensors: Readonly<Record<string, Tensor>>): void {
  for (const [key, t] of Object.entries(tensors)) {
    t.name = sameAs(layer, key, t).name;
    t.requiresGrad = true;
    layer.params.set(key, t);
  }
}

/**
 * Makes computed tensors the layer's parameters for its next forward, keeping their names and
 * gradients: weights derived on the tape from other tensors (an ONNX initializer sliced per gate),
 * so the backward pass runs through them to the tensors they came from.
 */
export function useTensors(layer: Layer, tensors: Readonly<Record<string, Tensor>>): void {
  for (const [key, t] of Object.entries(tensors)) {
    sameAs(layer, key, t);
    layer.params.set(key, t);
  }
}

/** The parameter `key`, checked to have t's shape and dtype. */
function sameAs(layer: Layer, key: string, t: Tensor): Tensor {
  const own = param(layer, key);
  if (!sameShape(own.shape, t.shape) || own.dtype !== t.dtype) {
    fail('E_SHAPE', `parameter "${key}" is ${formatShape(own.shape)} ${own.dtype}, got ${formatShape(t.shape)} ${t.dtype}`, { layer: layer.name });
  }
  return own;
}
