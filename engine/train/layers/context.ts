import type { Tape } from '../../autograd/tape';
import type { Layer } from '../../layers/layer';
import type { InferredLayer } from '../../model/infer';
import type { LayerSpec } from '../../model/spec';
import type { Rng } from '../../random';
import type { DType } from '../../tensor/dtype';
import type { Tensor } from '../../tensor/tensor';
import type { BuiltLayer, LayerOutputs, SlotValues } from '../wire';
import { Attrs } from './slots';

/** What a layer builder gets: the checked layer, its source, settings, the weights' RNG and dtype. */
export interface BuildContext {
  readonly layer: InferredLayer;
  readonly spec: LayerSpec;
  readonly attrs: Attrs;
  /** The model's weight stream (seeded from the file): layers draw from it in model order. */
  readonly rng: Rng;
  readonly dtype: DType;
}

export type LayerBuilder = (ctx: BuildContext) => BuiltLayer;

export function buildContext(layer: InferredLayer, spec: LayerSpec, rng: Rng, dtype: DType): BuildContext {
  return { layer, spec, attrs: new Attrs(layer.attrs, layer.name), rng, dtype };
}

type Forward = (tape: Tape, inputs: SlotValues, wanted: ReadonlySet<string>) => LayerOutputs;

/** A built layer around an engine layer (its parameters, in its own order) or none (an op layer). */
export function built(ctx: BuildContext, owner: Layer | null, forward: Forward, params: readonly Tensor[] = owner?.parameters() ?? []): BuiltLayer {
  return { name: ctx.layer.name, kind: ctx.layer.kind, range: ctx.spec.range, params, forward };
}
