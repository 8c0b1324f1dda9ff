import { fail } from '../errors';
import { l2norm } from '../tensor/stats';
import { Tensor } from '../tensor/tensor';
import { readOptions } from './options';

/** What clipping did to one parameter's gradient. */
export interface ClippedGrad {
  readonly param: string;
  /** False when the parameter had no gradient (it is left out). */
  readonly hasGrad: boolean;
  readonly normBefore: number;
  readonly normAfter: number;
  /** Elements changed (clip by value) or scaled (clip by norm). */
  readonly changed: number;
}

export interface NormClipRecord {
  readonly kind: 'norm';
  readonly formula: string;
  readonly maxNorm: number;
  /** ‖g‖ over all gradients together, before clipping. */
  readonly totalNorm: number;
  /** max_norm / (‖g‖ + 10⁻⁶). */
  readonly coef: number;
  /** The factor applied: coef when coef < 1, else 1 (gradients unchanged). */
  readonly factor: number;
  readonly clipped: boolean;
  readonly grads: readonly ClippedGrad[];
}

export interface ValueClipRecord {
  readonly kind: 'value';
  readonly formula: string;
  readonly clipValue: number;
  /** Elements clamped, over all gradients. */
  readonly clippedCount: number;
  readonly size: number;
  readonly grads: readonly ClippedGrad[];
}

export type ClipRecord = NormClipRecord | ValueClipRecord;

export const NORM_CLIP_FORMULA =
  '\\begin{aligned} \\lVert g \\rVert &= \\sqrt{\\textstyle\\sum_i \\lVert g_i \\rVert^2} \\\\ c &= \\frac{\\text{max\\_norm}}{\\lVert g \\rVert + 10^{-6}} \\\\ g_i &\\leftarrow c\\, g_i \\quad \\text{if } c < 1 \\end{aligned}';
export const VALUE_CLIP_FORMULA = 'g \\leftarrow \\min(\\max(g, -c), c)';

/**
 * Clip by global norm (PyTorch's clip_grad_norm_, 2-norm): scales every gradient by
 * c = max_norm / (‖g‖ + 1e-6) when c < 1. Because of the 1e-6 a clipped norm ends slightly below
 * max_norm, and a norm just under max_norm is still scaled. A clipped gradient is replaced by a new
 * tensor, so the unclipped one stays intact in the backward pass's history.
 */
export function clipGradNorm(params: readonly Tensor[], maxNorm: number): NormClipRecord {
  if (!Number.isFinite(maxNorm) || maxNorm <= 0) fail('E_ATTR', `clip by norm: max_norm must be a number > 0, got ${maxNorm}`);
  const norms = params.map((p) => (p.grad ? l2norm(p.grad) : 0));
  const totalNorm = Math.sqrt(norms.reduce((s, n) => s + n * n, 0));
  const coef = maxNorm / (totalNorm + 1e-6);
  const clipped = coef < 1;
  const factor = clipped ? coef : 1;
  const grads = params.map((p, i) => {
    const g = p.grad;
    if (g && clipped) p.grad = scaled(g, coef);
    return { param: p.name, hasGrad: g !== null, normBefore: norms[i], normAfter: p.grad ? l2norm(p.grad) : 0, changed: g && clipped ? g.size : 0 };
  });
  return { kind: 'norm', formula: NORM_CLIP_FORMULA, maxNorm, totalNorm, coef, factor, clipped, grads };
}

/** Clip by value: clamps every gradient element to [−clip_value, clip_value]. */
export function clipGradValue(params: readonly Tensor[], clipValue: number): ValueClipRecord {
  if (!Number.isFinite(clipValue) || clipValue <= 0) fail('E_ATTR', `clip by value: clip_value must be a number > 0, got ${clipValue}`);
  let clippedCount = 0;
  let size = 0;
  const grads = params.map((p) => {
    const g = p.grad;
    if (!g) return { param: p.name, hasGrad: false, normBefore: 0, normAfter: 0, changed: 0 };
    const out = g.clone();
    let changed = 0;
    for (let i = 0; i < out.size; i++) {
      const x = out.data[i];
      if (x > clipValue || x < -clipValue) {
        out.data[i] = x > 0 ? clipValue : -clipValue;
        changed++;
      }
    }
    if (changed > 0) p.grad = out;
    clippedCount += changed;
    size += g.size;
    return { param: p.name, hasGrad: true, normBefore: l2norm(g), normAfter: l2norm(p.grad ?? g), changed };
  });
  return { kind: 'value', formula: VALUE_CLIP_FORMULA, clipValue, clippedCount, size, grads };
}

/** Clipping as a model file writes it: `{ kind: 'norm', max_norm: 1 }` or `{ kind: 'value', clip_value: 0.5 }`. */
export type ClipOptions = { kind: 'norm'; max_norm: number } | { kind: 'value'; clip_value: number };

const NORM_OPTIONS = { max_norm: { meaning: 'largest allowed global gradient norm', min: 0, minExclusive: true } } as const;
const VALUE_OPTIONS = { clip_value: { meaning: 'largest allowed |gradient element|', min: 0, minExclusive: true } } as const;

export function clipGradients(params: readonly Tensor[], options: ClipOptions): ClipRecord {
  const kind: unknown = (options as { kind?: unknown } | null)?.kind;
  if (kind === 'norm') return clipGradNorm(params, readOptions('clipping "norm"', options, NORM_OPTIONS).max_norm);
  if (kind === 'value') return clipGradValue(params, readOptions('clipping "value"', options, VALUE_OPTIONS).clip_value);
  return fail('E_ATTR', `unknown clipping kind ${JSON.stringify(kind) ?? 'undefined'}; expected "norm" or "value"`);
}

function scaled(g: Tensor, c: number): Tensor {
  const out = new Tensor(g.data.slice(), g.shape, g.name);
  for (let i = 0; i < out.size; i++) out.data[i] *= c;
  return out;
}
