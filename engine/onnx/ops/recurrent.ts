import type { Tape } from '../../autograd/tape';
import { fail } from '../../errors';
import { GRU } from '../../layers/gru';
import { LSTM } from '../../layers/lstm';
import { useTensors } from '../../layers/params';
import type { RecurrentLayer, RecurrentSizes } from '../../layers/recurrent';
import { RNN } from '../../layers/rnn';
import { Rng } from '../../random';
import type { DType } from '../../tensor/dtype';
import { formatShape, sameShape } from '../../tensor/shape';
import type { Tensor } from '../../tensor/tensor';
import { defineOnnxOp, type OnnxAttr, type OnnxNodeCall } from '../handlers';
import { gruTorchParams, lstmParams, rnnParams, type OnnxWeights } from './recurrent-weights';

/**
 * ONNX LSTM, GRU and RNN (forward direction, as torch.onnx.export writes nn.LSTM / nn.GRU / nn.RNN,
 * one node per layer) run as Backstep's own layers: the node's scope holds the weights converted to
 * the layer's parameters (recurrent-weights.ts), then the layer's time steps `t0`, `t1` … with its
 * gate ops (`gate_f`, `gate_i` …), so stepping and the gate heatmaps work as on a Backstep model.
 * Inputs X, W, R, B, sequence_lens, initial_h (, initial_c, P); outputs Y (T, 1, B, H), Y_h, Y_c
 * (1, B, H) — with layout = 1: X (B, T, I), Y (B, T, 1, H), Y_h (B, 1, H).
 */
interface RecurrentKind {
  readonly opType: 'LSTM' | 'GRU' | 'RNN';
  /** Gate blocks stacked in W and R. */
  readonly blocks: number;
  readonly states: readonly ('h' | 'c')[];
  /** The `activations` the Backstep layer computes, lower-case; the first is the default. */
  readonly activations: readonly (readonly string[])[];
  readonly extraAttributes: readonly string[];
  /** What this op's own attributes and inputs ask that the layer cannot do. */
  unsupported(attrs: ReadonlyMap<string, OnnxAttr>, inputShapes: readonly (readonly number[] | null)[]): string[];
  layer(name: string, sizes: RecurrentSizes, batchFirst: boolean, dtype: DType, activations: readonly string[]): RecurrentLayer;
  params(tape: Tape, w: OnnxWeights): Record<string, Tensor>;
}

const ATTRIBUTES = ['hidden_size', 'direction', 'layout', 'activations', 'activation_alpha', 'activation_beta', 'clip'];
/** Only used to fill the layer's own parameters, which the ONNX weights replace before it runs. */
const SEED = 0;

const KINDS: readonly RecurrentKind[] = [
  {
    opType: 'LSTM',
    blocks: 4,
    states: ['h', 'c'],
    activations: [['sigmoid', 'tanh', 'tanh']],
    extraAttributes: ['input_forget'],
    unsupported: (attrs, shapes) => [
      ...(num(attrs, 'input_forget', 0) !== 0 ? ['input_forget = 1 (coupled input and forget gates) is not supported; 0 is'] : []),
      ...(shapes[7] ? ['peephole weights P are not supported'] : []),
    ],
    layer: (name, sizes, batchFirst, dtype) => new LSTM(name, sizes, { batchFirst }, new Rng(SEED), dtype),
    params: lstmParams,
  },
  {
    opType: 'GRU',
    blocks: 3,
    states: ['h'],
    activations: [['sigmoid', 'tanh']],
    extraAttributes: ['linear_before_reset'],
    unsupported: (attrs) =>
      num(attrs, 'linear_before_reset', 0) !== 1 ? ['linear_before_reset = 0 is not supported; 1 (what torch.onnx.export writes for nn.GRU) is'] : [],
    layer: (name, sizes, batchFirst, dtype) => new GRU(name, sizes, { batchFirst, form: 'torch' }, new Rng(SEED), dtype),
    params: gruTorchParams,
  },
  {
    opType: 'RNN',
    blocks: 1,
    states: ['h'],
    activations: [['tanh'], ['relu']],
    extraAttributes: [],
    unsupported: () => [],
    layer: (name, sizes, batchFirst, dtype, [act]) => new RNN(name, sizes, { batchFirst, nonlinearity: act === 'relu' ? 'relu' : 'tanh' }, new Rng(SEED), dtype),
    params: rnnParams,
  },
];

function num(attrs: ReadonlyMap<string, OnnxAttr>, key: string, fallback: number): number {
  const v = attrs.get(key);
  return typeof v === 'number' ? v : fallback;
}

/** The `activations` attribute lower-cased (torch writes `Tanh` or `tanh`), or the kind's default. */
function activationsOf(kind: RecurrentKind, attrs: ReadonlyMap<string, OnnxAttr>): readonly string[] {
  const v = attrs.get('activations');
  return Array.isArray(v) ? v.map((a) => String(a).toLowerCase()) : kind.activations[0];
}

