import type { TapeNode } from '../../autograd/node';
import { localName } from '../../trace/opName';
import { hasValues } from '../../tensor/stats';
import { Tensor } from '../../tensor/tensor';

/** Heads drawn at most, and query × key cells per head: a larger attention is described, not sent. */
export const FUSED_HEADS = 16;
export const FUSED_CELLS = 128 * 128;
/** Multiply-adds of q·kᵀ computed at most (every head shown): a stop must answer at once. */
export const FUSED_WORK = 2 ** 26;

/** Relative error under which weights·v reproduce the recorded output (float32 and bf16 kernels, other summation orders). */
const REPRODUCES = 1e-2;

export type FusedWeights =
  | { readonly computed: true; readonly heads: readonly Tensor[]; readonly causal: boolean; readonly text: string }
  | { readonly computed: false; readonly text: string };

/**
 * The attention weights of example 0, per head, of a fused attention node (engine/trace/recognise.ts:
 * `attrs.fused_attention`), whose kernel returns the attended values but not the weights:
 * α = softmax(q·kᵀ/√E + M), M the mask (added, or 0 / −∞ for a boolean one), computed here from the
 * q (…, L, E) and k (…, S, E) it read. `is_causal` is not among its tensors: the weights are computed
 * both ways, and the one whose α·v reproduces the recorded output is kept (non-causal when v or the
 * output were not kept). When q or k were kept as statistics only, the weights cannot be had.
 */
export function fusedAttentionWeights(node: TapeNode): FusedWeights {
  const [q, k, v] = node.inputs;
  const op = localName(node.op);
  if (!q || !k || q.rank < 2 || k.rank < 2) return { computed: false, text: `${op} has no q and k of rank ≥ 2 in the recording.` };
  const lead = q.shape.slice(0, -2);
  if (k.rank !== q.rank || k.shape.slice(0, -2).some((d, i) => d !== lead[i]) || k.shape[k.rank - 1] !== q.shape[q.rank - 1]) {
    return { computed: false, text: `${op}: k [${k.shape.join(', ')}] does not pair with q [${q.shape.join(', ')}] head for head.` };
  }
  if (!hasValues(q) || !hasValues(k)) {
    return { computed: false, text: `The attention weights were not recorded: ${op} returns its output, not the weights, and its q and k were kept as statistics only. Record this module with full values to see them.` };
  }
  const mask = node.attrs.mask === 'bool' || node.attrs.mask === 'additive' ? node.inputs[3] : undefined;
  if (mask && !hasValues(mask)) return { computed: false, text: `The attention weights cannot be computed: the mask of ${op} was kept as statistics only.` };
  const [L, E] = q.shape.slice(-2);
  const S = k.shape[k.rank - 2];
  const full = [...lead, L, S];
  if (mask && !broadcasts(mask.shape, full)) return { computed: false, text: `${op}: its mask [${mask.shape.join(', ')}] does not broadcast to the scores [${full.join(', ')}].` };
  if (L * S > FUSED_CELLS) return { computed: false, text: `The attention of ${op} is ${L} queries × ${S} keys per head: too large to draw.` };
  const heads = lead.length >= 2 ? lead.slice(1).reduce((a, b) => a * b, 1) : 1;
  const shown = Math.min(heads, FUSED_HEADS);
  if (L * S * E * shown > FUSED_WORK) return { computed: false, text: `The attention of ${op} (${shown} heads of ${L} queries × ${S} keys over ${E} dimensions) is too costly to compute at a stop.` };
  const scores = new Scores(q, k, mask ? { tensor: mask, bool: node.attrs.mask === 'bool', full } : null, L, S, E);
  const { causal, how } = causality(scores, v, node.outputs[0], mask !== undefined);
  const weights = Array.from({ length: shown }, (_, h) => new Tensor(scores.weights(h, causal), [L, S], `${node.name} weights`));
  const rule = `softmax(q·kᵀ/√${E}${mask ? (node.attrs.mask === 'bool' ? ' + mask (−∞ where false)' : ' + attn_mask') : ''})`;
  const more = heads > shown ? ` The first ${shown} of ${heads} heads.` : '';
  return { computed: true, heads: weights, causal, text: `Computed from the recorded q and k: ${op} returns its output, not the weights. α = ${rule}; ${how}.${more}` };
}

/**
 * Whether the weights are causal, told by which of them reproduce the recorded output of head 0
 * (α·v); with a mask they are not (torch refuses both), and without v or the output kept, not either.
 */
