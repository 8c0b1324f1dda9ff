import type { Tape } from '../autograd/tape';
import { fail } from '../errors';
import type { Rng } from '../random';
import { DEFAULT_DTYPE, type DType } from '../tensor/dtype';
import { Tensor } from '../tensor/tensor';
import { expectSequence, type AttentionWeightsSource } from './attention';
import { checkActivation, checkSizes, type Activation } from './checks';
import { Layer } from './layer';
import { applyLinear, initWeight } from './linear';
import { multiHeadAttention, type MultiHeadResult } from './multi_head_attention';
import { param } from './params';

/**
 * One Transformer encoder block over a sequence x (T, D) or a batch (B, T, D): multi-head self-attention and a
 * position-wise feed-forward net FFN(h) = act(h W1ᵀ + b1) W2ᵀ + b2, each wrapped in a residual
 * connection and a layer norm.
 *   post-norm (Vaswani et al. 2017):  h = LN1(x + MHA(x)),       y = LN2(h + FFN(h))
 *   pre-norm  (GPT-2 style):          h = x + MHA(LN1(x)),       y = h + FFN(LN2(h))
 * Scopes inside the block: `attn` (see multi_head_attention.ts), `ln1`, `residual1`, `ffn` › `fc1`,
 * activation, `fc2`, `ln2`, and the result `out`. Params mirror the scopes: `<block>.attn.Wq`,
 * `<block>.ln1.gamma`, `<block>.ffn.fc1.W`, …
 */

export type NormPlacement = 'post' | 'pre';

export interface TransformerBlockSizes {
  /** Model width D. */
  model: number;
  heads: number;
  /** Hidden width of the feed-forward net (often 4·D). */
  ff: number;
}

export interface TransformerBlockOptions {
  /** Default `post`. */
  norm?: NormPlacement;
  /** Each position attends to itself and earlier positions only (a decoder-only block). */
  causal?: boolean;
  /** Feed-forward activation (default `relu`). */
  activation?: string;
  /** Layer-norm epsilon (default 1e-5). */
  eps?: number;
}

export interface TransformerBlockResult {
  /** (T, D) */
  out: Tensor;
  attention: MultiHeadResult;
}

export class TransformerBlock extends Layer implements AttentionWeightsSource {
  readonly kind = 'transformer_block';
  readonly norm: NormPlacement;
  readonly causal: boolean;
  readonly activation: Activation | 'identity';
  readonly eps: number;
  lastWeights: Tensor[] = [];

  constructor(name: string, readonly sizes: TransformerBlockSizes, options: TransformerBlockOptions, rng: Rng, dtype: DType = DEFAULT_DTYPE) {
    super(name);
    checkSizes(name, { ...sizes });
    const { model: d, heads, ff } = sizes;
    if (d % heads !== 0) fail('E_ARGUMENT', `model width ${d} is not divisible by heads = ${heads}`, { layer: name });
    this.norm = options.norm ?? 'post';
    if (this.norm !== 'post' && this.norm !== 'pre') fail('E_ATTR', `norm must be "post" or "pre", got "${String(this.norm)}"`, { layer: name });
    this.causal = options.causal ?? false;
    this.activation = checkActivation(name, options.activation ?? 'relu');
    this.eps = options.eps ?? 1e-5;
    for (const k of ['Wq', 'Wk', 'Wv', 'Wo']) this.addParam(`attn.${k}`, initWeight(rng, [d, d], 'xavier', dtype));
    for (const k of ['bq', 'bk', 'bv', 'bo']) this.addParam(`attn.${k}`, Tensor.zeros([d], dtype));
    const reluLike = this.activation === 'relu' || this.activation === 'leaky_relu' || this.activation === 'elu';
    this.addParam('ffn.fc1.W', initWeight(rng, [ff, d], reluLike ? 'he' : 'xavier', dtype));
    this.addParam('ffn.fc1.b', Tensor.zeros([ff], dtype));
    this.addParam('ffn.fc2.W', initWeight(rng, [d, ff], 'xavier', dtype));
    this.addParam('ffn.fc2.b', Tensor.zeros([d], dtype));
    for (const ln of ['ln1', 'ln2']) {
      this.addParam(`${ln}.gamma`, Tensor.full([d], 1, dtype));
      this.addParam(`${ln}.beta`, Tensor.zeros([d], dtype));
    }
  }

  forward(tape: Tape, x: Tensor): TransformerBlockResult {
    return this.scoped(tape, () => {
      expectSequence('input', x, this.sizes.model, 'the model width');
      const result = this.norm === 'post' ? this.postNorm(tape, x) : this.preNorm(tape, x);
      this.lastWeights = result.attention.heads.map((h) => h.weights);
      return result;
    });
  }

  private postNorm(tape: Tape, x: Tensor): TransformerBlockResult {
    const attention = this.attention(tape, x);
    const h = this.layerNorm(tape, tape.apply('add', [x, attention.out], {}, 'residual1'), 'ln1');
    const out = this.layerNorm(tape, tape.apply('add', [h, this.feedForward(tape, h)], {}, 'residual2'), 'ln2', 'out');
    return { out, attention };
  }

  private preNorm(tape: Tape, x: Tensor): TransformerBlockResult {
    const attention = this.attention(tape, this.layerNorm(tape, x, 'ln1'));
    const h = tape.apply('add', [x, attention.out], {}, 'residual1');
    const out = tape.apply('add', [h, this.feedForward(tape, this.layerNorm(tape, h, 'ln2'))], {}, 'out');
    return { out, attention };
  }

  private attention(tape: Tape, x: Tensor): MultiHeadResult {
    const p = (k: string): Tensor => param(this, `attn.${k}`);
    const weights = { Wq: p('Wq'), Wk: p('Wk'), Wv: p('Wv'), Wo: p('Wo'), bq: p('bq'), bk: p('bk'), bv: p('bv'), bo: p('bo') };
    return tape.withScope('attn', () => multiHeadAttention(tape, x, x, weights, this.sizes.heads, this.causal));
  }

  private layerNorm(tape: Tape, x: Tensor, ln: string, name = ln): Tensor {
    return tape.apply('layer_norm', [x, param(this, `${ln}.gamma`), param(this, `${ln}.beta`)], { eps: this.eps }, name);
  }

  private feedForward(tape: Tape, h: Tensor): Tensor {
    return tape.withScope('ffn', () => {
      const fc = (k: string, v: Tensor): Tensor =>
        tape.withScope(k, () => applyLinear(tape, v, param(this, `ffn.${k}.W`), param(this, `ffn.${k}.b`), `${this.name}/ffn/${k}`));
      const hidden = fc('fc1', h);
      return fc('fc2', this.activation === 'identity' ? hidden : tape.apply(this.activation, [hidden], {}, this.activation));
    });
  }
}
