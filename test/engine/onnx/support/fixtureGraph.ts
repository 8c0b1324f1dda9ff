import { readFileSync } from 'node:fs';
import { onnx } from 'onnx-proto';
import type { Tape } from '../../../../engine/autograd/tape';
import { onnxHandler, type OnnxAttr } from '../../../../engine/onnx/handlers';
import type { DType } from '../../../../engine/tensor/dtype';
import { Tensor } from '../../../../engine/tensor/tensor';

/**
 * Just enough of an ONNX reader and runner for the recurrent fixtures (test/fixtures/onnx, made by
 * tools/onnx/recurrent_fixtures.py), until the importer (engine/onnx/import.ts) runs them: float
 * and int64 tensors, the attributes those graphs use, and the ops torch puts around its recurrent
 * nodes (Constant, Slice, Squeeze, Reshape, Transpose, Concat); LSTM, GRU and RNN go to their handlers.
 */
export interface FixtureNode {
  readonly name: string;
  readonly opType: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attrs: ReadonlyMap<string, OnnxAttr>;
}

export interface FixtureGraph {
  readonly nodes: readonly FixtureNode[];
  /** Initializer name → (shape, float32 values). */
  readonly initializers: ReadonlyMap<string, { shape: number[]; values: Float32Array }>;
  readonly outputs: readonly string[];
}

const FLOAT = 1;
const INT64 = 7;

function values(t: onnx.ITensorProto): Float32Array | number[] {
  const raw = t.rawData && t.rawData.length ? Buffer.from(t.rawData) : null;
  if (t.dataType === FLOAT) return raw ? new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.length)) : Float32Array.from(t.floatData ?? []);
  if (t.dataType === INT64) {
    if (!raw) return (t.int64Data ?? []).map(Number);
    return Array.from(new BigInt64Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.length)), Number);
  }
  throw new Error(`fixture tensor ${t.name}: data type ${t.dataType} is not read here`);
}

const shapeOf = (t: onnx.ITensorProto) => (t.dims ?? []).map(Number);

function attribute(a: onnx.IAttributeProto): OnnxAttr {
  const A = onnx.AttributeProto.AttributeType;
  const text = (b: Uint8Array) => Buffer.from(b).toString('utf8');
  switch (a.type) {
    case A.INT: return Number(a.i);
    case A.FLOAT: return a.f ?? 0;
    case A.STRING: return text(a.s!);
    case A.INTS: return (a.ints ?? []).map(Number);
    case A.FLOATS: return a.floats ?? [];
    case A.STRINGS: return (a.strings ?? []).map(text);
    case A.TENSOR: return Tensor.of(values(a.t!), shapeOf(a.t!), 'float64');
    default: throw new Error(`attribute ${a.name}: type ${a.type} is not read here`);
  }
}

export function readFixtureGraph(file: string): FixtureGraph {
  const g = onnx.ModelProto.decode(readFileSync(file)).graph!;
  return {
    nodes: (g.node ?? []).map((n) => ({
      name: n.name ?? '',
      opType: n.opType ?? '',
      inputs: n.input ?? [],
      outputs: n.output ?? [],
      attrs: new Map((n.attribute ?? []).map((a) => [a.name ?? '', attribute(a)])),
    })),
    initializers: new Map((g.initializer ?? []).map((t) => [t.name ?? '', { shape: shapeOf(t), values: values(t) as Float32Array }])),
    outputs: (g.output ?? []).map((o) => o.name ?? ''),
  };
}

/** Runs the graph on the tape: `values` holds the graph inputs and the initializers (as parameters), by ONNX name. */
export function runFixtureGraph(graph: FixtureGraph, tape: Tape, values: Map<string, Tensor>): Tensor[] {
  const consts = new Map<string, number[]>();
  const ints = (name: string) => consts.get(name) ?? [];
  for (const n of graph.nodes) {
    const v = (i: number) => values.get(n.inputs[i])!;
    const scope = n.name.split('/').filter(Boolean).slice(0, -1);
    const one = (t: Tensor) => values.set(n.outputs[0], t);
    const inScope = <T>(fn: () => T): T => scope.reduceRight<() => T>((inner, s) => () => tape.withScope(s, inner), fn)();
    switch (n.opType) {
      case 'Constant': consts.set(n.outputs[0], Array.from((n.attrs.get('value') as Tensor).data)); break;
      case 'Slice': {
        const [start, end, axis] = [ints(n.inputs[1])[0], ints(n.inputs[2])[0], ints(n.inputs[3])[0]];
        one(inScope(() => tape.apply('slice', [v(0)], { axis, start, end }, 'Slice')));
        break;
      }
      case 'Squeeze': {
        const axis = ints(n.inputs[1])[0];
        one(inScope(() => tape.apply('reshape', [v(0)], { shape: v(0).shape.filter((_, k) => k !== axis) }, 'Squeeze')));
        break;
      }
      case 'Reshape': {
        // ONNX: 0 copies the input's size at that position, −1 takes what is left.
        const asked = ints(n.inputs[1]).map((k, i) => (k === 0 ? v(0).shape[i] : k));
        const known = asked.reduce((a, k) => (k === -1 ? a : a * k), 1);
        one(inScope(() => tape.apply('reshape', [v(0)], { shape: asked.map((k) => (k === -1 ? v(0).size / known : k)) }, 'Reshape')));
        break;
      }
      case 'Transpose': one(inScope(() => tape.apply('permute', [v(0)], { perm: n.attrs.get('perm') as number[] }, 'Transpose'))); break;
      case 'Concat': one(inScope(() => tape.apply('concat', n.inputs.map((_, i) => v(i)), { axis: n.attrs.get('axis') as number }, 'Concat'))); break;
      default: {
        const handler = onnxHandler(n.opType);
        if (!handler) throw new Error(`fixture node ${n.name}: ${n.opType} is not run here`);
        const inputs = n.inputs.map((name) => (name ? values.get(name) ?? null : null));
        const outs = inScope(() => handler.apply({ name: n.name, opType: n.opType, inputs, inputNames: n.inputs, outputNames: n.outputs, attrs: n.attrs, tape }));
        outs.forEach((t, i) => t && values.set(n.outputs[i], t));
      }
    }
  }
  return graph.outputs.map((o) => values.get(o)!);
}

/** The initializers as trainable tensors of the given dtype, named by their ONNX names. */
export function initializerParams(graph: FixtureGraph, dtype: DType): Map<string, Tensor> {
  return new Map([...graph.initializers].map(([name, { shape, values }]) => [name, new Tensor(dtype === 'float32' ? Float32Array.from(values) : Float64Array.from(values), shape, name, true)]));
}
