import { onnx } from 'onnx-proto';
import { Reader } from 'protobufjs/minimal';
import { BackstepError, fail } from '../errors';

/**
 * An ONNX model's signature: the graph's declared inputs and outputs (name, element type, shape with
 * symbolic dims kept as their names), read without decoding the nodes or the weights. The wire is
 * walked with protobufjs's Reader (the library onnx-proto is generated for) and only the
 * ValueInfoProto messages of the graph's `input` and `output` fields are decoded, with onnx-proto's
 * own decoder; everything else is skipped by its length. Inputs that are initializers (old exports
 * list weights as inputs) are left out.
 */
export interface OnnxValueInfo {
  readonly name: string;
  /** `float32`, `int64`, … or `type <n>` for an element type Backstep has no name for. */
  readonly dtype: string;
  /** Each dim a size, the name of a symbolic dim (`batch`), or null (unknown); null when the rank is unknown. */
  readonly dims: readonly (number | string | null)[] | null;
}

export interface OnnxSignature {
  readonly producer: string;
  /** The default domain's opset, null when the file names none. */
  readonly opset: number | null;
  readonly inputs: readonly OnnxValueInfo[];
  readonly outputs: readonly OnnxValueInfo[];
}

/** Bounds on what a signature may declare: checked while reading, before anything is kept. */
export const SIGNATURE_LIMITS = { values: 10_000, rank: 32, nameChars: 1_000 } as const;

// Field numbers of onnx.proto (ModelProto, GraphProto, TensorProto, OperatorSetIdProto).
const MODEL = { producer: 2, graph: 7, opset: 8 } as const;
const GRAPH = { initializer: 5, input: 11, output: 12 } as const;
const TENSOR_NAME = 8;
const OPSET = { domain: 1, version: 2 } as const;
const VARINT = 0;
const LENGTH_DELIMITED = 2;

const DTYPES: Readonly<Record<number, string>> = { 1: 'float32', 2: 'uint8', 3: 'int8', 5: 'int16', 6: 'int32', 7: 'int64', 9: 'bool', 10: 'float16', 11: 'float64', 16: 'bfloat16' };

/** The signature of the ONNX model in `bytes`; `file` names it in errors. */
export function readSignature(bytes: Uint8Array, file: string): OnnxSignature {
  try {
    return readModel(bytes, file);
  } catch (e) {
    if (e instanceof BackstepError) throw e;
    return fail('E_ARGUMENT', `${file} is not an ONNX model (${(e as Error).message})`, { file });
  }
}

function readModel(bytes: Uint8Array, file: string): OnnxSignature {
  let producer = '';
  let opset: number | null = null;
  let graph: Uint8Array | null = null;
  fields(Reader.create(bytes), bytes.length, (field, r, wire) => {
    if (wire !== LENGTH_DELIMITED) return false;
    if (field === MODEL.producer) producer = bounded(r.string(), 'producer name', file);
    else if (field === MODEL.graph) graph = r.bytes();
    else if (field === MODEL.opset) opset = opsetOf(r) ?? opset;
    else return false;
    return true;
  });
  if (!graph) return fail('E_ARGUMENT', `${file} has no graph (is it an ONNX model?)`, { file });
  const { inputs, outputs, initializers } = readGraph(graph, file);
  if (outputs.length === 0) fail('E_ARGUMENT', `${file}: the graph declares no output`, { file });
  return { producer, opset, inputs: inputs.filter((v) => !initializers.has(v.name)), outputs };
}

function readGraph(bytes: Uint8Array, file: string): { inputs: OnnxValueInfo[]; outputs: OnnxValueInfo[]; initializers: Set<string> } {
  const inputs: OnnxValueInfo[] = [];
  const outputs: OnnxValueInfo[] = [];
  const initializers = new Set<string>();
  fields(Reader.create(bytes), bytes.length, (field, r, wire) => {
    if (wire !== LENGTH_DELIMITED) return false;
    if (field === GRAPH.input || field === GRAPH.output) {
      const list = field === GRAPH.input ? inputs : outputs;
      const what = `graph ${field === GRAPH.input ? 'input' : 'output'} ${list.length + 1}`;
      if (inputs.length + outputs.length >= SIGNATURE_LIMITS.values) fail('E_BUDGET', `${file}: more than ${SIGNATURE_LIMITS.values} graph inputs and outputs`, { file });
      list.push(valueInfo(onnx.ValueInfoProto.decode(r, r.uint32()), what, file));
    } else if (field === GRAPH.initializer) {
      const end = r.uint32() + r.pos;
      fields(r, end, (f, inner, w) => {
        if (f !== TENSOR_NAME || w !== LENGTH_DELIMITED) return false;
        if (initializers.size < SIGNATURE_LIMITS.values * 100) initializers.add(inner.string());
        return true;
      });
    } else return false;
    return true;
  });
  return { inputs, outputs, initializers };
}

/** Calls `visit` on every field up to `end`; a field it does not read (false) is skipped by its wire type. */
function fields(r: Reader, end: number, visit: (field: number, r: Reader, wire: number) => boolean): void {
  while (r.pos < end) {
    const tag = r.uint32();
    const wire = tag & 7;
    if (!visit(tag >>> 3, r, wire)) r.skipType(wire);
  }
}

function opsetOf(r: Reader): number | null {
  const end = r.uint32() + r.pos;
  let domain = '';
  let version: number | null = null;
  fields(r, end, (field, inner, wire) => {
    if (field === OPSET.domain && wire === LENGTH_DELIMITED) domain = inner.string();
    else if (field === OPSET.version && wire === VARINT) version = Number(inner.int64().toString());
    else return false;
    return true;
  });
  return domain === '' || domain === 'ai.onnx' ? version : null;
}

function valueInfo(v: onnx.ValueInfoProto, what: string, file: string): OnnxValueInfo {
  const name = bounded(v.name, `${what}'s name`, file);
  const where = `${file}: ${what} "${name}"`;
  const tensor = v.type?.tensorType;
  if (!tensor) return fail('E_ARGUMENT', `${where} is not a tensor (sequences, maps and optionals are not supported)`, { file, node: name });
  const elem = tensor.elemType ?? 0;
  const dtype = DTYPES[elem] ?? `type ${elem}`;
  const dims = tensor.shape ? (tensor.shape.dim ?? []).map((d) => dimOf(d)) : null;
  if (dims && dims.length > SIGNATURE_LIMITS.rank) fail('E_BUDGET', `${where} has rank ${dims.length}; at most ${SIGNATURE_LIMITS.rank} is supported`, { file, node: name });
  return { name, dtype, dims };
}

function dimOf(d: onnx.TensorShapeProto.IDimension): number | string | null {
  if (d.dimValue !== undefined && d.dimValue !== null) {
    const n = typeof d.dimValue === 'number' ? d.dimValue : Number(d.dimValue.toString());
    return n > 0 ? n : null;
  }
  return d.dimParam ? d.dimParam.slice(0, SIGNATURE_LIMITS.nameChars) : null;
}

function bounded(text: string, what: string, file: string): string {
  if (text.length > SIGNATURE_LIMITS.nameChars) fail('E_BUDGET', `${file}: the ${what} is longer than ${SIGNATURE_LIMITS.nameChars} characters`, { file });
  return text;
}