function causality(scores: Scores, v: Tensor | undefined, out: Tensor | undefined, masked: boolean): { causal: boolean; how: string } {
  const full = outputError(scores, v, out, false);
  if (full === null) return { causal: false, how: masked ? 'v or the output were not kept to check them against' : 'not causal: v or the output were not kept to tell' };
  if (full <= REPRODUCES) return { causal: false, how: 'α × v reproduces its recorded output' };
  const causal = masked ? null : outputError(scores, v, out, true);
  if (causal !== null && causal <= REPRODUCES) return { causal: true, how: 'causal (is_causal: key j ≤ query i), as its recorded output shows' };
  return { causal: false, how: `α × v does not reproduce its recorded output (relative error ${full.toPrecision(2)}): dropout, or a scale other than 1/√E` };
}

/** max |α·v − output| / max |output| over head 0 of example 0; null when v or the output cannot be read. */
function outputError(scores: Scores, v: Tensor | undefined, out: Tensor | undefined, causal: boolean): number | null {
  if (!v || !out || !hasValues(v) || !hasValues(out) || v.rank !== scores.q.rank || v.shape[v.rank - 2] !== scores.S) return null;
  const ev = v.shape[v.rank - 1];
  if (out.size < scores.L * ev) return null;
  const vd = v.data;
  const od = out.data;
  const w = scores.weights(0, causal);
  let worst = 0;
  let scale = 0;
  for (let i = 0; i < scores.L; i++) {
    for (let c = 0; c < ev; c++) {
      let y = 0;
      for (let j = 0; j < scores.S; j++) y += w[i * scores.S + j] * vd[j * ev + c];
      const recorded = od[i * ev + c];
      worst = Math.max(worst, Math.abs(y - recorded));
      scale = Math.max(scale, Math.abs(recorded));
    }
  }
  return worst / Math.max(scale, 1e-12);
}

/** A mask as recorded, and the shape (…lead, L, S) it broadcasts to. */
interface Mask {
  readonly tensor: Tensor;
  readonly bool: boolean;
  readonly full: readonly number[];
}

/** Scaled scores and their row softmax for the heads of example 0 (head h: the h-th (L, E) block of q). */
class Scores {
  constructor(
    readonly q: Tensor,
    private readonly k: Tensor,
    private readonly mask: Mask | null,
    readonly L: number,
    readonly S: number,
    private readonly E: number,
  ) {}

  /** Row-major (L, S) weights of head h; a row every key of which is masked out is 0. */
  weights(h: number, causal: boolean): Float64Array {
    const { L, S, E } = this;
    const scale = 1 / Math.sqrt(E);
    const q = this.q.data;
    const k = this.k.data;
    const mask = this.mask;
    const m = mask ? mask.tensor.data : null;
    const out = new Float64Array(L * S);
    const row = new Float64Array(S);
    for (let i = 0; i < L; i++) {
      let max = -Infinity;
      for (let j = 0; j < S; j++) {
        let dot = 0;
        for (let e = 0; e < E; e++) dot += q[(h * L + i) * E + e] * k[(h * S + j) * E + e];
        const x = causal && j > i ? -Infinity : dot * scale + (mask && m ? maskTerm(mask, m, h, i, j) : 0);
        row[j] = x;
        if (x > max) max = x;
      }
      if (max === -Infinity) continue;
      let z = 0;
      for (let j = 0; j < S; j++) z += row[j] = Math.exp(row[j] - max);
      for (let j = 0; j < S; j++) out[i * S + j] = row[j] / z;
    }
    return out;
  }
}

/** The mask's term at (example 0, head h, i, j), broadcast from its shape to (…lead, L, S) as torch does. */
function maskTerm(mask: Mask, data: ArrayLike<number>, h: number, i: number, j: number): number {
  const { tensor, bool, full } = mask;
  // The full index of (0, h, i, j): h unravelled over the head dims (every lead dim after the batch).
  const index = new Array<number>(full.length).fill(0);
  index[full.length - 2] = i;
  index[full.length - 1] = j;
  for (let d = full.length - 3, rest = h; d >= 1; d--) {
    index[d] = rest % full[d];
    rest = Math.floor(rest / full[d]);
  }
  let offset = 0;
  const r = tensor.rank;
  for (let d = 0; d < r; d++) {
    const size = tensor.shape[d];
    offset = offset * size + (size === 1 ? 0 : index[full.length - r + d]);
  }
  const x = data[offset];
  return bool ? (x ? 0 : -Infinity) : x;
}

/** Whether a tensor of `shape` broadcasts to `full` (aligned at the right; each dim equal or 1). */
function broadcasts(shape: readonly number[], full: readonly number[]): boolean {
  return shape.length <= full.length && shape.every((d, i) => d === 1 || d === full[full.length - shape.length + i]);
}
