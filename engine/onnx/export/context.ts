import { fail } from '../../errors';
import type { InferredLayer } from '../../model/infer';
import type { Tensor } from '../../tensor/tensor';
import type { Attrs } from '../../train/layers/slots';
import type { OnnxGraph } from './graph';

/**
 * What a layer exporter gets and gives: the checked layer with its settings, its trained parameters
 * by key (`W`, `fc1.W`, `W_f`), the ONNX values wired into each input slot, and the graph to add
 * nodes to. It returns its outputs by name, the main one first, as the engine's layers do.
 */
export type ExportWire =
  | { readonly kind: 'tensor'; readonly name: string; readonly dtype: 'float' | 'int' }
  /** A recurrent layer's final state (`state: encoder`): h (B, H), and c for an LSTM. */
  | { readonly kind: 'state'; readonly h: string; readonly c: string | null };

export interface LayerExport {
  readonly layer: InferredLayer;
  readonly attrs: Attrs;
  readonly params: ReadonlyMap<string, Tensor>;
  readonly inputs: Readonly<Record<string, readonly ExportWire[]>>;
  readonly graph: OnnxGraph;
}

export type LayerExporter = (x: LayerExport) => Readonly<Record<string, ExportWire>>;

export const floatWire = (name: string): ExportWire => ({ kind: 'tensor', name, dtype: 'float' });

/** The tensor wired into `slot` (the first one of a variadic slot). */
export function tensorInput(x: LayerExport, slot = 'input'): string {
  const w = x.inputs[slot]?.[0];
  if (!w || w.kind !== 'tensor') return fail('E_ARGUMENT', `slot \`${slot}\` has no tensor to export`, { layer: x.layer.name });
  return w.name;
}

export function tensorInputs(x: LayerExport, slot: string): string[] {
  return (x.inputs[slot] ?? []).map((w) => (w.kind === 'tensor' ? w.name : fail('E_ARGUMENT', `slot \`${slot}\` reads a recurrent state, not a tensor`, { layer: x.layer.name })));
}

/** The parameter `key` of the layer. */
export function paramOf(x: LayerExport, key: string): Tensor {
  return x.params.get(key) ?? fail('E_ARGUMENT', `has no parameter ${key}`, { layer: x.layer.name });
}

/** The parameter as a float32 initializer named as Backstep names it (`hidden.W`). */
export function weightOf(x: LayerExport, key: string): string {
  const t = paramOf(x, key);
  return x.graph.weight(`${x.layer.name}.${key}`, t.shape, t.data);
}

/** The declared shape of the value in `slot` (the batch axis as inferred). */
export function inputShape(x: LayerExport, slot = 'input'): readonly number[] {
  const v = x.layer.inputValues[slot];
  const value = Array.isArray(v) ? v[0] : v;
  return (value as { shape?: readonly number[] } | undefined)?.shape ?? fail('E_ARGUMENT', `slot \`${slot}\` has no known shape`, { layer: x.layer.name });
}
