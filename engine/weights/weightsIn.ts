import { formatShape, sameShape } from '../tensor/shape';
import type { Tensor } from '../tensor/tensor';
import { layerTensors, type ParamShapes, type TorchTensor } from './torchNames';
import { blockShape, type LayerParams } from './weightsOut';

/**
 * Saved weights into a built model: Backstep's own export or a PyTorch `state_dict`, read by the same
 * table (./torchNames.ts) reversed. Pure: the tensors come in (read by ./safetensorsRead.ts from bytes
 * some adapter read), the parameters are written in place — all of them or, when anything is
 * missing, extra or mis-shaped, none, and every problem is returned at once. Keys under
 * `optimizer/` (Backstep's optimizer state) are not parameters and are passed over.
 */
export interface WeightsSource {
  readonly shape: readonly number[];
  readonly data: ArrayLike<number>;
}

export type WeightProblem =
  | { readonly kind: 'missing'; readonly layer: string; readonly key: string; readonly params: readonly string[]; readonly shape: readonly number[]; readonly message: string }
  | { readonly kind: 'shape'; readonly layer: string; readonly key: string; readonly params: readonly string[]; readonly shape: readonly number[]; readonly found: readonly number[]; readonly message: string }
  | { readonly kind: 'extra'; readonly key: string; readonly found: readonly number[]; readonly message: string }
  | { readonly kind: 'refused'; readonly layer: string; readonly key: string; readonly message: string };

interface Planned {
  readonly layer: string;
  readonly key: string;
  readonly tensor: TorchTensor;
  readonly byKey: ReadonlyMap<string, Tensor>;
  readonly shapes: ParamShapes;
}

export function loadWeights(layers: readonly LayerParams[], file: ReadonlyMap<string, WeightsSource>): WeightProblem[] {
  const problems: WeightProblem[] = [];
  const planned: Planned[] = [];
  const used = new Set<string>();
  for (const layer of layers) {
    const prefix = `${layer.name}.`;
    const byKey = new Map(layer.params.map((p) => [p.name.startsWith(prefix) ? p.name.slice(prefix.length) : p.name, p]));
    const shapes: ParamShapes = new Map([...byKey].map(([k, t]) => [k, t.shape]));
    let mapped = layerTensors(layer.kind, shapes);
    if ('refused' in mapped) {
      const torchKey = [...file.keys()].find((k) => k.startsWith(`${prefix}weight_ih_l0`));
      if (torchKey) {
        used.add(torchKey);
        problems.push({ kind: 'refused', layer: layer.name, key: torchKey, message: `\`${torchKey}\` is PyTorch's GRU but layer ${layer.name} cannot take it: ${mapped.refused}` });
        for (const k of file.keys()) if (k.startsWith(prefix)) used.add(k);
        continue;
      }
      mapped = [...byKey.keys()].map((k) => ({ torch: k, blocks: [{ param: k }] }));
    }
    for (const tensor of mapped) planned.push({ layer: layer.name, key: `${prefix}${tensor.torch}`, tensor, byKey, shapes });
  }
  for (const p of planned) {
    used.add(p.key);
    const want = expectedShape(p.tensor, p.shapes);
    const params = p.tensor.blocks.map((b) => `${p.layer}.${b.param}`);
    const from = params.length === 1 ? params[0] : `${params.join(', ')}`;
    const found = file.get(p.key);
    if (!found) problems.push({ kind: 'missing', layer: p.layer, key: p.key, params, shape: want, message: `the file has no \`${p.key}\` ${formatShape(want)} for ${from}` });
    else if (!sameShape(found.shape, want)) {
      problems.push({ kind: 'shape', layer: p.layer, key: p.key, params, shape: want, found: found.shape, message: `\`${p.key}\` is ${formatShape(found.shape)} in the file but ${from} needs ${formatShape(want)}` });
    }
  }
  for (const [key, t] of file) {
    if (used.has(key) || key.startsWith('optimizer/')) continue;
    problems.push({ kind: 'extra', key, found: t.shape, message: `the file's \`${key}\` ${formatShape(t.shape)} matches no parameter of the model` });
  }
  if (problems.length) return problems;
  // Every tensor is read (decoded) before the first parameter is written, so a decoding error writes nothing.
  const data = planned.map((p) => file.get(p.key)!.data);
  // Whole tensors first, then the second bias of each PyTorch pair is added on (b = bias_ih + bias_hh).
  planned.forEach((p, i) => p.tensor.sumOf || write(p, data[i], false));
  planned.forEach((p, i) => p.tensor.sumOf && write(p, data[i], true));
  return [];
}

function expectedShape(t: TorchTensor, shapes: ParamShapes): readonly number[] {
  const first = blockShape(t.blocks[0], shapes.get(t.blocks[0].param)!);
  if (first.length === 0) return [];
  const rows = t.blocks.reduce((n, b) => n + shapes.get(b.param)![0], 0);
  return [rows, ...first.slice(1)];
}

/** Each block's rows of `data` into its parameter (its columns, when the block is a column range). */
function write(p: Planned, data: ArrayLike<number>, add: boolean): void {
  let at = 0;
  for (const b of p.tensor.blocks) {
    const param = p.byKey.get(b.param)!;
    const [from, to] = b.cols ?? [0, param.size];
    const width = b.cols ? param.shape[1] : param.size;
    for (let r = 0; r < param.size / width; r++) {
      for (let i = r * width + from; i < r * width + to; i++) param.data[i] = (add ? param.data[i] : 0) + data[at++];
    }
  }
}
