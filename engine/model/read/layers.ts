import { dict } from '../../dict';
import { LIMITS, overLimit } from '../../limits';
import { count } from '../budget';
import { readAttrs } from '../attrs';
import { LAYER_COMMON_KEYS, LAYER_KINDS, layerKind, type LayerKindDef } from '../catalog';
import type { Diagnostics, SourceRange } from '../diagnostics';
import type { InputRef, LayerSpec } from '../spec';
import { describeNode, entryOf, type SMap, type SNode } from '../source';
import { readKindHead, type KindHead } from './kind';
import { NAME_PATTERN, readRef, readRefList } from './refs';

/**
 * `model:` is a list of layers run in order, each `- kind` or `- kind: { settings }`. Settings may
 * include `name`, and the layer's inputs by slot name (`keys: encoder`, `state: encoder`); `input`
 * names the first slot. Unwritten inputs come from the previous layer.
 */
export function readLayers(node: SNode, diag: Diagnostics): LayerSpec[] {
  if (node.kind === 'map' && node.entries[0]?.key === 'onnx' && node.entries[0].value.kind === 'scalar') return [readGraphModel(node, diag)];
  if (node.kind !== 'seq' || node.items.length === 0) {
    const got = node.kind === 'seq' ? 'an empty list' : describeNode(node);
    diag.add('E_TYPE', `\`model\` must be a list of layers, one per line starting with \`- \` (e.g. \`- linear: { out: 4 }\`), got ${got}`, node.range);
    return [];
  }
  if (node.items.length > LIMITS.layers.max) {
    const over = node.items[LIMITS.layers.max].range;
    diag.add('E_BUDGET', overLimit(LIMITS.layers, `\`model\` has ${count(node.items.length)} layers (this is layer ${count(LIMITS.layers.max + 1)})`), over);
    return [];
  }
  // Names first, so every message about a layer can name it (`linear2` when no name is written).
  const heads = node.items
    .map((item) => ({ item, head: readKindHead(item, LAYER_KINDS.map((k) => k.kind), 'layer', diag) }))
    .filter((h): h is { item: SNode; head: KindHead } => h.head !== null)
    .map(({ item, head }) => ({ item, head, given: readName(head.settings, diag) }));
  const names = layerNames(heads.map((h) => ({ kind: h.head.kind, given: h.given })));
  return heads.map(({ item, head, given }, i) => readLayer(item, head, names[i], given !== undefined, diag));
}

function readLayer(item: SNode, head: KindHead, name: string, named: boolean, diag: Diagnostics): LayerSpec {
  const def = layerKind(head.kind)!;
  const owner = `${head.kind} layer "${name}"`;
  const reserved = [...LAYER_COMMON_KEYS, ...def.inputs.map((s) => s.name)];
  const attrs = readAttrs(head.settings, def.attrs, { diag, owner, layer: name, reserved, at: head.kindRange });
  const inputs = readInputs(head.settings, def, diag, name);
  const nameRange = head.settings ? entryOf(head.settings, 'name')?.value.range : undefined;
  return { kind: head.kind, name, named, attrs: attrs.values, attrRanges: attrs.ranges, inputs, range: item.range, kindRange: head.kindRange, nameRange };
}

/**
 * `model: { onnx: encoder.onnx, output: logits }`: the whole model is one ONNX graph — the layer
 * `- onnx: { name: model, file: encoder.onnx, output: logits }`.
 */
function readGraphModel(node: SMap, diag: Diagnostics): LayerSpec {
  const [head, ...rest] = node.entries;
  const settings: SMap = { kind: 'map', entries: [{ ...head, key: 'file' }, ...rest], range: node.range };
  const given = readName(settings, diag);
  return readLayer(node, { kind: 'onnx', kindRange: head.keyRange, settings, range: node.range }, given ?? 'model', given !== undefined, diag);
}

function readName(settings: SMap | null, diag: Diagnostics): string | undefined {
  const entry = settings && entryOf(settings, 'name');
  if (!entry) return undefined;
  const v = entry.value;
  if (v.kind !== 'scalar' || typeof v.value !== 'string' || !NAME_PATTERN.test(v.value)) {
    diag.add('E_VALUE', `a layer name is a word of letters, digits and _ (it becomes part of tensor names like \`hidden.W\`), got ${describeNode(v)}`, v.range);
    return undefined;
  }
  return v.value;
}

/** Slot → references, from `input:` (the first slot) and the slots' own keys. */
function readInputs(settings: SMap | null, def: LayerKindDef, diag: Diagnostics, layer?: string): Record<string, InputRef[]> {
  const out = dict<InputRef[]>();
  if (!settings) return out;
  const first = def.inputs[0];
  const written = new Map<string, SourceRange>();
  for (const entry of settings.entries) {
    const slot = entry.key === 'input' ? first : def.inputs.find((s) => s.name === entry.key);
    if (!slot) continue;
    if (written.has(slot.name)) {
      diag.add('E_CONFLICT', `\`${entry.key}\` and \`${slot.name === entry.key ? 'input' : slot.name}\` both set the ${slot.name === first.name ? 'first ' : ''}input; write one`, entry.keyRange, layer);
      continue;
    }
    written.set(slot.name, entry.keyRange);
    const what = `input \`${entry.key}\``;
    if (slot.keyed) out[slot.name] = readKeyedRefs(entry.value, what, diag, layer);
    else out[slot.name] = slot.variadic ? readRefList(entry.value, what, diag, layer) : [readRef(entry.value, what, diag, layer)].filter((r): r is InputRef => r !== null);
  }
  return out;
}

/** `{ input_ids: tokens, attention_mask: mask }`: each reference under the name it is written for. */
function readKeyedRefs(node: SNode, what: string, diag: Diagnostics, layer?: string): InputRef[] {
  if (node.kind !== 'map') {
    diag.add('E_TYPE', `${what} must be a map from names to layers or data fields, e.g. \`{ input_ids: tokens }\`, got ${describeNode(node)}`, node.range, layer);
    return [];
  }
  return node.entries.flatMap((e) => {
    const ref = readRef(e.value, `${what} \`${e.key}\``, diag, layer);
    return ref ? [{ ...ref, key: { name: e.key, range: e.keyRange } }] : [];
  });
}

/** Unnamed layers are called `<kind><n>` (`linear1`, `tanh2`), skipping names already taken. */
function layerNames(layers: readonly { kind: string; given?: string }[]): string[] {
  const taken = new Set(layers.map((l) => l.given).filter((n): n is string => n !== undefined));
  const counts = new Map<string, number>();
  return layers.map(({ kind, given }) => {
    if (given) return given;
    let n = counts.get(kind) ?? 0;
    let name: string;
    do name = `${kind}${++n}`;
    while (taken.has(name));
    counts.set(kind, n);
    taken.add(name);
    return name;
  });
}
