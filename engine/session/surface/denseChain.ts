import { own } from '../../dict';
import type { Attrs } from '../../ops/registry';
import type { InferredLayer } from '../../model/infer';
import { buildDataSplit } from '../../model/dataset';
import type { CheckedModel } from '../../model/validate';
import type { Tensor } from '../../tensor/tensor';
import { batchFields, exampleCount } from '../../train/data';

/** y = x Wᵀ + b, with W (out × in) at θ[w …] and b at θ[b …] (null: no bias). */
export interface AffineStage {
  readonly kind: 'affine';
  readonly in: number;
  readonly out: number;
  readonly w: number;
  readonly b: number | null;
}

/** An elementwise activation (or softmax over the last axis): the engine's op of that name. */
export interface ActivationStage {
  readonly kind: 'act';
  readonly op: string;
  readonly attrs: Attrs;
}

export type ChainStage = AffineStage | ActivationStage;

/**
 * A model that is a chain of fully connected layers and activations from one data field to the
 * loss, as plain data (structured-clonable, so a thread can take it): its loss at any θ is the
 * engine's loss of the same stages (./planeLosses.ts).
 */
export interface DenseChain {
  /** The first is affine: its pre-activation is linear in θ (./planeLosses.ts). */
  readonly stages: readonly ChainStage[];
  readonly examples: number;
  /** The input field, examples × stages[0].in, row-major. */
  readonly input: Float64Array;
  readonly target: { readonly data: Float64Array | Float32Array; readonly shape: readonly number[] };
  readonly loss: string;
  /** |θ|. */
  readonly size: number;
}

const ACTIVATIONS = new Set(['sigmoid', 'tanh', 'relu', 'leaky_relu', 'elu', 'silu', 'softmax']);
const LOSSES = new Set(['cross_entropy', 'mse', 'bce', 'bce_with_logits']);

/**
 * The chain of a float64 model whose layers are `linear`, `mlp` and activations, each reading the
 * one before (the first a data field of rows), scored by a loss on the last; null for any other
 * model. `layers` are a trainer's layers of it: their parameters, in order, are θ.
 */
export function denseChainOf(model: CheckedModel, layers: readonly { readonly params: readonly Tensor[] }[]): DenseChain | null {
  const { spec } = model;
  const loss = spec.loss;
  if (spec.dtype !== 'float64' || !loss?.target || !LOSSES.has(loss.kind) || layers.length !== model.layers.length || layers.length === 0) return null;
  const last = model.layers[model.layers.length - 1];
  if (loss.input.source !== last.name || (loss.input.output !== undefined && loss.input.output !== 'out')) return null;
  const stages: ChainStage[] = [];
  let offset = 0;
  for (let i = 0; i < layers.length; i++) {
    const info = model.layers[i];
    if (!readsOne(info, i === 0 ? null : model.layers[i - 1].name)) return null;
    const own = stagesOf(info, layers[i].params, offset);
    if (!own) return null;
    stages.push(...own);
    offset += layers[i].params.reduce((n, p) => n + p.size, 0);
  }
  const first = stages[0];
  if (first?.kind !== 'affine') return null;
  const { train } = buildDataSplit(spec.data, spec.seed, spec.dtype);
  const n = exampleCount(train);
  const fields = batchFields(train, Array.from({ length: n }, (_, r) => r));
  const x = own(fields, model.layers[0].inputs.input[0].source);
  const y = own(fields, loss.target.source);
  if (!x || !y || !(x.data instanceof Float64Array) || x.rank !== 2 || x.shape[1] !== first.in || y.shape[0] !== n) return null;
  return { stages, examples: n, input: x.data, target: { data: y.data, shape: y.shape }, loss: loss.kind, size: offset };
}

/** The layer reads only its `input` slot, from `previous` (the first layer: from a data field). */
function readsOne(info: InferredLayer, previous: string | null): boolean {
  const slots = Object.entries(info.inputs).filter(([, refs]) => refs.length > 0);
  if (slots.length !== 1 || slots[0][0] !== 'input' || slots[0][1].length !== 1) return false;
  const ref = slots[0][1][0];
  return previous === null ? ref.output === undefined : ref.source === previous && (ref.output === undefined || ref.output === 'out');
}

function stagesOf(info: InferredLayer, params: readonly Tensor[], offset: number): ChainStage[] | null {
  if (ACTIVATIONS.has(info.kind)) {
    if (params.length) return null;
    // As the activation layers of train/layers/dense.ts pass them.
    const { axis, alpha } = info.attrs;
    return [{ kind: 'act', op: info.kind, attrs: info.kind === 'softmax' ? { axis: typeof axis === 'number' ? axis : -1 } : typeof alpha === 'number' ? { alpha } : {} }];
  }
  if (info.kind === 'linear') return affines(params, offset, []);
  if (info.kind === 'mlp') {
    const hidden = typeof info.attrs.activation === 'string' ? info.attrs.activation : 'relu';
    const last = typeof info.attrs.output_activation === 'string' ? info.attrs.output_activation : 'identity';
    const affine = affines(params, offset, []);
    if (!affine || !ACTIVATIONS.has(hidden) || (last !== 'identity' && !ACTIVATIONS.has(last))) return null;
    return affine.flatMap((s, k) => {
      const act = k === affine.length - 1 ? last : hidden;
      return act === 'identity' ? [s] : [s, { kind: 'act', op: act, attrs: act === 'softmax' ? { axis: -1 } : {} } as const];
    });
  }
  return null;
}

/** W (out, in) each followed by its b (out) if it has one: the order linear and mlp keep their parameters in. */
function affines(params: readonly Tensor[], offset: number, out: AffineStage[]): AffineStage[] | null {
  let at = offset;
  for (let i = 0; i < params.length; ) {
    const W = params[i];
    if (W.rank !== 2 || (out.length && out[out.length - 1].out !== W.shape[1])) return null;
    const b = params[i + 1]?.rank === 1 && params[i + 1].size === W.shape[0] ? params[i + 1] : null;
    out.push({ kind: 'affine', in: W.shape[1], out: W.shape[0], w: at, b: b ? at + W.size : null });
    at += W.size + (b?.size ?? 0);
    i += b ? 2 : 1;
  }
  return out.length ? out : null;
}
