import type { Tape } from '../autograd/tape';
import { fail } from '../errors';
import type { Rng } from '../random';
import { allocate, DEFAULT_DTYPE, type DType } from '../tensor/dtype';
import { formatShape } from '../tensor/shape';
import { Tensor } from '../tensor/tensor';
import { Attention, expectSameBatch, expectSequence, type AttentionResult, type AttentionWeightsSource } from './attention';
import { checkSizes } from './checks';
import { Embedding } from './embedding';
import { GRU } from './gru';
import { Layer } from './layer';
import { Linear } from './linear';
import { LSTM } from './lstm';
import type { RecurrentLayer } from './recurrent';
import type { RecurrentRun, RecurrentState } from './recurrent-run';
import { RNN } from './rnn';
import { checkIds, greedyIds, oneHot } from './seq2seq_tokens';

/**
 * Encoder–decoder over a source sequence and a target sequence, one of each or a batch (N, …).
 *   encoder:  h^enc = RNN_enc(source)                  (Ts, H); its final state starts the decoder
 *   decoder:  h_t = RNN_dec(y_{t−1}, h_{t−1})          (Tt, H)
 *   attention (Luong, global; optional): c = Attention(h, h^enc)    context per target step (Tt, H)
 *             h̃ = tanh(W_c [c ; h] + b_c)                          the attentional state (Tt, H)
 *   output:   o = W_o h̃ + b_o (or W_o h + b_o without attention)    (Tt, O)
 * Inputs are vectors (T, I), or with `tokens` ids (T) that enter as one-hot vectors or, with `embed`,
 * through learned embeddings. Training uses teacher forcing: `forward` takes the decoder inputs (the
 * target shifted right behind a start token). `generate` runs free: each output, through `feed`
 * (default: greedy ids, or the output itself for vectors), is the next step's input.
 * Scopes: `<layer>/encoder/t<k>/…`, `<layer>/decoder/t<k>/…`, `<layer>/attn/{scores,weights,context}`,
 * `<layer>/combine/y`, `<layer>/attentional`, `<layer>/out/y`; params `<layer>.encoder.W_f`, ….
 */

export const SEQ2SEQ_CELLS = ['rnn', 'lstm', 'gru'] as const;
export type Seq2SeqCell = (typeof SEQ2SEQ_CELLS)[number];
export const SEQ2SEQ_ATTENTION = ['none', 'dot', 'general', 'additive'] as const;
export type Seq2SeqAttention = (typeof SEQ2SEQ_ATTENTION)[number];

export interface Seq2SeqSizes {
  /** Width of one source step; with `tokens`, the source vocabulary size. */
  sourceSize: number;
  /** Width of one decoder input step; with `tokens`, the target vocabulary size. */
  targetSize: number;
  hiddenSize: number;
  /** Width of one output step (e.g. target vocabulary logits). */
  outputSize: number;
  /** With `tokens`: width of the learned embeddings `src_embed.E`, `tgt_embed.E` (default: one-hot). */
  embed?: number;
}

export interface Seq2SeqOptions {
  /** Recurrent cell of both encoder and decoder (default `lstm`). */
  cell?: Seq2SeqCell;
  /** Score function of the decoder's attention over the encoder states (default `none`). */
  attention?: Seq2SeqAttention;
  /** Inputs are token ids instead of vectors (implied by `sizes.embed`). */
  tokens?: boolean;
}

export interface Seq2SeqResult {
  /** (…, Tt, O) on the tape. */
  outputs: Tensor;
  encoder: RecurrentRun;
  decoder: RecurrentRun;
  /** Present with attention: weights (…, Tt, Ts), one row per target step. */
  attention: AttentionResult | null;
}

export interface Seq2SeqGeneration {
  /** (steps, O) for one sequence, (N, steps, O) for a batch; on the tape. */
  outputs: Tensor;
  encoder: RecurrentRun;
  /** The decoder input of every step (ids (B) with `tokens`, else vectors (B, It)); the first is `start`. */
  inputs: Tensor[];
  /** Per step, with attention: weights (1, Ts), or (N, 1, Ts) for a batch. */
  attention: AttentionResult[];
}

