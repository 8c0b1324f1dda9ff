import { fail } from '../../errors';
import { GRU } from '../../layers/gru';
import { LSTM } from '../../layers/lstm';
import { RNN } from '../../layers/rnn';
import { Rng } from '../../random';
import { formatShape } from '../../tensor/shape';
import { defineOnnxOp, type OnnxAttr } from '../handlers';
import { DIRECTIONS, recurrentShapes, runRecurrentNode, type RecurrentNodeKind } from './recurrent-node';
import { gruTextbookParams, gruTorchParams, lstmParams, rnnParams } from './recurrent-weights';

/**
 * ONNX LSTM, GRU and RNN (what torch.onnx.export writes for nn.LSTM / nn.GRU / nn.RNN, one node per
 * layer, any direction) run as Backstep's own layers (recurrent-node.ts): the node's scope holds the
 * weights converted to the layer's parameters (recurrent-weights.ts), then the layer's time steps
 * `t0`, `t1` … with its gate ops (`gate_f`, `gate_i` …), so stepping and the gate heatmaps work as on
 * a Backstep model. Inputs X, W, R, B, sequence_lens, initial_h (, initial_c, P); outputs Y, Y_h (, Y_c).
 */
interface RecurrentKind extends RecurrentNodeKind {
  /** The `activations` the Backstep layer computes, lower-case; the first is the default. */
  readonly activations: readonly (readonly string[])[];
  readonly extraAttributes: readonly string[];
  /** The form of the layer the node's attributes ask for (RecurrentNodeKind.form), where the op has several. */
  formOf?(attrs: ReadonlyMap<string, OnnxAttr>): string;
  /** What this op's own attributes and inputs ask that the layer cannot do. */
  unsupported(attrs: ReadonlyMap<string, OnnxAttr>, inputShapes: readonly (readonly number[] | null)[]): string[];
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
    unsupported: (attrs) => (![0, 1].includes(num(attrs, 'linear_before_reset', 0)) ? ['linear_before_reset must be 0 (Backstep’s textbook GRU) or 1 (torch’s, what torch.onnx.export writes)'] : []),
    // linear_before_reset = 1: torch's cell; 0: the textbook cell (what Backstep exports for its default form).
    formOf: (attrs) => (num(attrs, 'linear_before_reset', 0) === 1 ? 'torch' : 'textbook'),
    layer: (name, sizes, batchFirst, dtype, _activations, form) => new GRU(name, sizes, { batchFirst, form: form === 'torch' ? 'torch' : 'textbook' }, new Rng(SEED), dtype),
    params: (tape, w, form) => (form === 'torch' ? gruTorchParams(tape, w) : gruTextbookParams(tape, w)),
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
  const direction = String(attrs.get('direction') ?? 'forward');
  if (!DIRECTIONS.includes(direction)) out.push(`direction '${direction}' is not supported; ${DIRECTIONS.join(', ')} are`);
  const layout = num(attrs, 'layout', 0);
  if (layout !== 0 && layout !== 1) out.push(`layout ${layout} is not supported; 0 (T, B, I) and 1 (B, T, I) are`);
  const acts = activationsOf(kind, attrs).join(', ');
  const allowed = kind.activations.map((a) => a.join(', '));
  if (!allowed.includes(acts)) out.push(`activations (${acts}) are not supported; ${allowed.map((a) => `(${a})`).join(' or ')} are`);
  for (const key of ['activation_alpha', 'activation_beta', 'clip']) if (attrs.has(key)) out.push(`attribute ${key} is not supported`);
  const D = direction === 'bidirectional' ? 2 : 1;
  const [w, r] = [shapes[1], shapes[2]];
  if (w && (w.length !== 3 || w[0] !== D)) out.push(`W has shape ${formatShape(w)}; direction ${direction} needs (${D}, ${kind.blocks}·H, I)`);
  if (r && (r.length !== 3 || r[0] !== D)) out.push(`R has shape ${formatShape(r)}; direction ${direction} needs (${D}, ${kind.blocks}·H, H)`);
  const x = shapes[0];
  if (x && x.length !== 3) out.push(`X has shape ${formatShape(x)}; (T, B, I) or (B, T, I) is expected`);
  return [...out, ...kind.unsupported(attrs, shapes)];
}

for (const kind of KINDS) {
  defineOnnxOp({
    opType: kind.opType,
    attributes: [...ATTRIBUTES, ...kind.extraAttributes],
    check: ({ attrs, inputShapes }) => problems(kind, attrs, inputShapes).join('; ') || null,
    shape: (call) => recurrentShapes(kind, call, call.attrs.get('direction') === 'bidirectional' ? 2 : 1, num(call.attrs, 'layout', 0) === 1),
    apply: (call) => {
      const problem = problems(kind, call.attrs, call.inputs.map((t) => t?.shape ?? null));
      if (problem.length) fail('E_ATTR', problem.join('; '), { node: call.name, op: kind.opType });
      return runRecurrentNode({ ...kind, form: kind.formOf?.(call.attrs) }, call, String(call.attrs.get('direction') ?? 'forward'), num(call.attrs, 'layout', 0) === 1, activationsOf(kind, call.attrs));
    },
  });
}
