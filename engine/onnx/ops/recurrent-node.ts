import type { Tape } from '../../autograd/tape';
import { fail } from '../../errors';
import { useTensors } from '../../layers/params';
import type { RecurrentLayer, RecurrentSizes } from '../../layers/recurrent';
import type { DType } from '../../tensor/dtype';
import { formatShape, sameShape } from '../../tensor/shape';
import { Tensor } from '../../tensor/tensor';
import type { OnnxNodeCall, OnnxShape, OnnxShapeCall } from '../handlers';
import type { OnnxWeights } from './recurrent-weights';

/** What differs between LSTM, GRU and RNN when a node runs. */
export interface RecurrentNodeKind {
  readonly opType: 'LSTM' | 'GRU' | 'RNN';
  /** Gate blocks stacked in W and R. */
  readonly blocks: number;
  /** The states the layer carries, in the order of the outputs after Y: h (Y_h), c (Y_c). */
  readonly states: readonly ('h' | 'c')[];
  /** Which of the op's forms the layer computes, where it has several (GRU: linear_before_reset 0 or 1). */
  readonly form?: string;
  layer(name: string, sizes: RecurrentSizes, batchFirst: boolean, dtype: DType, activations: readonly string[], form?: string): RecurrentLayer;
  params(tape: Tape, w: OnnxWeights, form?: string): Record<string, Tensor>;
}

export const DIRECTIONS = ['forward', 'reverse', 'bidirectional'];

interface Sizes {
  readonly T: number;
  readonly batch: number;
  readonly I: number;
  readonly H: number;
  readonly D: number;
  readonly batchFirst: boolean;
}

/**
 * Runs one ONNX recurrent node (its attributes already checked) as one Backstep layer per direction:
 * in the node's scope (`LSTM_1`) for one direction, in `LSTM_1/forward` and `LSTM_1/reverse` for
 * bidirectional. Those scopes are modules, as the node's module path is (engine/onnx/node.ts), so
 * the Call Stack reads `rnn › LSTM_1 › t3 › op`. The reverse direction reads X reversed in time
 * (`X_reversed`, a gather), so its time step t0 is the last position, and its h is reversed back
 * before Y stacks the directions:
 * Y (T, D, B, H) and Y_h, Y_c (D, B, H); with layout = 1 (batch first) Y (B, T, D, H), Y_h (B, D, H).
 */
export function runRecurrentNode(kind: RecurrentNodeKind, call: OnnxNodeCall, direction: string, batchFirst: boolean, activations: readonly string[]): (Tensor | null)[] {
  const [X, W, R, B, lens, h0, c0] = call.inputs;
  const where = { node: call.name, op: kind.opType };
  if (!X || !W || !R) fail('E_ARGUMENT', `${kind.opType} needs the inputs X, W and R`, where);
  const dirs = direction === 'bidirectional' ? ['forward', 'reverse'] : [direction];
  const s = sizesOf(kind, call, call.inputs.map((t) => t?.shape ?? null), dirs.length, batchFirst);
  const T = s.T;
  if (lens && Array.from(lens.data).some((n) => n !== T)) {
    fail('E_ARGUMENT', `sequence_lens (${Array.from(lens.data).join(', ')}) is supported only when every length is the sequence length ${T}`, where);
  }
  const { tape } = call;
  const node = call.name.split('/').filter(Boolean).pop() ?? call.opType;
  const inNode = <V>(fn: () => V): V => tape.withModule(node, fn);
  const runs = dirs.map((dir, d) => {
    const inDirection = <V>(fn: () => V): V => (s.D === 1 ? inNode(fn) : inNode(() => tape.withModule(dir, fn)));
    const name = s.D === 1 ? node : dir;
    const layer = cached(W, [kind.opType, kind.form ?? '', node, dir, batchFirst, X.dtype, ...activations].join('|'), () => kind.layer(name, { inputSize: s.I, hiddenSize: s.H }, batchFirst, X.dtype, activations, kind.form));
    const { initial, input } = inDirection(() => prepare(kind, tape, layer, s, d, dir === 'reverse', { X, W, R, B, h0, c0 }));
    const run = s.D === 1 ? layer.forward(tape, input, initial) : inNode(() => layer.forward(tape, input, initial));
    const h = dir === 'reverse' ? inDirection(() => reverseTime(tape, run.h, s, 'h_reversed')) : run.h;
    return { h, final: run.final };
  });
  return inNode(() => {
    const Y = tape.apply('stack', runs.map((r) => r.h), { axis: batchFirst ? 2 : 1 }, 'Y');
    const finals = kind.states.map((k) => tape.apply('stack', runs.map((r) => r.final[k]), { axis: batchFirst ? 1 : 0 }, `Y_${k}`));
    return [Y, ...finals].slice(0, call.outputNames.length);
  });
}