/** Turns step t's output (B, O) into step t+1's decoder input: ids (B) with `tokens`, else (B, It). */
export type Feed = (output: Tensor, t: number) => Tensor;

export class Seq2Seq extends Layer implements AttentionWeightsSource {
  readonly kind = 'seq2seq';
  readonly cell: Seq2SeqCell;
  readonly attentionScore: Seq2SeqAttention;
  readonly tokens: boolean;
  /** The last alignment (…, target steps, source steps): `<layer>/attn/weights` after `forward`, a copy of the per-step rows after `generate`. */
  lastWeights: Tensor[] = [];
  private readonly encoder: RecurrentLayer;
  private readonly decoder: RecurrentLayer;
  private readonly srcEmbed: Embedding | null = null;
  private readonly tgtEmbed: Embedding | null = null;
  private readonly attn: Attention | null;
  private readonly combine: Linear | null;
  private readonly out: Linear;
  private readonly children: [string, Layer][] = [];

  constructor(name: string, readonly sizes: Seq2SeqSizes, options: Seq2SeqOptions, rng: Rng, readonly dtype: DType = DEFAULT_DTYPE) {
    super(name);
    checkSizes(name, Object.fromEntries(Object.entries(sizes).filter(([, v]) => v !== undefined)));
    this.cell = options.cell ?? 'lstm';
    this.attentionScore = options.attention ?? 'none';
    this.tokens = (options.tokens ?? false) || sizes.embed !== undefined;
    if (!SEQ2SEQ_CELLS.includes(this.cell)) fail('E_ATTR', `unknown cell "${this.cell}"; use one of ${SEQ2SEQ_CELLS.join(', ')}`, { layer: name });
    if (!SEQ2SEQ_ATTENTION.includes(this.attentionScore)) {
      fail('E_ATTR', `unknown attention "${this.attentionScore}"; use one of ${SEQ2SEQ_ATTENTION.join(', ')}`, { layer: name });
    }
    const { sourceSize, targetSize, hiddenSize: H, outputSize, embed } = sizes;
    if (embed !== undefined) {
      this.srcEmbed = this.adopt('src_embed', new Embedding('src_embed', { vocabSize: sourceSize, dim: embed }, {}, rng, dtype));
      this.tgtEmbed = this.adopt('tgt_embed', new Embedding('tgt_embed', { vocabSize: targetSize, dim: embed }, {}, rng, dtype));
    }
    this.encoder = this.adopt('encoder', recurrent(this.cell, 'encoder', embed ?? sourceSize, H, rng, dtype));
    this.decoder = this.adopt('decoder', recurrent(this.cell, 'decoder', embed ?? targetSize, H, rng, dtype));
    const score = this.attentionScore;
    this.attn = score === 'none' ? null : this.adopt('attn', new Attention('attn', { query: H, key: H, hidden: H }, { score }, rng, dtype));
    this.combine = score === 'none' ? null : this.adopt('combine', new Linear('combine', { inputSize: 2 * H, outputSize: H }, {}, rng, dtype));
    this.out = this.adopt('out', new Linear('out', { inputSize: H, outputSize }, {}, rng, dtype));
  }

  /** Teacher forcing: `decoderInputs` are the true previous targets, a start step first. */
  forward(tape: Tape, source: Tensor, decoderInputs: Tensor): Seq2SeqResult {
    return this.scoped(tape, () => {
      this.syncChildren();
      const src = this.inputVectors(tape, source, 'source');
      const tgt = this.inputVectors(tape, decoderInputs, 'decoder inputs');
      expectSameBatch(src, tgt, 'source', 'decoder inputs');
      const encoder = this.encoder.forward(tape, timeMajor(tape, src, 'source_steps'));
      const decoder = this.decoder.forward(tape, timeMajor(tape, tgt, 'target_steps'), encoder.final);
      const encoderStates = batchMajor(tape, encoder.h, 'encoder_states');
      const { outputs, attention } = this.readout(tape, batchMajor(tape, decoder.h, 'decoder_states'), encoderStates);
      this.lastWeights = attention ? [attention.weights] : [];
      return { outputs, encoder, decoder, attention };
    });
  }

