import { fail } from '../../errors';
import { floatWire, inputShape, tensorInput, weightOf, type LayerExport, type LayerExporter } from './context';
import { activationNodes, layerNormNodes, linearNodes } from './dense';
import type { OnnxGraph } from './graph';

/**
 * Attention layers as MatMul, Softmax, Transpose and Reshape over inputs of rank r (… , T, D), the
 * leading axes broadcast by MatMul. Multi-head attention splits the width into h heads of dh = D / h:
 * Reshape (…, T, h, dh) with 0 = "copy this axis" (the batch stays dynamic), swap T and h, attend per
 * head in one MatMul, swap back and Reshape to (…, T, D). Q is scaled by 1/√dh before the split, as
 * the engine does. The causal mask adds −∞ above the diagonal, so the softmax gives exact zeros there.
 */
type Scope = { readonly g: OnnxGraph; readonly scope: string; readonly rank: number };

/** The leading axes stay; the last `tail.length` axes are permuted as `tail` says. */
function perm(rank: number, tail: readonly number[]): number[] {
  return [...Array.from({ length: rank - tail.length }, (_, i) => i), ...tail];
}

/** The last two axes swapped: (…, T, D) → (…, D, T). */
function transposeLast(s: Scope, x: string): string {
  return s.g.node(s.scope, 'Transpose', [x], { perm: perm(s.rank, [s.rank - 1, s.rank - 2]) });
}

/** Mask (Tq, Tk): 0 on and below the diagonal, −∞ above (query i sees keys j ≤ i). */
function causalMask(g: OnnxGraph, scope: string, tq: number, tk: number): string {
  const values = Array.from({ length: tq * tk }, (_, k) => (k % tk > Math.floor(k / tk) ? -Infinity : 0));
  return g.weight(`${scope}/causal_mask`, [tq, tk], values);
}

/** weights = softmax(mask(scores)) over keys; context = weights · values. */
function attend(s: Scope, scores: string, values: string, causal: boolean, tq: number, tk: number): { weights: string; context: string } {
  const masked = causal ? s.g.node(s.scope, 'Add', [scores, causalMask(s.g, s.scope, tq, tk)]) : scores;
  const weights = s.g.node(s.scope, 'Softmax', [masked], { axis: -1 });
  return { weights, context: s.g.node(s.scope, 'MatMul', [weights, values]) };
}

interface Projections {
  readonly Wq: string;
  readonly Wk: string;
  readonly Wv: string;
  readonly Wo: string;
  readonly b: Readonly<Record<'bq' | 'bk' | 'bv' | 'bo', string | null>>;
}

function projections(x: LayerExport, prefix: string): Projections {
  const w = (k: string) => weightOf(x, `${prefix}${k}`);
  const b = (k: string) => (x.params.has(`${prefix}${k}`) ? w(k) : null);
  return { Wq: w('Wq'), Wk: w('Wk'), Wv: w('Wv'), Wo: w('Wo'), b: { bq: b('bq'), bk: b('bk'), bv: b('bv'), bo: b('bo') } };
}

/** Multi-head attention of x (…, T, D) over memory (…, Tm, M): { out (…, T, D), weights (…, h, T, Tm) }. */
function multiHead(s: Scope, x: string, memory: string, p: Projections, dims: { d: number; heads: number; t: number; tm: number }, causal: boolean): { out: string; weights: string } {
  const { g, scope, rank } = s;
  const dh = dims.d / dims.heads;
  const Q = linearNodes(g, `${scope}/Q`, x, rank, p.Wq, p.b.bq);
  const K = linearNodes(g, `${scope}/K`, memory, rank, p.Wk, p.b.bk);
  const V = linearNodes(g, `${scope}/V`, memory, rank, p.Wv, p.b.bv);
  const Qs = g.node(scope, 'Mul', [Q, g.scalar(`${scope}/inv_sqrt_dh`, 1 / Math.sqrt(dh))]);
  const heads = g.ints(`${scope}/heads_shape`, [...Array<number>(rank - 1).fill(0), dims.heads, dh]);
  // (…, T, D) → (…, T, h, dh) → (…, h, T, dh); keys → (…, h, dh, Tm).
  const split = (v: string, tail: readonly number[]) => g.node(scope, 'Transpose', [g.node(scope, 'Reshape', [v, heads])], { perm: perm(rank + 1, tail) });
  const swap = [rank - 1, rank - 2, rank];
  const q = split(Qs, swap);
  const kT = split(K, [rank - 1, rank, rank - 2]);
  const v = split(V, swap);
  const { weights, context } = attend({ g, scope, rank: rank + 1 }, g.node(scope, 'MatMul', [q, kT]), v, causal, dims.t, dims.tm);
  const joined = g.node(scope, 'Reshape', [g.node(scope, 'Transpose', [context], { perm: perm(rank + 1, swap) }), g.ints(`${scope}/concat_shape`, [...Array<number>(rank - 1).fill(0), dims.d])]);
  return { out: linearNodes(g, `${scope}/out`, joined, rank, p.Wo, p.b.bo), weights };
}

