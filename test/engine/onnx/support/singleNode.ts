import { onnx } from 'onnx-proto';

/** One ONNX node as a whole model, every input a graph input (float32): for what torch.onnx.export never writes. */
export interface SingleNode {
  readonly opType: string;
  /** A number is an INT attribute; `{ float }` a FLOAT one. */
  readonly attrs: Readonly<Record<string, Attribute>>;
  /** In ONNX order; name '' for an omitted optional input. */
  readonly inputs: readonly { readonly name: string; readonly shape: readonly number[] }[];
  readonly outputs: readonly string[];
  /** Declared output shapes, in order (default: none declared). */
  readonly outputShapes?: readonly (readonly number[])[];
  /** Inputs that are initializers (weights) rather than graph inputs, with their values. */
  readonly initializers?: readonly { readonly name: string; readonly values: readonly number[] }[];
  /** Element types of the outputs, in order (default: float). */
  readonly outputTypes?: readonly ('float' | 'bool')[];
}

type Attribute = number | { readonly float: number } | string | readonly string[] | readonly number[];

function attribute(name: string, v: Attribute): onnx.IAttributeProto {
  const A = onnx.AttributeProto.AttributeType;
  if (typeof v === 'object' && 'float' in v) return { name, type: A.FLOAT, f: v.float };
  const bytes = (s: string) => new TextEncoder().encode(s);
  if (typeof v === 'number') return { name, type: A.INT, i: v };
  if (typeof v === 'string') return { name, type: A.STRING, s: bytes(v) };
  if (v.every((e): e is number => typeof e === 'number')) return { name, type: A.INTS, ints: [...v] };
  return { name, type: A.STRINGS, strings: (v as readonly string[]).map(bytes) };
}

const floatTensor = (name: string, shape?: readonly number[], type: 'float' | 'bool' = 'float'): onnx.IValueInfoProto => ({
  name,
  type: { tensorType: { elemType: onnx.TensorProto.DataType[type === 'bool' ? 'BOOL' : 'FLOAT'], ...(shape ? { shape: { dim: shape.map((d) => ({ dimValue: d })) } } : {}) } },
});

export function singleNodeModel(n: SingleNode, opset: number): Uint8Array {
  const graph: onnx.IGraphProto = {
    name: n.opType,
    node: [{ opType: n.opType, name: n.opType, input: n.inputs.map((i) => i.name), output: [...n.outputs], attribute: Object.entries(n.attrs).map(([k, v]) => attribute(k, v)) }],
    input: n.inputs.filter((i) => i.name && !n.initializers?.some((w) => w.name === i.name)).map((i) => floatTensor(i.name, i.shape)),
    initializer: (n.initializers ?? []).map((w) => ({ name: w.name, dataType: onnx.TensorProto.DataType.FLOAT, dims: [...n.inputs.find((i) => i.name === w.name)!.shape], floatData: [...w.values] })),
    output: n.outputs.map((o, i) => floatTensor(o, n.outputShapes?.[i], n.outputTypes?.[i])),
  };
  return onnx.ModelProto.encode({ irVersion: 8, opsetImport: [{ domain: '', version: opset }], graph }).finish();
}
