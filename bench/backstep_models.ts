import { backward } from '../engine/autograd/backward';
import { Tape } from '../engine/autograd/tape';
import '../engine/ops';
import { LSTM } from '../engine/layers/lstm';
import { MLP } from '../engine/layers/mlp';
import { MultiHeadAttention } from '../engine/layers/multi_head_attention';
import { Adam } from '../engine/optim/adam';
import { Rng } from '../engine/random';
import { Tensor } from '../engine/tensor/tensor';
import { LSTM_SHAPE, MHA_SHAPE, MLP_SHAPE } from './shapes';

/**
 * One Backstep training step per model, as a run to the next breakpoint does it: the real layers on
 * a fresh tape (every op recorded and named), the loss op, the full backward pass, then Adam over
 * every parameter with `recordValues` off (the session turns the per-update value copies off while it
 * runs and on while the user steps).
 */
export type TrainStep = () => number;

/** CPU milliseconds spent in each phase, summed over the steps run while `phases.on` is set. */
export interface PhaseTotals {
  on: boolean;
  forward: number;
  backward: number;
  optimizer: number;
  steps: number;
}

export const phases: PhaseTotals = { on: false, forward: 0, backward: 0, optimizer: 0, steps: 0 };

export function resetPhases(on: boolean): void {
  Object.assign(phases, { on, forward: 0, backward: 0, optimizer: 0, steps: 0 });
}

const cpuMs = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

function randomTensor(rng: Rng, shape: number[], name: string): Tensor {
  const t = Tensor.zeros(shape, 'float32', name);
  for (let i = 0; i < t.size; i++) t.data[i] = rng.range(-1, 1);
  return t;
}

function trainStep(forwardLoss: (tape: Tape) => Tensor, opt: Adam): TrainStep {
  opt.recordValues = false;
  return () => {
    if (phases.on) return timedStep(forwardLoss, opt);
    const tape = new Tape();
    const loss = forwardLoss(tape);
    backward(tape, loss);
    opt.step();
    opt.zeroGrad();
    return loss.data[0];
  };
}

/** The same step with the CPU time of each phase added to `phases` (reading the clock costs a little). */
function timedStep(forwardLoss: (tape: Tape) => Tensor, opt: Adam): number {
  const t0 = cpuMs();
  const tape = new Tape();
  const loss = forwardLoss(tape);
  const t1 = cpuMs();
  backward(tape, loss);
  const t2 = cpuMs();
  opt.step();
  opt.zeroGrad();
  const t3 = cpuMs();
  phases.forward += t1 - t0;
  phases.backward += t2 - t1;
  phases.optimizer += t3 - t2;
  phases.steps++;
  return loss.data[0];
}

export function backstepMlp(): TrainStep {
  const { batch, sizes } = MLP_SHAPE;
  const rng = new Rng(1);
  const mlp = new MLP('mlp', sizes, { activation: 'relu' }, rng, 'float32');
  const x = randomTensor(rng, [batch, sizes[0]], 'x');
  const target = Tensor.of(Array.from({ length: batch }, () => rng.int(sizes[sizes.length - 1])), [batch], 'float32', 'target');
  return trainStep((tape) => tape.apply('cross_entropy', [mlp.forward(tape, x), target], {}, 'loss'), new Adam(mlp.parameters()));
}

export function backstepLstm(): TrainStep {
  const { T, batch, input, hidden } = LSTM_SHAPE;
  const rng = new Rng(2);
  const lstm = new LSTM('lstm', { inputSize: input, hiddenSize: hidden }, {}, rng, 'float32');
  const x = randomTensor(rng, [T, batch, input], 'x');
  const target = randomTensor(rng, [T, batch, hidden], 'target');
  return trainStep((tape) => tape.apply('mse', [lstm.forward(tape, x).h, target], {}, 'loss'), new Adam(lstm.parameters()));
}

export function backstepMha(): TrainStep {
  const { T, model, heads } = MHA_SHAPE;
  const rng = new Rng(3);
  const mha = new MultiHeadAttention('attn', { model, heads }, {}, rng, 'float32');
  const x = randomTensor(rng, [T, model], 'x');
  const target = randomTensor(rng, [T, model], 'target');
  return trainStep((tape) => tape.apply('mse', [mha.forward(tape, x).out, target], {}, 'loss'), new Adam(mha.parameters()));
}
