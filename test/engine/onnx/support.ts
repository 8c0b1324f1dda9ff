import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { onnx } from 'onnx-proto';
import { BackwardPass } from '../../../engine/autograd/backward';
import { Tape } from '../../../engine/autograd/tape';
import { importOnnx, runOnnx, type OnnxModel } from '../../../engine/onnx/import';
import { Tensor } from '../../../engine/tensor/tensor';

/** The fixtures of tools/onnx/fixtures.py: an exported model and what torch computed for it. */
export const FIXTURES = path.join(__dirname, '../../fixtures/onnx');
export const FIXTURE_NAMES = ['mlp', 'encoder', 'classifier'] as const;

export interface Reference {
  readonly opset: number;
  readonly inputs: Readonly<Record<string, { shape: number[]; dtype: string; values: number[] }>>;
  readonly output: { name: string; shape: number[]; values: number[] };
  /** L = Σ output ⊙ weights. */
  readonly weights: number[];
  readonly loss: number;
  readonly grads: Readonly<Record<string, number[]>>;
}

export function fixture(name: string): { bytes: Uint8Array; ref: Reference; file: string } {
  const file = path.join(FIXTURES, `${name}.onnx`);
  return { bytes: readFileSync(file), ref: JSON.parse(readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8')) as Reference, file };
}

export function feedsOf(ref: Reference): Map<string, Tensor> {
  return new Map(Object.entries(ref.inputs).map(([k, v]) => [k, Tensor.of(v.values, v.shape)]));
}

/** The forward pass on a tape, then L = Σ output ⊙ weights backward: the output, the loss and the tape. */
export function forwardBackward(model: OnnxModel, ref: Reference): { output: Tensor; loss: number; tape: Tape } {
  const tape = new Tape();
  const output = runOnnx(model, tape, feedsOf(ref)).get(ref.output.name)!;
  new BackwardPass(tape, [output], [Tensor.of(ref.weights, output.shape)]).run();
  return { output, loss: weighted(output, ref), tape };
}

/** L = Σ output ⊙ weights. */
export function weighted(output: Tensor, ref: Reference): number {
  let s = 0;
  output.data.forEach((v, i) => (s += v * ref.weights[i]));
  return s;
}

export function load(name: string): { model: OnnxModel; ref: Reference } {
  const { bytes, ref } = fixture(name);
  return { model: importOnnx(bytes, `${name}.onnx`), ref };
}

/** The largest |a − b| over two lists of the same length. */
export function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

type NodeSpec = { op: string; name: string; inputs: string[]; outputs: string[]; attrs?: onnx.IAttributeProto[] };

/** A small ONNX file written with the protobuf definitions: one float input x of `shape`, the nodes, output `y`. */
export function encodeModel(nodes: NodeSpec[], options: { shape?: (number | string)[]; opset?: number; initializers?: onnx.ITensorProto[] } = {}): Uint8Array {
  const shape = options.shape ?? [2, 3];
  const io = (name: string, dims: (number | string)[]) => ({
    name,
    type: { tensorType: { elemType: 1, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } },
  });
  return onnx.ModelProto.encode({
    irVersion: 8,
    opsetImport: [{ domain: '', version: options.opset ?? 14 }],
    graph: {
      name: 'g',
      node: nodes.map((n) => ({ opType: n.op, name: n.name, input: n.inputs, output: n.outputs, attribute: n.attrs ?? [] })),
      initializer: options.initializers ?? [],
      input: [io('x', shape)],
      output: [io('y', shape)],
    },
  }).finish();
}
