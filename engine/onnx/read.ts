import { onnx } from 'onnx-proto';
import { BackstepError, fail } from '../errors';
import { LIMITS, overLimit } from '../limits';
import { count } from '../model/budget';
import { Tensor } from '../tensor/tensor';
import type { OnnxAttr, OnnxDtype } from './handlers';

/**
 * An ONNX file, decoded by the ONNX protobuf definitions (onnx-proto) and checked before anything is
 * allocated from it: the file's size against `LIMITS.dataFileBytes`, every tensor's declared dims
 * against the bytes that carry them. Numbers become float64 tensors (int64 and bool too: indices and
 * masks are exact in float64 up to 2^53); `OnnxValue.dtype` keeps what they were.
 */
export type { OnnxDtype } from './handlers';

export interface OnnxValue {
  readonly tensor: Tensor;
  readonly dtype: OnnxDtype;
}

export interface OnnxNode {
  readonly name: string;
  readonly opType: string;
  readonly domain: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attrs: ReadonlyMap<string, OnnxAttr>;
  /** Attributes of a kind the importer does not read (graphs, sparse tensors …), by name. */
  readonly unreadAttrs: readonly string[];
}

export interface OnnxIo {
  readonly name: string;
  /** A dim is a number, or the name of a symbolic (dynamic) dim, or null when not stated. */
  readonly shape: readonly (number | string | null)[] | null;
  readonly dtype: OnnxDtype | null;
  /** The ONNX element type number, for messages when it is not supported. */
  readonly elemType: number;
}

export interface OnnxGraph {
  readonly file: string;
  readonly opset: number;
  readonly nodes: readonly OnnxNode[];
  readonly initializers: ReadonlyMap<string, OnnxValue>;
  /** Graph inputs that are not initializers: what the data feeds. */
  readonly inputs: readonly OnnxIo[];
  readonly outputs: readonly OnnxIo[];
}

const T = onnx.TensorProto.DataType;

/** ONNX element types the importer reads, with the bytes per element of their raw_data. */
const DTYPES = new Map<number, { dtype: OnnxDtype; bytes: number; name: string }>([
  [T.FLOAT, { dtype: 'float', bytes: 4, name: 'float32' }],
  [T.DOUBLE, { dtype: 'float', bytes: 8, name: 'float64' }],
  [T.INT64, { dtype: 'int', bytes: 8, name: 'int64' }],
  [T.INT32, { dtype: 'int', bytes: 4, name: 'int32' }],
  [T.BOOL, { dtype: 'bool', bytes: 1, name: 'bool' }],
]);

export const SUPPORTED_DTYPES = [...DTYPES.values()].map((d) => d.name).join(', ');

export function dtypeOf(elemType: number): OnnxDtype | null {
  return DTYPES.get(elemType)?.dtype ?? null;
}

export function dtypeName(elemType: number): string {
  return DTYPES.get(elemType)?.name ?? onnx.TensorProto.DataType[elemType] ?? `type ${elemType}`;
}

type Long = { toNumber(): number };
const num = (v: number | Long | null | undefined): number => (v == null ? 0 : typeof v === 'number' ? v : v.toNumber());

export function readOnnx(bytes: Uint8Array, file: string): OnnxGraph {
  if (bytes.length > LIMITS.dataFileBytes.max) {
    fail('E_BUDGET', overLimit(LIMITS.dataFileBytes, `${file}: the ONNX file has ${count(bytes.length)} bytes`), { file });
  }
  let model: onnx.ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (e) {
    fail('E_ARGUMENT', `${file}: not a readable ONNX model (${(e as Error).message}); is the file complete?`, { file });
  }
  const g = model.graph;
  if (!g) fail('E_ARGUMENT', `${file}: the ONNX model has no graph`, { file });
  const opset = model.opsetImport.find((o) => !o.domain || o.domain === 'ai.onnx')?.version;
  const initializers = new Map<string, OnnxValue>();
  for (const t of g.initializer ?? []) initializers.set(t.name ?? '', readTensor(t, `${file}: initializer "${t.name}"`));
  return {
    file,
    opset: num(opset),
    nodes: (g.node ?? []).map((n, i) => readNode(n, i, file)),
    initializers,
    inputs: (g.input ?? []).filter((v) => !initializers.has(v.name ?? '')).map(readIo),
    outputs: (g.output ?? []).map(readIo),
  };
}

function readIo(v: onnx.IValueInfoProto): OnnxIo {
  const t = v.type?.tensorType;
  const elemType = t?.elemType ?? 0;
  const shape = t?.shape ? (t.shape.dim ?? []).map((d) => (d.dimParam ? d.dimParam : d.dimValue != null ? num(d.dimValue) : null)) : null;
  return { name: v.name ?? '', shape, dtype: dtypeOf(elemType), elemType };
}

function readNode(n: onnx.INodeProto, index: number, file: string): OnnxNode {
  const name = n.name || `${n.opType}#${index}`;
  const attrs = new Map<string, OnnxAttr>();
  const unreadAttrs: string[] = [];
  for (const a of n.attribute ?? []) {
    const v = readAttr(a, `${file}: node "${name}" (${n.opType}), attribute "${a.name}"`);
    if (v === null) unreadAttrs.push(a.name ?? '');
    else attrs.set(a.name ?? '', v);
  }
  return { name, opType: n.opType ?? '', domain: n.domain ?? '', inputs: n.input ?? [], outputs: n.output ?? [], attrs, unreadAttrs };
}

