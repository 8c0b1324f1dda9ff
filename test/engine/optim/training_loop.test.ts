import assert from 'node:assert/strict';
import '../../../engine/ops';
import { backward } from '../../../engine/autograd/backward';
import { Tape } from '../../../engine/autograd/tape';
import { clipGradNorm, createOptimizer, type Optimizer, type OptimizerOptions } from '../../../engine/optim';
import { createSchedule, type Schedule } from '../../../engine/schedules';
import { Tensor } from '../../../engine/tensor/tensor';

/**
 * The loop the session runs, end to end: forward on a tape, backward, clip, set lr from the schedule,
 * step. The task: fit y = 2x + 1 with a 1×1 linear layer.
 */
const X = Tensor.of([-1, -0.5, 0, 0.5, 1, 1.5], [6, 1]);
const Y = Tensor.of([-1, 0, 1, 2, 3, 4], [6, 1]);

function train(options: OptimizerOptions, schedule: Schedule, steps: number): { W: Tensor; b: Tensor; losses: number[]; opt: Optimizer } {
  const W = Tensor.of([0], [1, 1], 'float64', 'fc.W');
  const b = Tensor.of([0], [1], 'float64', 'fc.b');
  W.requiresGrad = b.requiresGrad = true;
  const opt = createOptimizer([W, b], options);
  const losses: number[] = [];
  for (let s = 0; s < steps; s++) {
    const tape = new Tape();
    const pred = tape.apply('add', [tape.apply('matmul', [X, W]), b]);
    const loss = tape.apply('mse', [pred, Y]);
    losses.push(loss.data[0]);
    opt.zeroGrad();
    backward(tape, loss);
    clipGradNorm(opt.params, 5);
    opt.lr = schedule.lrAt(opt.t);
    opt.step();
  }
  return { W, b, losses, opt };
}

describe('optim: a training loop with schedule and clipping', () => {
  const cases: [OptimizerOptions, number][] = [
    [{ kind: 'sgd', lr: 0.1, momentum: 0.9 }, 0.1],
    [{ kind: 'adam', lr: 0.1 }, 0.1],
    [{ kind: 'rmsprop', lr: 0.02 }, 0.02],
    [{ kind: 'adagrad', lr: 0.5 }, 0.5],
  ];
  for (const [options, lr] of cases) {
    it(`${options.kind} fits y = 2x + 1 under warm-up then cosine`, () => {
      const schedule = createSchedule({ kind: 'warmup_cosine', warmup_steps: 5 }, { base_lr: lr, total_steps: 300 });
      const { W, b, losses, opt } = train(options, schedule, 300);
      assert.ok(losses[losses.length - 1] < 1e-3 * losses[0], `loss ${losses[0]} → ${losses[losses.length - 1]}`);
      assert.ok(Math.abs(W.data[0] - 2) < 0.05 && Math.abs(b.data[0] - 1) < 0.05, `W = ${W.data[0]}, b = ${b.data[0]}`);
      assert.equal(opt.t, 300);
      assert.equal(opt.lr, schedule.lrAt(299), 'the last step used the schedule’s last rate');
    });
  }
});
