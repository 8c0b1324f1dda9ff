import { ATTENTION_BUILDERS } from './attention';
import type { LayerBuilder } from './context';
import { DENSE_BUILDERS } from './dense';
import { EMBEDDING_BUILDERS } from './embedding';
import { ONNX_BUILDERS } from './onnx';
import { RECURRENT_BUILDERS } from './recurrent';
import { seq2seq } from './seq2seq';

export { buildContext, type BuildContext, type LayerBuilder } from './context';

/** Every layer kind a supervised model can hold, by kind (the catalogue's names). */
export const LAYER_BUILDERS: Readonly<Record<string, LayerBuilder>> = {
  ...DENSE_BUILDERS,
  ...RECURRENT_BUILDERS,
  seq2seq,
  ...ATTENTION_BUILDERS,
  ...EMBEDDING_BUILDERS,
  ...ONNX_BUILDERS,
};
