import { own } from '../dict';
import { findKind, LOSSES } from './catalog/training';
import { fmt } from './catalog/shapes';
import { layerKind, type Value } from './catalog';
import type { Diagnostics, SourceRange } from './diagnostics';
import type { Inference } from './infer';
import type { ReadLoss } from './read/training';
import type { InputRef, LayerSpec, LossSpec } from './spec';
import { suggestion } from './suggest';

/**
 * The loss: its default prediction (the last layer) and target (the data's), the embedding models'
 * own objectives, and whether prediction and target shapes fit the loss.
 */
export function checkLoss(
  loss: ReadLoss | null,
  layers: readonly LayerSpec[],
  inference: Inference,
  dataTarget: string | undefined,
  at: SourceRange,
  diag: Diagnostics,
): LossSpec | null {
  const lastLayer = layers[layers.length - 1];
  if (!lastLayer) return null;
  const own = ownLoss(lastLayer, inference);
  if (!loss) {
    if (!own) diag.add('E_REQUIRED', `the model needs a \`loss:\` (${LOSSES.filter((l) => l.target !== 'none').map((l) => l.kind).join(', ')})`, at);
    return null;
  }
  const def = findKind(LOSSES, loss.kind)!;
  const input: InputRef = loss.input ?? { text: lastLayer.name, source: lastLayer.name, range: loss.kindRange, implicit: true };
  const pred = predicted(input, inference, diag);
  const predLayer = layers.find((l) => l.name === input.source);
  if ((loss.kind === 'perceptron') !== (predLayer?.kind === 'perceptron') && predLayer) {
    const message =
      loss.kind === 'perceptron'
        ? `loss \`perceptron\` is the learning rule of a \`perceptron\` layer, but "${predLayer.name}" is a ${predLayer.kind}`
        : `layer "${predLayer.name}" is a perceptron: its hard threshold has no gradient, so it learns with \`loss: perceptron\``;
    diag.add('E_CONFLICT', message, loss.kindRange);
    return { ...loss, input };
  }
  if (def.target === 'none') {
    const ownOfPred = predLayer ? ownLoss(predLayer, inference) : undefined;
    if (ownOfPred !== loss.kind) {
      const fix = ownOfPred ? `this model's own loss is \`${ownOfPred}\`` : `it is the own objective of ${def.ownOf!.join(' / ')} models`;
      diag.add('E_CONFLICT', `loss \`${loss.kind}\` does not fit layer "${input.source}" (${predLayer?.kind ?? '?'}): ${fix}`, loss.kindRange);
    }
    return { ...loss, input };
  }
  if (own && predLayer === lastLayer) {
    diag.add('E_CONFLICT', `layer "${lastLayer.name}" (${lastLayer.kind}) trains on its own objective \`${own}\`; remove \`loss\` or write \`loss: ${own}\``, loss.kindRange);
    return { ...loss, input };
  }
  const targetName = loss.target?.source ?? dataTarget;
  if (!targetName) {
    diag.add('E_REQUIRED', `loss \`${loss.kind}\` needs a target, and the data names none; write \`target:\` under \`data\``, loss.kindRange);
    return { ...loss, input };
  }
  const target: InputRef = loss.target ?? { text: targetName, source: targetName, range: loss.kindRange, implicit: true };
  const t = targetValue(target, inference, diag);
  const problems = diag.count;
  if (pred && t) checkShapes(loss.kind, def.target, pred, t, input, target, loss.kindRange, diag);
  // Shapes first: a prediction of the wrong shape is wrong whatever its range.
  if (diag.count === problems && def.probabilities && predLayer && !layerKind(predLayer.kind)?.probabilities) {
    const fix = `end the model with \`- sigmoid\`, or use \`bce_with_logits\`, which takes any score`;
    diag.add('E_CONFLICT', `loss \`${loss.kind}\` takes probabilities in [0, 1], but layer "${predLayer.name}" (${predLayer.kind}) gives any number: ${fix}`, loss.kindRange);
  }
  return { ...loss, input, target };
}

function ownLoss(layer: LayerSpec, inference: Inference): string | undefined {
  const src = inference.values.get(layer.name);
  if (src?.kind !== 'layer' || !src.def.ownLoss) return undefined;
  return src.def.ownLoss(layer.attrs);
}

function predicted(ref: InputRef, inference: Inference, diag: Diagnostics): Value | null {
  const src = inference.values.get(ref.source);
  if (!src || src.kind === 'field') {
    const layers = [...inference.values].filter(([, s]) => s.kind === 'layer').map(([k]) => k);
    diag.add('E_REF', `loss input \`${ref.text}\` is not a layer${suggestion(ref.source, layers)}`, ref.range);
    return null;
  }
  if (!src.outputs) return null;
  const name = ref.output ?? src.def.outputs[0].name;
  const v = own(src.outputs, name);
  if (!v) diag.add('E_REF', `layer "${ref.source}" has no output \`${name}\`; its outputs are ${Object.keys(src.outputs).join(', ')}`, ref.range);
  return v ?? null;
}

function targetValue(ref: InputRef, inference: Inference, diag: Diagnostics): Value | null {
  const src = inference.values.get(ref.source);
  if (src?.kind === 'field') return src.value;
  const fields = [...inference.values].filter(([, s]) => s.kind === 'field').map(([k]) => k);
  diag.add('E_REF', `loss target \`${ref.text}\` is not a data field${suggestion(ref.source, fields) || `; the fields are ${fields.join(', ')}`}`, ref.range);
  return null;
}

function checkShapes(kind: string, rule: 'same' | 'classes', pred: Value, target: Value, input: InputRef, tref: InputRef, at: SourceRange, diag: Diagnostics): void {
  const p = `the prediction ${fmt(pred.shape)} (from "${input.source}")`;
  const t = `the target ${fmt(target.shape)} (data field "${tref.source}")`;
  const shape = (message: string) => diag.add('E_SHAPE', `loss \`${kind}\`: ${message}`, at);
  if (pred.kind !== 'float') return shape(`${p} is not numbers`);
  if (rule === 'same') {
    if (target.kind === 'index') return shape(`${t} holds class ids; use \`cross_entropy\`, or \`labels: column\`/\`onehot\` in the task`);
    // The perceptron gives one 0/1 per example (N) and compares it with a column (N,1) or (N).
    const squeezed = kind === 'perceptron' && target.shape[target.shape.length - 1] === 1 ? target.shape.slice(0, -1) : null;
    if (!sameShape(pred.shape, target.shape) && !(squeezed && sameShape(pred.shape, squeezed))) return shape(`${p} and ${t} must have the same shape`);
    return;
  }
  const ids = target.kind === 'index' || (target.kind === 'float' && target.classes !== undefined);
  if (!ids) return shape(`cross_entropy compares scores with class ids, but ${t} holds numbers; use \`bce\` or \`mse\`, or class ids (\`labels: index\`)`);
  if (!sameShape(pred.shape.slice(0, -1), target.shape)) {
    return shape(`${p} must be the target's shape plus one axis of class scores: ${t} needs a prediction ${fmt([...target.shape, pred.shape[pred.shape.length - 1]])}`);
  }
  const c = pred.shape[pred.shape.length - 1];
  if (target.classes !== undefined && target.classes > c) shape(`${t} has ${target.classes} classes, but ${p} scores only ${c}`);
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