function scopeOf(x: LayerExport, slot = 'input'): Scope {
  const rank = inputShape(x, slot).length;
  if (rank < 2) fail('E_SHAPE', `ONNX export takes a sequence (…, T, D), got rank ${rank}`, { layer: x.layer.name });
  return { g: x.graph, scope: x.layer.name, rank };
}

const multiHeadAttention: LayerExporter = (x) => {
  const s = scopeOf(x);
  const xs = inputShape(x);
  const hasMemory = x.inputs.memory?.length;
  const ms = hasMemory ? inputShape(x, 'memory') : xs;
  const dims = { d: x.attrs.num('dim'), heads: x.attrs.num('heads'), t: xs[xs.length - 2], tm: ms[ms.length - 2] };
  const input = tensorInput(x);
  const { out, weights } = multiHead(s, input, hasMemory ? tensorInput(x, 'memory') : input, projections(x, ''), dims, x.attrs.bool('causal'));
  return { out: floatWire(out), weights: floatWire(weights) };
};

const transformerBlock: LayerExporter = (x) => {
  const s = scopeOf(x);
  const { g, scope, rank } = s;
  const shape = inputShape(x);
  const t = shape[shape.length - 2];
  const dims = { d: x.attrs.num('dim'), heads: x.attrs.num('heads'), t, tm: t };
  const eps = x.attrs.num('eps');
  const ln = (v: string, k: string) => layerNormNodes(g, `${scope}/${k}`, v, weightOf(x, `${k}.gamma`), weightOf(x, `${k}.beta`), eps);
  const attn = (v: string) => multiHead({ g, scope: `${scope}/attn`, rank }, v, v, projections(x, 'attn.'), dims, x.attrs.bool('causal'));
  const ffn = (v: string) => {
    const hidden = linearNodes(g, `${scope}/ffn/fc1`, v, rank, weightOf(x, 'ffn.fc1.W'), weightOf(x, 'ffn.fc1.b'));
    const act = activationNodes(g, `${scope}/ffn`, x.attrs.str('activation'), hidden);
    return linearNodes(g, `${scope}/ffn/fc2`, act, rank, weightOf(x, 'ffn.fc2.W'), weightOf(x, 'ffn.fc2.b'));
  };
  const input = tensorInput(x);
  const add = (a: string, b: string) => g.node(scope, 'Add', [a, b]);
  if (x.attrs.str('norm') === 'pre') {
    const a = attn(ln(input, 'ln1'));
    const h = add(input, a.out);
    return { out: floatWire(add(h, ffn(ln(h, 'ln2')))), weights: floatWire(a.weights) };
  }
  const a = attn(input);
  const h = ln(add(input, a.out), 'ln1');
  return { out: floatWire(ln(add(h, ffn(h)), 'ln2')), weights: floatWire(a.weights) };
};

/** Single-head attention with dot, scaled_dot, general or additive scores (engine/layers/attention.ts). */
const attention: LayerExporter = (x) => {
  const s = scopeOf(x, 'query');
  const { g, scope, rank } = s;
  const q = tensorInput(x, 'query');
  const k = x.inputs.keys?.length ? tensorInput(x, 'keys') : q;
  const v = x.inputs.values?.length ? tensorInput(x, 'values') : k;
  const qs = inputShape(x, 'query');
  const ks = x.inputs.keys?.length ? inputShape(x, 'keys') : qs;
  const score = x.attrs.str('score');
  let scores: string;
  if (score === 'dot' || score === 'scaled_dot') {
    const qk = g.node(scope, 'MatMul', [q, transposeLast(s, k)]);
    scores = score === 'dot' ? qk : g.node(scope, 'Mul', [qk, g.scalar(`${scope}/inv_sqrt_dk`, 1 / Math.sqrt(qs[qs.length - 1]))]);
  } else if (score === 'general') {
    scores = g.node(scope, 'MatMul', [g.node(scope, 'MatMul', [q, weightOf(x, 'W_a')]), transposeLast(s, k)]);
  } else {
    // e[q,k] = v · tanh(S W_sᵀ [q] + Hs W_hᵀ [k]) on a (…, Tq, Tk, A) grid.
    const rows = g.node(scope, 'Unsqueeze', [linearNodes(g, scope, q, rank, weightOf(x, 'W_s'), null), g.ints(`${scope}/axis_k`, [rank - 1])]);
    const cols = g.node(scope, 'Unsqueeze', [linearNodes(g, scope, k, rank, weightOf(x, 'W_h'), null), g.ints(`${scope}/axis_q`, [rank - 2])]);
    const energy = g.node(scope, 'Tanh', [g.node(scope, 'Add', [rows, cols])]);
    scores = g.node(scope, 'ReduceSum', [g.node(scope, 'Mul', [energy, weightOf(x, 'v')]), g.ints(`${scope}/axis_a`, [-1])], { keepdims: 0 });
  }
  const { weights, context } = attend(s, scores, v, x.attrs.bool('causal'), qs[qs.length - 2], ks[ks.length - 2]);
  return { context: floatWire(context), weights: floatWire(weights) };
};

export const ATTENTION_EXPORTERS: Readonly<Record<string, LayerExporter>> = {
  attention,
  multi_head_attention: multiHeadAttention,
  transformer_block: transformerBlock,
};
