import type { OnnxModel } from './import';
import { moduleScopes } from './node';
import { leafName } from './ops/util';

/**
 * The Softmax nodes of an imported graph that compute attention weights: the left operand of a MatMul
 * (weights × values), with an output of (B, heads, Tq, Tk) or (B·heads, Tq, Tk) — the latter as torch
 * 1.13's nn.MultiheadAttention computes every head of a batch at once. Keyed by the op's tape name
 * below the layer (`encoder/layers.0/self_attn/Softmax`), with the number of heads.
 */
export function attentionSoftmaxes(model: OnnxModel): Map<string, number> {
  const batch = model.inputs[0]?.shape[0] ?? 1;
  const leftOfMatMul = new Set(model.plan.filter((n) => n.opType === 'MatMul').map((n) => n.inputs[0]));
  const out = new Map<string, number>();
  for (const node of model.plan) {
    if (node.opType !== 'Softmax' || !leftOfMatMul.has(node.outputs[0])) continue;
    const shape = model.shapes.get(node.outputs[0]);
    const heads = shape?.length === 4 ? shape[1] : shape?.length === 3 && shape[0] % batch === 0 ? shape[0] / batch : null;
    if (heads) out.set([...moduleScopes(node.name), leafName(node.name)].join('/'), heads);
  }
  return out;
}

const cache = new WeakMap<OnnxModel, Map<string, number>>();

/** The attention softmaxes of every onnx layer of a model, by their full tape name (`encoder/layers.0/self_attn/Softmax`). */
export function importedAttention(layers: readonly { readonly name: string; readonly imported?: OnnxModel }[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const l of layers) {
    if (!l.imported) continue;
    let found = cache.get(l.imported);
    if (!found) cache.set(l.imported, (found = attentionSoftmaxes(l.imported)));
    for (const [name, heads] of found) out.set(`${l.name}/${name}`, heads);
  }
  return out;
}
