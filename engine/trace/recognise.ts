import type { Attrs } from '../ops/registry';
import type { TraceOp } from './format';
import type { ModuleTree } from './moduleTree';
import { localName } from './opName';

/**
 * Names the views know (engine/session/summary.ts, views/gates.ts, views/attention.ts) given to the
 * recorded ops they recognise, by the module's class:
 * - the softmax inside an `nn.MultiheadAttention` is its attention weights: `<module>/weights`;
 * - PyTorch's CPU LSTM runs each time step as split → σ, σ, tanh, σ → mul, mul, add → tanh → mul
 *   (gates i, f, g, o of its chunked gate pre-activations; c = f·c + i·g; h = o·tanh c): those ops
 *   go in a time-step scope `<module>/t<k>/` named `gates`, `gate_i`, `gate_f`, `gate_g`, `gate_o`,
 *   `f_c`, `i_g`, `c`, `tanh_c`, `h`, as the engine's own LSTM names them. An op that does not follow
 *   the pattern ends the time step (the rest keep their own names). Its GRU likewise: split, r and z
 *   gates, n = tanh(i_n + r·h_n), h = n + z·(h − n), named as the engine's torch-style GRU.
 * Every other op keeps its local name (`aten::addmm` → `addmm`) in its module's scope: the layer and
 * its module frames (ModuleTree, `encoder/layers.0/self_attn`).
 */
const ATTENTION_SOFTMAX = /^aten::_?softmax(\..*)?$/;

/** One time step of a recorded cell: the local op names in order, and the name each gets. */
const CELLS: Readonly<Record<string, readonly (readonly [op: string, name: string])[]>> = {
  LSTM: [
    ['unsafe_split', 'gates'],
    ['sigmoid_', 'gate_i'],
    ['sigmoid_', 'gate_f'],
    ['tanh_', 'gate_g'],
    ['sigmoid_', 'gate_o'],
    ['mul', 'f_c'],
    ['mul', 'i_g'],
    ['add_', 'c'],
    ['tanh', 'tanh_c'],
    ['mul', 'h'],
  ],
  // n = tanh(i_n + r·h_n); h = n + z·(h − n), as the engine's torch-style GRU names them.
  GRU: [
    ['unsafe_split', 'gi'],
    ['t', 'W_hh_t'],
    ['addmm', 'gh'],
    ['unsafe_split', 'gh_split'],
    ['add_', 'pre_r'],
    ['sigmoid_', 'gate_r'],
    ['add_', 'pre_z'],
    ['sigmoid_', 'gate_z'],
    ['clone', 'gh_n'],
    ['mul_', 'r_ghn'],
    ['add', 'pre_n'],
    ['tanh_', 'gate_n'],
    ['sub', 'h_minus_n'],
    ['clone', 'dh'],
    ['mul_', 'z_dh'],
    ['add_', 'h'],
  ],
};

/**
 * PyTorch's fused attention (F.scaled_dot_product_attention, and the kernels it dispatches to):
 * inputs q, k, v and, for all but the CUDA flash kernel, an optional mask (`attn_mask`/`attn_bias`)
 * as the fourth tensor; outputs the attended values (and the logsumexp), never the weights.
 */
const FUSED_ATTENTION: ReadonlyMap<string, { readonly mask: boolean }> = new Map([
  ['scaled_dot_product_attention', { mask: true }],
  ['_scaled_dot_product_attention_math', { mask: true }],
  ['_scaled_dot_product_flash_attention_for_cpu', { mask: true }],
  ['_scaled_dot_product_flash_attention', { mask: false }],
  ['_scaled_dot_product_efficient_attention', { mask: true }],
]);

export function isFusedAttention(op: string): boolean {
  return op.startsWith('aten::') && FUSED_ATTENTION.has(localName(op));
}

/** How the Op section labels a fused attention's tensors, and its formula (LaTeX). */
export interface RecordedRoles {
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly formula: string;
}

const FUSED_ROLES: RecordedRoles = {
  inputs: ['q', 'k', 'v', 'mask'],
  outputs: ['out', 'logsumexp'],
  formula: '\\mathrm{out} = \\mathrm{softmax}\\!\\left(\\frac{q k^\\top}{\\sqrt{d}} + M\\right) v',
};

/** Names and formula of a recorded op the engine has no op of, where PyTorch's meaning is known (the fused attentions); null otherwise. */
export function recordedRoles(op: string): RecordedRoles | null {
  if (!isFusedAttention(op)) return null;
  // `_scaled_dot_product_attention_math` returns the weights beside the output.
  return localName(op) === '_scaled_dot_product_attention_math' ? { ...FUSED_ROLES, outputs: ['out', 'weights'] } : FUSED_ROLES;
}

/**
 * What the tape node of a recorded op carries beyond its tensors: for a fused attention, whether
 * it has a mask and whether the mask is boolean (true = may attend) or added to the scores — its
 * values read as numbers either way, so only the recorded dtype tells.
 */
export function recordedAttrs(op: TraceOp): Attrs {
  const fused = op.op.startsWith('aten::') ? FUSED_ATTENTION.get(localName(op.op)) : undefined;
  if (!fused) return {};
  const mask = fused.mask ? op.inputs[3] : undefined;
  return { fused_attention: true, mask: mask ? (mask.dtype === 'BOOL' ? 'bool' : 'additive') : 'none' };
}

/** Ops inside a time step that take no part in its pattern (autograd bookkeeping). */
const PASSING = new Set(['detach']);

export interface RecordedName {
  readonly scope: readonly string[];
  readonly local: string;
}

/** Names the ops of one recorded step in order (the time-step count restarts with each step). */
export class RecordedNames {
  /** Per module in a cell's time step: the step and the pattern position reached. */
  private readonly cells = new Map<string, { t: number; at: number }>();

  constructor(private readonly tree: ModuleTree) {}

  name(op: TraceOp): RecordedName {
    const type = this.tree.module(op.module)?.type;
    const scope = this.tree.place(op.module).scope;
    const local = localName(op.op);
    if (type === 'MultiheadAttention' && op.phase === 'forward' && ATTENTION_SOFTMAX.test(op.op)) return { scope, local: 'weights' };
    const pattern = type !== undefined && op.phase === 'forward' ? CELLS[type] : undefined;
    if (!pattern) return { scope, local };
    return this.inCell(op.module, scope, local, pattern);
  }

  private inCell(module: string, scope: readonly string[], local: string, pattern: readonly (readonly [string, string])[]): RecordedName {
    const cell = this.cells.get(module) ?? { t: -1, at: -1 };
    this.cells.set(module, cell);
    if (cell.at < 0 && local === pattern[0][0]) {
      cell.t++;
      cell.at = 0;
    } else if (cell.at >= 0 && PASSING.has(local)) {
      return { scope: [...scope, `t${cell.t}`], local };
    } else if (cell.at >= 0 && pattern[cell.at + 1]?.[0] === local) {
      cell.at++;
    } else {
      cell.at = -1;
      return { scope, local };
    }
    const name = pattern[cell.at][1];
    if (cell.at === pattern.length - 1) cell.at = -1;
    return { scope: [...scope, `t${cell.t}`], local: name };
  }
}
