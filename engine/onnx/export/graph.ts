import { onnx } from 'onnx-proto';

/**
 * An ONNX graph under construction: nodes named by Backstep's scopes (`hidden/MatMul`), weights as
 * float32 initializers named as Backstep names the parameters (`hidden.W`), small int64 constants
 * (shapes, axes) as initializers too. The layer exporters (./dense.ts, ./recurrent.ts, …) only call
 * `node`, `weight` and `ints`; ./model.ts wraps the result in a ModelProto.
 */
/** An int, a float (`{ f }`), a string, ints, or strings (`{ strings }`). */
export type AttrValue = number | { readonly f: number } | string | readonly number[] | { readonly strings: readonly string[] };

/** The opset every exported file declares (ONNX 1.9; onnxruntime, Netron and PyTorch all read it). */
export const EXPORT_OPSET = 14;

export class OnnxGraph {
  readonly nodes: onnx.INodeProto[] = [];
  readonly initializers: onnx.ITensorProto[] = [];
  private readonly names = new Set<string>();

  /** A name not used yet: `base`, else `base_2`, `base_3`, … */
  fresh(base: string): string {
    let name = base;
    for (let k = 2; this.names.has(name); k++) name = `${base}_${k}`;
    this.names.add(name);
    return name;
  }

  /** Reserves a name given from outside (a graph input). */
  claim(name: string): string {
    this.names.add(name);
    return name;
  }

  /** Adds `op` on `inputs` ('' for an omitted optional input) inside `scope`; returns its outputs' names. */
  nodeN(scope: string, op: string, inputs: readonly string[], outputs: number | readonly string[], attrs: Readonly<Record<string, AttrValue>> = {}): string[] {
    const name = this.fresh(`${scope}/${op}`);
    const outs = typeof outputs === 'number' ? Array.from({ length: outputs }, (_, k) => (outputs === 1 ? name : `${name}:${k}`)) : [...outputs];
    for (const o of outs) this.names.add(o);
    this.nodes.push({ name, opType: op, input: [...inputs], output: outs, attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)) });
    return outs;
  }

  /** One-output `op`; its output is named as the node (`hidden/MatMul`). */
  node(scope: string, op: string, inputs: readonly string[], attrs: Readonly<Record<string, AttrValue>> = {}): string {
    return this.nodeN(scope, op, inputs, 1, attrs)[0];
  }

  /** A float32 initializer. */
  weight(name: string, dims: readonly number[], values: ArrayLike<number>): string {
    const n = this.fresh(name);
    this.initializers.push({ name: n, dataType: onnx.TensorProto.DataType.FLOAT, dims: [...dims], floatData: Array.from(values) });
    return n;
  }

  /** An int64 constant (a shape, axes, split sizes, slice bounds). */
  ints(name: string, values: readonly number[]): string {
    const n = this.fresh(name);
    this.initializers.push({ name: n, dataType: onnx.TensorProto.DataType.INT64, dims: [values.length], int64Data: [...values] });
    return n;
  }

  /** A float32 scalar constant (ε, a scale). */
  scalar(name: string, value: number): string {
    const n = this.fresh(name);
    this.initializers.push({ name: n, dataType: onnx.TensorProto.DataType.FLOAT, dims: [], floatData: [value] });
    return n;
  }
}

function attribute(name: string, v: AttrValue): onnx.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  if (typeof v === 'string') return { name, type: T.STRING, s: new TextEncoder().encode(v) };
  if (typeof v === 'number') return { name, type: T.INT, i: v };
  if ('f' in v) return { name, type: T.FLOAT, f: v.f };
  if ('strings' in v) return { name, type: T.STRINGS, strings: v.strings.map((x) => new TextEncoder().encode(x)) };
  return { name, type: T.INTS, ints: [...v] };
}