/** Every reason the node cannot run, empty when it can. */
function problems(kind: RecurrentKind, attrs: ReadonlyMap<string, OnnxAttr>, shapes: readonly (readonly number[] | null)[]): string[] {
  const out: string[] = [];
  const direction = attrs.get('direction') ?? 'forward';
  if (direction !== 'forward') out.push(`direction '${String(direction)}' is not supported; forward is`);
  const layout = num(attrs, 'layout', 0);
  if (layout !== 0 && layout !== 1) out.push(`layout ${layout} is not supported; 0 (T, B, I) and 1 (B, T, I) are`);
  const acts = activationsOf(kind, attrs).join(', ');
  const allowed = kind.activations.map((a) => a.join(', '));
  if (!allowed.includes(acts)) out.push(`activations (${acts}) are not supported; ${allowed.map((a) => `(${a})`).join(' or ')} are`);
  for (const key of ['activation_alpha', 'activation_beta', 'clip']) if (attrs.has(key)) out.push(`attribute ${key} is not supported`);
  const w = shapes[1];
  if (w && (w.length !== 3 || w[0] !== 1)) out.push(`W has shape ${formatShape(w)}; one direction (1, ${kind.blocks}·H, I) is supported`);
  const x = shapes[0];
  if (x && x.length !== 3) out.push(`X has shape ${formatShape(x)}; (T, B, I) or (B, T, I) is expected`);
  return [...out, ...kind.unsupported(attrs, shapes)];
}

/** The last part of the node's name (`/lstm/LSTM_1` → `LSTM_1`): the scope of its ops inside the module's. */
function scopeName(call: OnnxNodeCall): string {
  const last = call.name.split('/').filter(Boolean).pop();
  return last ?? call.opType;
}

function apply(kind: RecurrentKind, call: OnnxNodeCall): (Tensor | null)[] {
  const problem = problems(kind, call.attrs, call.inputs.map((t) => t?.shape ?? null));
  if (problem.length) fail('E_ATTR', problem.join('; '), { node: call.name, op: kind.opType });
  const [X, W, R, B, lens, h0, c0] = call.inputs;
  if (!X || !W || !R) fail('E_ARGUMENT', `${kind.opType} needs the inputs X, W and R`, { node: call.name, op: kind.opType });
  const batchFirst = num(call.attrs, 'layout', 0) === 1;
  const [T, batch, I] = batchFirst ? [X.shape[1], X.shape[0], X.shape[2]] : X.shape;
  const H = R.shape[2];
  checkShapes(kind, call, { X, W, R, B, H, I, batch });
  if (lens && Array.from(lens.data).some((n) => n !== T)) {
    fail('E_ARGUMENT', `sequence_lens (${Array.from(lens.data).join(', ')}) is supported only when every length is the sequence length ${T}`, { node: call.name, op: kind.opType });
  }
  const { tape } = call;
  const name = scopeName(call);
  const layer = kind.layer(name, { inputSize: I, hiddenSize: H }, batchFirst, X.dtype, activationsOf(kind, call.attrs));
  // (1, B, H) or (B, 1, H) → (B, H) for the layer; missing states start at zero.
  const initial: Record<string, Tensor> = {};
  tape.withScope(name, () => {
    const rows = (t: Tensor, n: string, shape: number[]) => tape.apply('reshape', [t], { shape }, n);
    const weights: OnnxWeights = { W: rows(W, 'W', [kind.blocks * H, I]), R: rows(R, 'R', [kind.blocks * H, H]), B: B && rows(B, 'B', [2 * kind.blocks * H]), H };
    useTensors(layer, kind.params(tape, weights));
    if (h0) initial.h = rows(h0, 'initial_h', [batch, H]);
    if (c0 && kind.states.includes('c')) initial.c = rows(c0, 'initial_c', [batch, H]);
  });
  const run = layer.forward(tape, X, initial);
  const stateShape = batchFirst ? [batch, 1, H] : [1, batch, H];
  return tape.withScope(name, () => {
    const Y = tape.apply('reshape', [run.h], { shape: batchFirst ? [batch, T, 1, H] : [T, 1, batch, H] }, 'Y');
    const finals = kind.states.map((k) => tape.apply('reshape', [run.final[k]], { shape: stateShape }, `Y_${k}`));
    return [Y, ...finals].slice(0, call.outputNames.length);
  });
}

/** W (1, G·H, I), R (1, G·H, H), B (1, 2·G·H), each as the node's X and R say. */
function checkShapes(kind: RecurrentKind, call: OnnxNodeCall, s: { X: Tensor; W: Tensor; R: Tensor; B: Tensor | null; H: number; I: number; batch: number }): void {
  const G = kind.blocks;
  const want: [string, Tensor | null, number[]][] = [
    ['R', s.R, [1, G * s.H, s.H]],
    ['W', s.W, [1, G * s.H, s.I]],
    ['B', s.B, [1, 2 * G * s.H]],
  ];
  const hidden = call.attrs.get('hidden_size');
  if (hidden !== undefined && hidden !== s.H) fail('E_SHAPE', `hidden_size is ${String(hidden)} but R has shape ${formatShape(s.R.shape)}`, { node: call.name, op: kind.opType });
  for (const [n, t, shape] of want) {
    if (t && !sameShape(t.shape, shape)) {
      fail('E_SHAPE', `${n} has shape ${formatShape(t.shape)}, expected ${formatShape(shape)} (H = ${s.H}, I = ${s.I})`, { node: call.name, op: kind.opType });
    }
  }
}

for (const kind of KINDS) {
  defineOnnxOp({
    opType: kind.opType,
    attributes: [...ATTRIBUTES, ...kind.extraAttributes],
    check: ({ attrs, inputShapes }) => problems(kind, attrs, inputShapes).join('; ') || null,
    apply: (call) => apply(kind, call),
  });
}
