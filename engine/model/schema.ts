import type { AttrDef, AttrTable, AttrType } from './attrs';
import { LAYER_KINDS, type LayerKindDef } from './catalog';
import { TASKS } from './catalog/data';
import { ARRAY_FORMATS, TABLE_ATTRS, TABLE_FORMATS, TABLE_NAME_KEYS, TEXT_ATTRS, TEXT_FILE_DOCS, VALIDATION_ATTRS, VALIDATION_DOC, VALIDATION_FILE_DOC } from './catalog/files';
import { BREAKPOINTS, CLIP_ATTRS, DEBUG_ATTRS, GENERATE_ATTRS, INIT_ATTRS, LOSSES, OPTIMIZERS, SCHEDULES, TRAINING_ATTRS } from './catalog/training';

/**
 * The JSON Schema (draft-07) of `*.nn.yaml` / `*.nn.json`, generated from the catalogue so editors
 * complete and check exactly what the parser accepts. `tools/gen-schema.ts` writes it to
 * `schemas/nn.schema.json`; a test keeps the committed file up to date.
 */
type Schema = Record<string, unknown>;

const REF_PATTERN = '^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?$';
const NAME_PATTERN = '^[A-Za-z_][A-Za-z0-9_]*$';

export function modelSchema(): Schema {
  const definitions: Record<string, Schema> = {
    ref: { type: 'string', pattern: REF_PATTERN, description: 'a data field, an earlier layer (`encoder`) or one of its outputs (`encoder.state`)' },
    layer: { anyOf: [bareKinds(LAYER_KINDS.map((k) => ({ kind: k.kind, attrs: k.attrs })), 'a layer without settings'), ...LAYER_KINDS.map((k) => ({ $ref: `#/definitions/layer.${k.kind}` }))] },
    data: dataSchema(),
    nested: { anyOf: [{ type: 'number' }, { type: 'array', items: { $ref: '#/definitions/nested' }, minItems: 1 }] },
    loss: tagged(LOSSES, { input: { $ref: '#/definitions/ref', description: 'the prediction (default: the last layer)' }, target: { $ref: '#/definitions/ref', description: 'the target data field (default: the data\'s target)' } }),
    training: trainingSchema(),
    debug: debugSchema(),
  };
  for (const k of LAYER_KINDS) definitions[`layer.${k.kind}`] = layerSchema(k);
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Backstep model file',
    description: 'A neural network to step through in the Backstep debugger: its data, layers, loss, training and debugging defaults.',
    type: 'object',
    additionalProperties: false,
    required: ['data', 'model'],
    properties: {
      $schema: { type: 'string' },
      name: { type: 'string', description: 'a short name, shown in the debugger', default: 'model' },
      description: { type: 'string', description: 'what the model shows and what to watch (shown in the UI)' },
      seed: { type: 'integer', minimum: 0, maximum: 4294967295, default: 0, description: 'seed of every random draw: initial weights, data, batches' },
      dtype: { enum: ['float64', 'float32'], default: 'float64', description: 'floating-point precision of every tensor' },
      data: { $ref: '#/definitions/data' },
      model: {
        anyOf: [
          { type: 'array', minItems: 1, items: { $ref: '#/definitions/layer' } },
          { type: 'object', required: ['onnx'], properties: { onnx: { type: 'string', description: 'an ONNX file exported from PyTorch: the whole model (a layer `model`)' } } },
        ],
        description: 'the layers, run in order; each reads the previous one unless it names its inputs (or `{ onnx: file.onnx, output: … }`: one imported graph)',
      },
      loss: { $ref: '#/definitions/loss' },
      training: { $ref: '#/definitions/training' },
      debug: { $ref: '#/definitions/debug' },
      init: { type: 'object', description: 'start from saved weights instead of the seed\'s', additionalProperties: false, required: requiredOf(INIT_ATTRS), properties: attrProps(INIT_ATTRS) },
    },
    definitions,
  };
}