  /**
   * Free-running decoding for `steps` steps from one start step: ids (B) with `tokens`, else
   * vectors (B, It); B = 1 for one source sequence, N for a batch.
   */
  generate(tape: Tape, source: Tensor, start: Tensor, steps: number, feed?: Feed): Seq2SeqGeneration {
    return this.scoped(tape, () => {
      this.syncChildren();
      const src = this.inputVectors(tape, source, 'source');
      const batched = src.rank === 3;
      const B = batched ? src.shape[0] : 1;
      this.checkStart(start, B);
      if (!Number.isInteger(steps) || steps < 1) fail('E_ARGUMENT', `steps must be a positive integer, got ${steps}`);
      const { outputSize: O, targetSize: It } = this.sizes;
      if (!feed && !this.tokens && O !== It) fail('E_ARGUMENT', `outputs (${O} wide) cannot be fed back as decoder inputs (${It} wide) without a feed function`);
      const encoder = this.encoder.forward(tape, timeMajor(tape, src, 'source_steps'));
      const encoderStates = batchMajor(tape, encoder.h, 'encoder_states');
      let state: RecurrentState = encoder.final;
      const inputs = [start];
      const outs: Tensor[] = [];
      const attention: AttentionResult[] = [];
      for (let t = 0; t < steps; t++) {
        const x = tape.withScope(`t${t}`, () => this.stepInput(tape, inputs[t]));
        const rec = this.decoder.step(tape, x, state, t);
        state = rec.c ? { h: rec.h, c: rec.c } : { h: rec.h };
        const r = tape.withScope(`t${t}`, () => this.readoutStep(tape, rec.h, encoderStates, batched));
        if (r.attention) attention.push(r.attention);
        outs.push(r.outputs);
        if (t + 1 < steps) inputs.push(feed ? feed(r.outputs, t) : this.tokens ? greedyIds(r.outputs) : r.outputs);
      }
      this.lastWeights = attention.length ? [joinSteps(attention.map((a) => a.weights), `${this.name}/attn/weights`)] : [];
      const outputs = batched ? tape.apply('stack', outs, { axis: 1 }, 'outputs') : tape.apply('concat', outs, { axis: 0 }, 'outputs');
      return { outputs, encoder, inputs, attention };
    });
  }

  /** Decoder states (…, n, H) → outputs (…, n, O), through attention over the encoder states when enabled. */
  private readout(tape: Tape, h: Tensor, encoderStates: Tensor): { outputs: Tensor; attention: AttentionResult | null } {
    if (!this.attn || !this.combine) return { outputs: this.out.forward(tape, h), attention: null };
    const attention = this.attn.forward(tape, h, encoderStates);
    const joined = tape.apply('concat', [attention.context, h], { axis: h.rank - 1 }, 'context_h');
    const attentional = tape.apply('tanh', [this.combine.forward(tape, joined)], {}, 'attentional');
    return { outputs: this.out.forward(tape, attentional), attention };
  }

  /** One decoder step's state h (B, H) → output (B, O); a batch attends with one query row per sequence. */
  private readoutStep(tape: Tape, h: Tensor, encoderStates: Tensor, batched: boolean): { outputs: Tensor; attention: AttentionResult | null } {
    if (!batched) return this.readout(tape, h, encoderStates);
    const [B, H] = h.shape;
    const r = this.readout(tape, tape.apply('reshape', [h], { shape: [B, 1, H] }, 'query'), encoderStates);
    return { outputs: tape.apply('reshape', [r.outputs], { shape: [B, this.sizes.outputSize] }, 'step_out'), attention: r.attention };
  }