/**
 * The node's layers, kept by its W (the same initializer tensor at every forward): building a layer
 * draws initial weights that the ONNX ones replace, which costs as much as a short forward pass.
 */
const built = new WeakMap<Tensor, Map<string, RecurrentLayer>>();

function cached(W: Tensor, key: string, make: () => RecurrentLayer): RecurrentLayer {
  const layers = built.get(W) ?? new Map<string, RecurrentLayer>();
  built.set(W, layers);
  const layer = layers.get(key) ?? make();
  layers.set(key, layer);
  return layer;
}

/** Direction d's weights as the layer's parameters, its initial states (B, H), and its input. */
function prepare(kind: RecurrentNodeKind, tape: Tape, layer: RecurrentLayer, s: Sizes, d: number, reverse: boolean, t: Record<'X' | 'W' | 'R', Tensor> & Record<'B' | 'h0' | 'c0', Tensor | null>) {
  const G = kind.blocks;
  const stateAxis = s.batchFirst ? 1 : 0;
  // Direction d of a tensor with a direction axis, without that axis.
  const pick = (x: Tensor, name: string, shape: number[], axis = 0) => {
    const one = s.D === 1 ? x : tape.apply('slice', [x], { axis, start: d, end: d + 1 }, `${name}_slice`);
    return tape.apply('reshape', [one], { shape }, name);
  };
  const weights: OnnxWeights = { W: pick(t.W, 'W', [G * s.H, s.I]), R: pick(t.R, 'R', [G * s.H, s.H]), B: t.B && pick(t.B, 'B', [2 * G * s.H]), H: s.H };
  useTensors(layer, kind.params(tape, weights, kind.form));
  const initial: Record<string, Tensor> = {};
  if (t.h0) initial.h = pick(t.h0, 'initial_h', [s.batch, s.H], stateAxis);
  if (t.c0 && kind.states.includes('c')) initial.c = pick(t.c0, 'initial_c', [s.batch, s.H], stateAxis);
  return { initial, input: reverse ? reverseTime(tape, t.X, s, 'X_reversed') : t.X };
}

/** x with its time axis reversed (a gather, so the gradient flows back). */
function reverseTime(tape: Tape, x: Tensor, s: Sizes, name: string): Tensor {
  const order = Tensor.of(Array.from({ length: s.T }, (_, k) => s.T - 1 - k), [s.T], x.dtype, `${name}_order`);
  return tape.apply('gather', [x, order], { axis: s.batchFirst ? 1 : 0 }, name);
}

/**
 * The node's output shapes from its inputs' (its shape rule at load): Y (T, D, B, H) and Y_h, Y_c
 * (D, B, H); with layout = 1 Y (B, T, D, H) and Y_h, Y_c (B, D, H).
 */
export function recurrentShapes(kind: RecurrentNodeKind, call: OnnxShapeCall, D: number, batchFirst: boolean): OnnxShape[] {
  const { T, batch, H } = sizesOf(kind, call, call.shapes, D, batchFirst);
  const Y = batchFirst ? [batch, T, D, H] : [T, D, batch, H];
  const state = batchFirst ? [batch, D, H] : [D, batch, H];
  return [Y, ...kind.states.map(() => state)].slice(0, call.outputNames.length);
}

/**
 * The sizes X and R give, with every input's shape checked: W (D, G·H, I), R (D, G·H, H),
 * B (D, 2·G·H), initial states (D, B, H) or (B, D, H).
 */
function sizesOf(kind: RecurrentNodeKind, call: Pick<OnnxShapeCall, 'name' | 'attrs'>, shapes: readonly (readonly number[] | null)[], D: number, batchFirst: boolean): Sizes {
  const where = { node: call.name, op: kind.opType };
  const [X, W, R, B, , h0, c0] = shapes;
  if (!X || !W || !R) fail('E_ARGUMENT', `${kind.opType} needs the inputs X, W and R`, where);
  const [T, batch, I] = batchFirst ? [X[1], X[0], X[2]] : X;
  const H = R[2];
  const G = kind.blocks;
  const state = batchFirst ? [batch, D, H] : [D, batch, H];
  const want: Record<string, number[]> = { W: [D, G * H, I], R: [D, G * H, H], B: [D, 2 * G * H], initial_h: state, initial_c: state };
  const hidden = call.attrs.get('hidden_size');
  if (hidden !== undefined && hidden !== H) fail('E_SHAPE', `hidden_size is ${String(hidden)} but R has shape ${formatShape(R)}`, where);
  const given = { W, R, B, initial_h: h0, initial_c: kind.states.includes('c') ? c0 : null };
  for (const [n, shape] of Object.entries(given)) {
    if (shape && !sameShape(shape, want[n])) fail('E_SHAPE', `${n} has shape ${formatShape(shape)}, expected ${formatShape(want[n])} (D = ${D}, H = ${H}, I = ${I})`, where);
  }
  return { T, batch, I, H, D, batchFirst };
}
