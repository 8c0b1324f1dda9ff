import type { Tape } from '../autograd/tape';
import { own } from '../dict';
import { fail } from '../errors';
import { layerKind, type SlotDef } from '../model/catalog';
import type { InferredLayer } from '../model/infer';
import type { InputRef } from '../model/spec';
import type { Tensor } from '../tensor/tensor';
import { located } from './located';
import type { NodeRole } from './objective';
import type { BuiltLayer, LayerOutputs, SlotValues, Wire } from './wire';

/**
 * Runs the built layers in model order. Each input slot reads what the checked model wired into it:
 * a data field of the batch, or an output of an earlier layer (a bare layer name means its main
 * output, or the output the slot asks for, e.g. a recurrent layer's `state`). Every node a layer
 * records is attributed to it; an error inside a layer is located at that layer's lines.
 */
export interface LayerRun {
  readonly outputs: ReadonlyMap<string, LayerOutputs>;
  readonly roles: NodeRole[];
}

export function runLayers(tape: Tape, inferred: readonly InferredLayer[], layers: readonly BuiltLayer[], fields: Readonly<Record<string, Tensor>>, wanted: ReadonlyMap<string, ReadonlySet<string>>): LayerRun {
  const outputs = new Map<string, LayerOutputs>();
  const roles: NodeRole[] = [];
  layers.forEach((layer, i) => {
    const info = inferred[i];
    try {
      const inputs = slotValues(info, fields, outputs);
      outputs.set(layer.name, layer.forward(tape, inputs, wanted.get(layer.name) ?? new Set()));
    } catch (e) {
      throw located(e, layer.name, layer.range);
    } finally {
      while (roles.length < tape.nodes.length) roles.push({ phase: 'forward', layer: i });
    }
  });
  return { outputs, roles };
}

function slotValues(info: InferredLayer, fields: Readonly<Record<string, Tensor>>, outputs: ReadonlyMap<string, LayerOutputs>): SlotValues {
  const def = layerKind(info.kind);
  if (!def) fail('E_ARGUMENT', `unknown layer kind "${info.kind}"`, { layer: info.name });
  const values: Record<string, Wire | readonly Wire[] | undefined> = {};
  for (const slot of def.inputs) {
    const refs = info.inputs[slot.name] ?? [];
    if (refs.length === 0) continue;
    const wires = refs.map((r) => resolveRef(r, slot, fields, outputs));
    values[slot.name] = slot.variadic ? wires : wires[0];
  }
  return values;
}

/** The output a reference reads: as written, else the slot's (`state`), else the layer's main one. */
export function outputName(ref: InputRef, slot: SlotDef | null, kind: string): string {
  if (ref.output) return ref.output;
  const names = layerKind(kind)?.outputs.map((o) => o.name) ?? [];
  return slot?.output && names.includes(slot.output) ? slot.output : names[0];
}

function resolveRef(ref: InputRef, slot: SlotDef, fields: Readonly<Record<string, Tensor>>, outputs: ReadonlyMap<string, LayerOutputs>): Wire {
  const field = own(fields, ref.source);
  if (field) return field;
  const out = outputs.get(ref.source);
  if (!out) return fail('E_ARGUMENT', `\`${ref.text}\` is neither a data field of the batch nor an earlier layer`);
  const names = Object.keys(out);
  const name = ref.output ?? (slot.output && own(out, slot.output) ? slot.output : names[0]);
  return own(out, name) ?? fail('E_ARGUMENT', `layer "${ref.source}" gave no output \`${name}\` (it gave ${names.join(', ')})`);
}

/** For every layer, the outputs that later layers or the loss read (so optional ones can be skipped). */
export function wantedOutputs(inferred: readonly InferredLayer[], loss: InputRef | null): Map<string, Set<string>> {
  const kinds = new Map(inferred.map((l) => [l.name, l.kind]));
  const wanted = new Map<string, Set<string>>(inferred.map((l) => [l.name, new Set<string>()]));
  const mark = (ref: InputRef, slot: SlotDef | null) => {
    const kind = kinds.get(ref.source);
    if (kind) wanted.get(ref.source)?.add(outputName(ref, slot, kind));
  };
  for (const l of inferred) {
    const def = layerKind(l.kind);
    for (const slot of def?.inputs ?? []) for (const r of l.inputs[slot.name] ?? []) mark(r, slot);
  }
  if (loss) mark(loss, null);
  return wanted;
}