function layerSchema(k: LayerKindDef): Schema {
  const props: Record<string, Schema> = {
    name: { type: 'string', pattern: NAME_PATTERN, description: 'the layer\'s name (default: kind and number, e.g. linear1); parameters are named <name>.W' },
    input: { $ref: '#/definitions/ref', description: `the first input, \`${k.inputs[0].name}\`: ${k.inputs[0].doc}` },
  };
  for (const slot of k.inputs) {
    if (slot.keyed) props[slot.name] = { type: 'object', additionalProperties: { $ref: '#/definitions/ref' }, description: slot.doc };
    else props[slot.name] = slot.variadic ? { type: 'array', minItems: 2, items: { $ref: '#/definitions/ref' }, description: slot.doc } : { $ref: '#/definitions/ref', description: slot.doc };
  }
  Object.assign(props, attrProps(k.attrs));
  const settings: Schema = { type: 'object', additionalProperties: false, properties: props };
  const required = requiredOf(k.attrs);
  if (required.length) settings.required = required;
  const value = required.length ? settings : { anyOf: [{ type: 'null' }, settings] };
  return { type: 'object', description: k.doc, additionalProperties: false, required: [k.kind], maxProperties: 1, properties: { [k.kind]: value } };
}

/** `kind` or `{ kind: { settings } }`, for tables of kinds with settings. */
function tagged(table: readonly { kind: string; doc: string; attrs: AttrTable }[], extra: Record<string, Schema> = {}): Schema {
  const objects = table.map((k) => {
    const settings: Schema = { type: 'object', additionalProperties: false, properties: { ...extra, ...attrProps(k.attrs) } };
    const required = requiredOf(k.attrs);
    if (required.length) settings.required = required;
    const value = required.length ? settings : { anyOf: [{ type: 'null' }, settings] };
    return { type: 'object', description: k.doc, additionalProperties: false, required: [k.kind], maxProperties: 1, properties: { [k.kind]: value } };
  });
  return { anyOf: [bareKinds(table, 'a kind without settings'), ...objects] };
}

function bareKinds(table: readonly { kind: string; attrs: AttrTable }[], description: string): Schema {
  return { type: 'string', enum: table.filter((k) => requiredOf(k.attrs).length === 0).map((k) => k.kind), description };
}

function requiredOf(attrs: AttrTable): string[] {
  return Object.entries(attrs)
    .filter(([, a]) => a.required)
    .map(([k]) => k);
}

function attrProps(attrs: AttrTable): Record<string, Schema> {
  return Object.fromEntries(Object.entries(attrs).map(([k, a]) => [k, attrSchema(a)]));
}

export function attrSchema(a: AttrDef): Schema {
  const s: Schema = { ...typeSchema(a.type), description: a.doc };
  if (a.default !== undefined) s.default = a.default;
  return s;
}

function typeSchema(t: AttrType): Schema {
  switch (t.kind) {
    case 'boolean':
      return { type: 'boolean' };
    case 'string':
      return { type: 'string' };
    case 'enum':
      return { enum: [...t.values] };
    case 'int_list':
      return { type: 'array', items: bounds({ type: 'integer' }, t.min, t.max), minItems: t.minItems ?? 0, ...(t.maxItems !== undefined ? { maxItems: t.maxItems } : {}) };
    case 'switch':
      return { anyOf: [{ type: 'boolean' }, bounds({ type: 'number' }, t.min, t.max, true)] };
    case 'int':
      return bounds({ type: 'integer' }, t.min, t.max);
    default:
      return bounds({ type: 'number' }, t.min, t.max, t.minExclusive, t.maxExclusive);
  }
}

function bounds(s: Schema, min?: number, max?: number, minExclusive = false, maxExclusive = false): Schema {
  if (min !== undefined) s[minExclusive ? 'exclusiveMinimum' : 'minimum'] = min;
  if (max !== undefined) s[maxExclusive ? 'exclusiveMaximum' : 'maximum'] = max;
  return s;
}