const A = onnx.AttributeProto.AttributeType;
const utf8 = new TextDecoder();

function readAttr(a: onnx.IAttributeProto, where: string): OnnxAttr | null {
  switch (a.type) {
    case A.FLOAT: return a.f ?? 0;
    case A.INT: return num(a.i);
    case A.STRING: return utf8.decode(a.s ?? new Uint8Array());
    case A.FLOATS: return [...(a.floats ?? [])];
    case A.INTS: return (a.ints ?? []).map(num);
    case A.STRINGS: return (a.strings ?? []).map((s) => utf8.decode(s));
    case A.TENSOR: return a.t ? readTensor(a.t, where).tensor : null;
    default: return null;
  }
}

/**
 * The dtype of a tensor attribute (a Constant's `value`, ConstantOfShape's) is kept beside it here,
 * since OnnxAttr holds the bare Tensor.
 */
export const attrDtypes = new WeakMap<Tensor, OnnxDtype>();

/** A TensorProto as a float64 tensor; the declared size is checked against the data before allocating. */
export function readTensor(t: onnx.ITensorProto, where: string): OnnxValue {
  const elemType = t.dataType ?? 0;
  const type = DTYPES.get(elemType);
  if (!type) fail('E_DTYPE', `${where}: element type ${dtypeName(elemType)} is not supported (supported: ${SUPPORTED_DTYPES})`);
  if (t.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL) {
    fail('E_ARGUMENT', `${where}: the data is stored outside the file (external data); export the model with its weights inside (\`torch.onnx.export(..., export_params=True)\` under 2 GB)`);
  }
  const dims = (t.dims ?? []).map(num);
  if (dims.some((d) => !Number.isSafeInteger(d) || d < 0)) fail('E_SHAPE', `${where}: dims [${dims.join(', ')}] are not all non-negative integers`);
  const size = dims.reduce((a, b) => a * b, 1);
  const raw = t.rawData && t.rawData.length ? t.rawData : null;
  const listed = listedValues(t, elemType);
  const have = raw ? raw.length / type.bytes : listed.length;
  if (size !== have) {
    const what = raw ? `${raw.length} bytes of raw data (${type.bytes} per ${type.name})` : `${listed.length} values`;
    fail('E_SHAPE', `${where}: dims [${dims.join(', ')}] declare ${count(size)} values but the file holds ${what}`);
  }
  const data = new Float64Array(size);
  if (raw) decodeRaw(raw, elemType, data);
  else for (let i = 0; i < size; i++) data[i] = num(listed[i]);
  const tensor = new Tensor(data, dims);
  attrDtypes.set(tensor, type.dtype);
  return { tensor, dtype: type.dtype };
}

function listedValues(t: onnx.ITensorProto, elemType: number): readonly (number | Long)[] {
  if (elemType === T.FLOAT) return t.floatData ?? [];
  if (elemType === T.DOUBLE) return t.doubleData ?? [];
  if (elemType === T.INT64) return (t.int64Data ?? []) as (number | Long)[];
  return t.int32Data ?? [];
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * raw_data is little-endian whatever the machine. Float weights (megabytes of them) are read as one
 * typed-array copy where the machine is little-endian too (an aligned copy of the bytes first).
 */
function decodeRaw(raw: Uint8Array, elemType: number, out: Float64Array): void {
  if (LITTLE_ENDIAN && (elemType === T.FLOAT || elemType === T.DOUBLE)) {
    const bytes = raw.byteOffset % 8 === 0 ? raw : new Uint8Array(raw); // a copy (a Buffer's slice would share the offset)
    out.set(elemType === T.FLOAT ? new Float32Array(bytes.buffer, bytes.byteOffset, out.length) : new Float64Array(bytes.buffer, bytes.byteOffset, out.length));
    return;
  }
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  if (elemType === T.FLOAT) for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  else if (elemType === T.DOUBLE) for (let i = 0; i < out.length; i++) out[i] = view.getFloat64(i * 8, true);
  else if (elemType === T.INT64) for (let i = 0; i < out.length; i++) out[i] = Number(view.getBigInt64(i * 8, true));
  else if (elemType === T.INT32) for (let i = 0; i < out.length; i++) out[i] = view.getInt32(i * 4, true);
  else for (let i = 0; i < out.length; i++) out[i] = raw[i] ? 1 : 0;
}

/** An error about a node: the file, the node's name and op in the message and the location. */
export function nodeError(e: unknown, file: string, node: { name: string; opType: string }): BackstepError {
  const prefix = `${file}: node "${node.name}" (${node.opType})`;
  if (e instanceof BackstepError) return new BackstepError(e.code, `${prefix}: ${e.describe()}`, { file, node: node.name });
  return new BackstepError('E_ARGUMENT', `${prefix}: ${(e as Error).message}`, { file, node: node.name });
}
