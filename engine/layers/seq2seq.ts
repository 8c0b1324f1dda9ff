import type { Tape } from '../autograd/tape';
import { fail } from '../errors';
import type { Rng } from '../random';
import { allocate, DEFAULT_DTYPE, type DType } from '../tensor/dtype';
import { formatShape } from '../tensor/shape';
import { Tensor } from '../tensor/tensor';
import { Attention, expectSequence, type AttentionResult, type AttentionWeightsSource } from './attention';
import { checkSizes } from './checks';
import { GRU } from './gru';
import { Layer } from './layer';
import { Linear } from './linear';
import { LSTM } from './lstm';
import type { RecurrentLayer } from './recurrent';
import type { RecurrentRun, RecurrentState } from './recurrent-run';
import { RNN } from './rnn';

/**
 * Encoder–decoder over one source sequence (Ts, Is) and one target sequence (Tt, It).
 *   encoder:  h^enc = RNN_enc(source)                  (Ts, H); its final state starts the decoder
 *   decoder:  h_t = RNN_dec(y_{t−1}, h_{t−1})          (Tt, H)
 *   attention (Luong, global; optional): c = Attention(h, h^enc)    context per target step (Tt, H)
 *             h̃ = tanh(W_c [c ; h] + b_c)                          the attentional state (Tt, H)
 *   output:   o = W_o h̃ + b_o (or W_o h + b_o without attention)    (Tt, O)
 * Training uses teacher forcing: `forward` takes the decoder inputs (the target shifted right, a start
 * vector first). `generate` runs free: each step's output, through `feed`, is the next step's input.
 * Scopes: `<layer>/encoder/t<k>/…`, `<layer>/decoder/t<k>/…`, `<layer>/attn/{scores,weights,context}`,
 * `<layer>/combine/y`, `<layer>/attentional`, `<layer>/out/y`; params `<layer>.encoder.W_f`, ….
 */

export const SEQ2SEQ_CELLS = ['rnn', 'lstm', 'gru'] as const;
export type Seq2SeqCell = (typeof SEQ2SEQ_CELLS)[number];
export const SEQ2SEQ_ATTENTION = ['none', 'dot', 'general', 'additive'] as const;
export type Seq2SeqAttention = (typeof SEQ2SEQ_ATTENTION)[number];

export interface Seq2SeqSizes {
  /** Width of one source step. */
  sourceSize: number;
  /** Width of one decoder input step (e.g. a one-hot or embedded previous token). */
  targetSize: number;
  hiddenSize: number;
  /** Width of one output step (e.g. vocabulary logits). */
  outputSize: number;
}

export interface Seq2SeqOptions {
  /** Recurrent cell of both encoder and decoder (default `lstm`). */
  cell?: Seq2SeqCell;
  /** Score function of the decoder's attention over the encoder states (default `none`). */
  attention?: Seq2SeqAttention;
}

export interface Seq2SeqResult {
  /** (Tt, O) on the tape. */
  outputs: Tensor;
  encoder: RecurrentRun;
  decoder: RecurrentRun;
  /** Present with attention: weights (Tt, Ts), one row per target step. */
  attention: AttentionResult | null;
}

export interface Seq2SeqGeneration {
  /** (steps, O) on the tape. */
  outputs: Tensor;
  encoder: RecurrentRun;
  /** Per step, with attention: weights (1, Ts). */
  attention: AttentionResult[];
}

/** Turns one step's output (1, O) into the next step's decoder input (1, It). */
export type Feed = (output: Tensor, t: number) => Tensor;

/** Greedy token feed: the one-hot vector of the output's largest entry (a constant, off the tape). */
export function greedyOneHot(output: Tensor): Tensor {
  let best = 0;
  output.data.forEach((v, i) => {
    if (v > output.data[best]) best = i;
  });
  const x = Tensor.zeros([1, output.size], output.dtype);
  x.data[best] = 1;
  return x;
}

export class Seq2Seq extends Layer implements AttentionWeightsSource {
  readonly kind = 'seq2seq';
  readonly cell: Seq2SeqCell;
  readonly attentionScore: Seq2SeqAttention;
  /** The last alignment, (target steps × source steps): the tape's `<layer>/attn/weights` after `forward`, a copy of the per-step rows after `generate`. */
  lastWeights: Tensor[] = [];
  private readonly encoder: RecurrentLayer;
  private readonly decoder: RecurrentLayer;
  private readonly attn: Attention | null;
  private readonly combine: Linear | null;
  private readonly out: Linear;
  private readonly children: [string, Layer][] = [];