function dataSchema(): Schema {
  const field = { type: 'string', pattern: NAME_PATTERN };
  const path = { type: 'string', minLength: 1, pattern: '^(?![A-Za-z][A-Za-z0-9+.-]+:)' };
  const column = { anyOf: [{ type: 'string', minLength: 1 }, { type: 'number' }] };
  const columns = { type: 'array', minItems: 1, uniqueItems: true, items: column };
  const sources = ['task', 'tensors', 'text', 'pairs', ...TABLE_FORMATS.map((f) => f.key), ...ARRAY_FORMATS.map((f) => f.key)];
  const arrays: Record<string, Schema> = {
    npy: { type: 'object', minProperties: 1, propertyNames: { pattern: NAME_PATTERN }, additionalProperties: path },
    npz: path,
    safetensors: path,
  };
  return {
    type: 'object',
    description: 'what to train on: one of a built-in `task`, inline `tensors`, a `text` corpus, `pairs`, or a data file (`csv`, `tsv`, `npy`, `npz`, `safetensors`)',
    // Beside `safetensors`, a data field names a tensor (`x: inputs`); the checker refuses such keys beside any other source.
    additionalProperties: { ...field, description: 'beside `safetensors`: a data field naming one of its tensors, e.g. `x: inputs`' },
    properties: {
      task: tagged(TASKS.map((t) => ({ kind: t.task, doc: t.doc, attrs: t.attrs }))),
      tensors: {
        type: 'object',
        description: 'named tensors as nested lists of numbers; the first axis runs over examples',
        minProperties: 1,
        propertyNames: { pattern: NAME_PATTERN },
        additionalProperties: { type: 'array', minItems: 1, items: { $ref: '#/definitions/nested' } },
      },
      text: {
        description: `sentences of a corpus for word embeddings, or ${TEXT_FILE_DOCS.text}`,
        anyOf: [{ type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } }, path],
      },
      pairs: {
        description: `source → target pairs, "source words -> target words", or ${TEXT_FILE_DOCS.pairs}`,
        anyOf: [{ type: 'array', minItems: 1, items: { type: 'string', pattern: '^[^>]*\\S[^>]*->[^>]*\\S[^>]*$' } }, path],
      },
      ...attrProps(TEXT_ATTRS),
      ...Object.fromEntries(TABLE_FORMATS.map((f) => [f.key, { ...path, description: f.doc }])),
      ...Object.fromEntries(ARRAY_FORMATS.map((f) => [f.key, { ...arrays[f.key], description: f.doc }])),
      features: {
        description: TABLE_NAME_KEYS.features,
        anyOf: [columns, { type: 'object', additionalProperties: false, required: ['all_but'], properties: { all_but: { anyOf: [column, columns], description: 'the columns that are not features (the target is left out anyway)' } } }],
      },
      classes: { ...columns, description: TABLE_NAME_KEYS.classes },
      ...attrProps(TABLE_ATTRS),
      validation: {
        description: VALIDATION_DOC,
        anyOf: [
          { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
          { type: 'object', additionalProperties: false, properties: { ...attrProps(VALIDATION_ATTRS), file: { ...path, description: VALIDATION_FILE_DOC } } },
        ],
      },
      input: { ...field, description: 'the field the first layer reads' },
      target: { ...column, description: TABLE_NAME_KEYS.target },
    },
    oneOf: sources.map((s) => ({ required: [s] })),
  };
}

function trainingSchema(): Schema {
  return {
    type: 'object',
    description: 'optimizer, learning rate and schedule, clipping, batch size, steps',
    additionalProperties: false,
    properties: {
      optimizer: tagged(OPTIMIZERS),
      schedule: tagged(SCHEDULES),
      clip: {
        type: 'object',
        description: 'gradient clipping: `norm: <max joint L2 norm>` or `value: <max |g|>`',
        additionalProperties: false,
        properties: attrProps(CLIP_ATTRS),
        minProperties: 1,
        maxProperties: 1,
      },
      generate: {
        type: 'object',
        description: 'a language model (data `text: <file>` with `length`) writes a line of text every few steps, to the Debug Console and `backstep run`',
        additionalProperties: false,
        properties: attrProps(GENERATE_ATTRS),
      },
      ...attrProps(TRAINING_ATTRS),
    },
  };
}

function debugSchema(): Schema {
  return {
    type: 'object',
    description: 'debugging defaults',
    additionalProperties: false,
    properties: {
      ...attrProps(DEBUG_ATTRS),
      break_on: { type: 'object', description: 'exception breakpoints: which are on, and their thresholds', additionalProperties: false, properties: attrProps(BREAKPOINTS) },
    },
  };
}