  /** Source or decoder inputs as vectors (…, T, width): checked vectors, or ids one-hot encoded or embedded. */
  private inputVectors(tape: Tape, x: Tensor, what: 'source' | 'decoder inputs'): Tensor {
    const width = what === 'source' ? this.sizes.sourceSize : this.sizes.targetSize;
    if (this.tokens) {
      checkIds(what, x, width);
      const embedding = what === 'source' ? this.srcEmbed : this.tgtEmbed;
      return embedding ? embedding.forward(tape, x) : oneHot(x, width, this.dtype, `${this.name}/${what === 'source' ? 'source' : 'target'}_onehot`);
    }
    expectSequence(what, x, width, `${what === 'source' ? 'sourceSize' : 'targetSize'} = ${width}`);
    if (x.rank > 3) fail('E_SHAPE', `${what} must be one sequence (length, ${width}) or a batch (N, length, ${width}), got ${formatShape(x.shape)}`);
    if (x.dtype !== this.dtype) fail('E_DTYPE', `${what} is ${x.dtype} but the layer is ${this.dtype}`);
    return x;
  }

  /** A decoder input step (ids (B) or vectors (B, It)) as vectors (B, width). */
  private stepInput(tape: Tape, x: Tensor): Tensor {
    if (!this.tokens) return x;
    return this.tgtEmbed ? this.tgtEmbed.forward(tape, x) : oneHot(x, this.sizes.targetSize, this.dtype, `${this.name}/target_onehot`);
  }

  private checkStart(start: Tensor, B: number): void {
    const It = this.sizes.targetSize;
    if (this.tokens) checkIds('start', start, It, 1);
    const fits = this.tokens ? start.shape[0] === B : start.rank === 2 && start.shape[0] === B && start.shape[1] === It;
    if (!fits) fail('E_SHAPE', `start must be one step for each of the ${B} source sequence(s), ${this.tokens ? `ids (${B})` : `(${B}, ${It})`}, got ${formatShape(start.shape)}`);
  }

  /**
   * A child layer named by its local key, so that its scope nests inside this one (`s2s/encoder/t0`);
   * its parameters are registered here as `<key>.<param>` and named `<layer>.<key>.<param>`.
   */
  private adopt<L extends Layer>(key: string, child: L): L {
    for (const [k, t] of child.params) {
      this.params.set(`${key}.${k}`, t);
      t.name = `${this.name}.${key}.${k}`;
    }
    this.children.push([key, child]);
    return child;
  }

  /** This layer's params are the source of truth (they may have been rebound); children read them. */
  private syncChildren(): void {
    for (const [key, child] of this.children) {
      for (const k of child.params.keys()) child.params.set(k, this.params.get(`${key}.${k}`) as Tensor);
    }
  }
}

function recurrent(cell: Seq2SeqCell, name: string, inputSize: number, hiddenSize: number, rng: Rng, dtype: DType): RecurrentLayer {
  const sizes = { inputSize, hiddenSize };
  if (cell === 'lstm') return new LSTM(name, sizes, {}, rng, dtype);
  if (cell === 'gru') return new GRU(name, sizes, {}, rng, dtype);
  return new RNN(name, sizes, {}, rng, dtype);
}

/** The recurrent layers read a batch time-major: (N, T, F) → (T, N, F); one sequence (T, F) as is. */
function timeMajor(tape: Tape, x: Tensor, name: string): Tensor {
  return x.rank === 3 ? tape.apply('permute', [x], { perm: [1, 0, 2] }, name) : x;
}

/** Back from the recurrent layers: (T, N, H) → (N, T, H). */
function batchMajor(tape: Tape, h: Tensor, name: string): Tensor {
  return h.rank === 3 ? tape.apply('permute', [h], { perm: [1, 0, 2] }, name) : h;
}

/** Per-step weights (…, 1, Ts) copied into one (…, steps, Ts) tensor for display (not on the tape). */
function joinSteps(rows: readonly Tensor[], name: string): Tensor {
  const first = rows[0];
  const ts = first.shape[first.rank - 1];
  const lead = first.shape.slice(0, -2);
  const entries = first.size / ts;
  const data = allocate(first.dtype, rows.length * first.size);
  rows.forEach((w, t) => {
    for (let b = 0; b < entries; b++) data.set(w.data.subarray(b * ts, (b + 1) * ts), (b * rows.length + t) * ts);
  });
  return new Tensor(data, [...lead, rows.length, ts], name);
}
