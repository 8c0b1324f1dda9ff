import type { Tape } from '../autograd/tape';
import { fail } from '../errors';
import type { Rng } from '../random';
import type { DType } from '../tensor/dtype';
import { Tensor } from '../tensor/tensor';
import { uniformInit } from './layer';
import { param } from './params';
import { RecurrentLayer, type RecurrentOptions, type RecurrentSizes } from './recurrent';
import type { RecurrentState, StepRecord } from './recurrent-run';

export interface RNNOptions extends RecurrentOptions {
  /** `tanh` (default) or `relu`, as PyTorch's `nonlinearity`. */
  nonlinearity?: 'tanh' | 'relu';
}

/**
 * Elman RNN: h_t = tanh(W_xh x_t + W_hh h_{t−1} + b_h) (or ReLU). Params `<name>.W_xh` (H, I), `.W_hh` (H, H),
 * `.b_h` (H). Per step t: `x`, `Wx`, `Wh`, `Wx_Wh`, `pre`, `h`; recorded: `pre`, `h`.
 */
export class RNN extends RecurrentLayer {
  readonly kind = 'rnn';
  protected readonly stateKeys = ['h'] as const;
  readonly nonlinearity: 'tanh' | 'relu';

  /** Weights U(±1/√H) as in PyTorch; the bias starts at 0. */
  constructor(name: string, sizes: RecurrentSizes, options: RNNOptions, rng: Rng, dtype: DType = 'float64') {
    super(name, sizes, options, dtype);
    this.nonlinearity = options.nonlinearity ?? 'tanh';
    if (this.nonlinearity !== 'tanh' && this.nonlinearity !== 'relu') {
      fail('E_ATTR', `nonlinearity must be tanh or relu, got "${String(this.nonlinearity)}"`, { layer: name });
    }
    const { inputSize: I, hiddenSize: H } = sizes;
    this.addParam('W_xh', uniformInit(rng, [H, I], 1 / Math.sqrt(H), dtype));
    this.addParam('W_hh', uniformInit(rng, [H, H], 1 / Math.sqrt(H), dtype));
    this.addParam('b_h', Tensor.zeros([H], dtype));
  }

  protected cell(tape: Tape, x: Tensor, { h }: RecurrentState): StepRecord {
    const Wx = tape.apply('matmul', [x, param(this, 'W_xh')], { transB: true }, 'Wx');
    const Wh = tape.apply('matmul', [h, param(this, 'W_hh')], { transB: true }, 'Wh');
    const sum = tape.apply('add', [Wx, Wh], {}, 'Wx_Wh');
    const pre = tape.apply('add', [sum, param(this, 'b_h')], {}, 'pre');
    return { pre, h: tape.apply(this.nonlinearity, [pre], {}, 'h') };
  }
}
