import { Diagnostics, type Diagnostic, type SourceRange } from '../model/diagnostics';
import type { InitSpec } from '../model/spec';
import type { FileBytes } from '../model/files';
import { parseSafetensors, SafetensorsError } from './safetensorsRead';
import { loadWeights, type WeightsSource } from './weightsIn';
import type { LayerParams } from './weightsOut';

/**
 * `init: { from: weights.safetensors }`: the file's bytes (read by an adapter; null when it could not
 * be read) into a built model's parameters. Every problem is a diagnostic of the model file: a
 * missing or mis-shaped tensor at the layer that needs it, an extra one or an unreadable file at
 * `from`. Nothing is written unless there is no problem.
 */
export function applyInitWeights(layers: readonly (LayerParams & { readonly range: SourceRange })[], init: InitSpec, read: FileBytes): Diagnostic[] {
  const diag = new Diagnostics();
  if (!read.ok) {
    diag.add('E_VALUE', `cannot read the weights file \`${init.from}\`: ${read.message}`, init.fromRange);
    return diag.sorted();
  }
  const bytes = read.bytes;
  let file: Map<string, WeightsSource>;
  try {
    file = new Map([...parseSafetensors(bytes, init.from).tensors].map(([k, e]) => [k, lazy(e.shape, () => e.values())]));
  } catch (e) {
    if (!(e instanceof SafetensorsError)) throw e;
    diag.add('E_VALUE', e.message, init.fromRange);
    return diag.sorted();
  }
  let problems;
  try {
    problems = loadWeights(layers, file);
  } catch (e) {
    if (!(e instanceof SafetensorsError)) throw e;
    diag.add('E_VALUE', e.message, init.fromRange);
    return diag.sorted();
  }
  for (const p of problems) {
    const layer = 'layer' in p ? layers.find((l) => l.name === p.layer) : undefined;
    const where = p.kind === 'missing' || p.kind === 'shape' ? layer!.range : init.fromRange;
    diag.add(p.kind === 'shape' ? 'E_SHAPE' : p.kind === 'refused' ? 'E_CONFLICT' : 'E_VALUE', `init from ${init.from}: ${p.message}`, where, 'layer' in p ? p.layer : undefined);
  }
  return diag.sorted();
}

/** A tensor whose values are decoded the first time they are read (only when every check passed). */
function lazy(shape: readonly number[], decode: () => Float64Array): WeightsSource {
  let data: Float64Array | null = null;
  return {
    shape,
    get data() {
      data ??= decode();
      return data;
    },
  };
}