  constructor(name: string, readonly sizes: Seq2SeqSizes, options: Seq2SeqOptions, rng: Rng, readonly dtype: DType = DEFAULT_DTYPE) {
    super(name);
    checkSizes(name, { ...sizes });
    this.cell = options.cell ?? 'lstm';
    this.attentionScore = options.attention ?? 'none';
    if (!SEQ2SEQ_CELLS.includes(this.cell)) fail('E_ATTR', `unknown cell "${this.cell}"; use one of ${SEQ2SEQ_CELLS.join(', ')}`, { layer: name });
    if (!SEQ2SEQ_ATTENTION.includes(this.attentionScore)) {
      fail('E_ATTR', `unknown attention "${this.attentionScore}"; use one of ${SEQ2SEQ_ATTENTION.join(', ')}`, { layer: name });
    }
    const { sourceSize, targetSize, hiddenSize: H, outputSize } = sizes;
    this.encoder = this.adopt('encoder', recurrent(this.cell, 'encoder', sourceSize, H, rng, dtype));
    this.decoder = this.adopt('decoder', recurrent(this.cell, 'decoder', targetSize, H, rng, dtype));
    const score = this.attentionScore;
    this.attn = score === 'none' ? null : this.adopt('attn', new Attention('attn', { query: H, key: H, hidden: H }, { score }, rng, dtype));
    this.combine = score === 'none' ? null : this.adopt('combine', new Linear('combine', { inputSize: 2 * H, outputSize: H }, {}, rng, dtype));
    this.out = this.adopt('out', new Linear('out', { inputSize: H, outputSize }, {}, rng, dtype));
  }

  /** Teacher forcing: `decoderInputs` (Tt, It) are the true previous targets, a start vector first. */
  forward(tape: Tape, source: Tensor, decoderInputs: Tensor): Seq2SeqResult {
    return this.scoped(tape, () => {
      this.checkSequence('source', source, this.sizes.sourceSize);
      this.checkSequence('decoder inputs', decoderInputs, this.sizes.targetSize);
      this.syncChildren();
      const encoder = this.encoder.forward(tape, source);
      const decoder = this.decoder.forward(tape, decoderInputs, encoder.final);
      const { outputs, attention } = this.readout(tape, decoder.h, encoder.h);
      this.lastWeights = attention ? [attention.weights] : [];
      return { outputs, encoder, decoder, attention };
    });
  }

  /** Free-running decoding for `steps` steps from `start` (1, It); `feed` defaults to the output itself (needs O = It). */
  generate(tape: Tape, source: Tensor, start: Tensor, steps: number, feed?: Feed): Seq2SeqGeneration {
    return this.scoped(tape, () => {
      this.checkSequence('source', source, this.sizes.sourceSize);
      this.checkSequence('start', start, this.sizes.targetSize);
      if (start.shape[0] !== 1) fail('E_SHAPE', `start must be one step (1, ${this.sizes.targetSize}), got ${formatShape(start.shape)}`);
      if (!Number.isInteger(steps) || steps < 1) fail('E_ARGUMENT', `steps must be a positive integer, got ${steps}`);
      const { outputSize: O, targetSize: It } = this.sizes;
      if (!feed && O !== It) fail('E_ARGUMENT', `outputs (${O} wide) cannot be fed back as decoder inputs (${It} wide) without a feed function`);
      this.syncChildren();
      const encoder = this.encoder.forward(tape, source);
      let state: RecurrentState = encoder.final;
      let x = start;
      const outs: Tensor[] = [];
      const attention: AttentionResult[] = [];
      for (let t = 0; t < steps; t++) {
        const rec = this.decoder.step(tape, x, state, t);
        state = rec.c ? { h: rec.h, c: rec.c } : { h: rec.h };
        const r = tape.withScope(`t${t}`, () => this.readout(tape, rec.h, encoder.h));
        if (r.attention) attention.push(r.attention);
        outs.push(r.outputs);
        if (t + 1 < steps) x = feed ? feed(r.outputs, t) : r.outputs;
      }
      this.lastWeights = attention.length ? [stackRows(attention.map((a) => a.weights), `${this.name}/attn/weights`)] : [];
      return { outputs: tape.apply('concat', outs, { axis: 0 }, 'outputs'), encoder, attention };
    });
  }

  /** Decoder states (n, H) → outputs (n, O), through attention over the encoder states when enabled. */
  private readout(tape: Tape, h: Tensor, encoderStates: Tensor): { outputs: Tensor; attention: AttentionResult | null } {
    if (!this.attn || !this.combine) return { outputs: this.out.forward(tape, h), attention: null };
    const attention = this.attn.forward(tape, h, encoderStates);
    const joined = tape.apply('concat', [attention.context, h], { axis: 1 }, 'context_h');
    const attentional = tape.apply('tanh', [this.combine.forward(tape, joined)], {}, 'attentional');
    return { outputs: this.out.forward(tape, attentional), attention };
  }

  private checkSequence(what: string, x: Tensor, width: number): void {
    expectSequence(what, x, width, `${what === 'source' ? 'sourceSize' : 'targetSize'} = ${width}`);
    if (x.rank !== 2) fail('E_SHAPE', `${what} must be one sequence (length, ${width}), got ${formatShape(x.shape)}`);
    if (x.dtype !== this.dtype) fail('E_DTYPE', `${what} is ${x.dtype} but the layer is ${this.dtype}`);
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

/** Rows (1, n) copied into one (rows, n) tensor for display (not on the tape). */
function stackRows(rows: readonly Tensor[], name: string): Tensor {
  const n = rows[0].size;
  const data = allocate(rows[0].dtype, rows.length * n);
  rows.forEach((r, i) => data.set(r.data, i * n));
  return new Tensor(data, [rows.length, n], name);
}
