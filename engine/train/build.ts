import { BackstepError, fail } from '../errors';
import { findKind, LOSSES } from '../model/catalog/training';
import { buildDataSet, buildDataSplit } from '../model/dataset';
import type { SourceRange } from '../model/diagnostics';
import type { InferredLayer } from '../model/infer';
import type { CheckedModel } from '../model/validate';
import { Rng } from '../random';
import type { Tensor } from '../tensor/tensor';
import { BatchSampler, batchRng, sampleRng } from './batches';
import { exampleCount } from './data';
import { buildCorpus, EmbeddingObjective } from './embeddings';
import { buildContext, LAYER_BUILDERS } from './layers';
import { located } from './located';
import type { Objective } from './objective';
import { SupervisedObjective } from './supervised';
import type { BuiltLayer } from './wire';

/**
 * A checked model file, instantiated: its data generated, its layers built in model order drawing
 * their initial weights from one RNG seeded with the file's seed (so the same file gives the same
 * weights), and the objective a step runs. Building never evaluates anything from the file: kinds
 * and settings select among the engine's layers.
 */
export interface BuiltModel {
  readonly objective: Objective;
  readonly layers: readonly BuiltLayer[];
  /** Every trainable parameter, layer by layer: the optimizer's order. */
  readonly params: readonly Tensor[];
  /** For each parameter, the index of its layer. */
  readonly owners: readonly number[];
}

export function buildModel(model: CheckedModel): BuiltModel {
  const objective = isEmbeddingModel(model) ? embeddingObjective(model) : supervisedObjective(model);
  const params: Tensor[] = [];
  const owners: number[] = [];
  objective.layers.forEach((l, i) => {
    for (const p of l.params) {
      params.push(p);
      owners.push(i);
    }
  });
  return { objective, layers: objective.layers, params, owners };
}

/** No loss, or an embedding model's own objective (negative_sampling, hierarchical_softmax, glove). */
export function isEmbeddingModel(model: CheckedModel): boolean {
  const loss = model.spec.loss;
  return loss === null || findKind(LOSSES, loss.kind)?.target === 'none';
}

function supervisedObjective(model: CheckedModel): Objective {
  const { spec } = model;
  const { train, validation } = buildDataSplit(spec.data, spec.seed, spec.dtype);
  const rng = new Rng(spec.seed);
  const layers = model.layers.map((l, i) => buildLayer(l, i, model, rng));
  const sampler = new BatchSampler(exampleCount(train), model.batch, spec.training.shuffle, batchRng(spec.seed));
  return new SupervisedObjective(model, layers, train, sampler, validation);
}

function buildLayer(layer: InferredLayer, index: number, model: CheckedModel, rng: Rng): BuiltLayer {
  const spec = model.spec.layers[index];
  return atLayer(() => {
    const builder = LAYER_BUILDERS[layer.kind];
    if (!builder) fail('E_ARGUMENT', `a ${layer.kind} layer trains on its own objective and cannot be part of a model with a \`loss\``);
    return builder(buildContext(layer, spec, rng, model.spec.dtype));
  }, layer.name, spec.range);
}

/** fn's result, or its error located at the layer. */
function atLayer<T>(fn: () => T, layer: string, range: SourceRange): T {
  try {
    return fn();
  } catch (e) {
    throw located(e, layer, range);
  }
}

function embeddingObjective(model: CheckedModel): Objective {
  const { spec } = model;
  const name = spec.loss?.input.source ?? spec.layers[spec.layers.length - 1].name;
  const layer = model.layers.find((l) => l.name === name) ?? model.layers[model.layers.length - 1];
  const extra = spec.layers.find((l) => l.name !== layer.name);
  if (extra) throw located(new BackstepError('E_ARGUMENT', `an embedding model (${layer.kind}) trains alone on its own objective; remove layer "${extra.name}"`), extra.name, extra.range);
  const data = buildDataSet(spec.data, spec.seed, spec.dtype);
  const corpus = atLayer(() => buildCorpus({ layer, spec, data, rng: new Rng(spec.seed), dtype: spec.dtype }), layer.name, spec.layers[0].range);
  const batch = Math.min(spec.training.batchSize ?? corpus.defaultBatch, corpus.examples);
  const sampler = new BatchSampler(corpus.examples, batch, spec.training.shuffle, batchRng(spec.seed));
  return new EmbeddingObjective(corpus, sampler, sampleRng(spec.seed));
}
