import { ATTENTION_LAYERS } from './attention';
import { DENSE_LAYERS } from './dense';
import { EMBEDDING_LAYERS } from './embedding';
import { ONNX_LAYERS } from './onnx';
import { RECURRENT_LAYERS } from './recurrent';
import type { LayerKindDef } from './types';

export * from './types';

/** Every layer kind a model file can name, in the order the docs list them. */
export const LAYER_KINDS: readonly LayerKindDef[] = [...DENSE_LAYERS, ...RECURRENT_LAYERS, ...ATTENTION_LAYERS, ...EMBEDDING_LAYERS, ...ONNX_LAYERS];

const byKind = new Map(LAYER_KINDS.map((k) => [k.kind, k]));

export function layerKind(kind: string): LayerKindDef | undefined {
  return byKind.get(kind);
}

/** Keys every layer takes besides its settings and its input slots (`input` names the first slot). */
export const LAYER_COMMON_KEYS = ['name', 'input'] as const;
