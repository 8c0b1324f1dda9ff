import assert from 'node:assert/strict';
import type { TrainingStepRun } from '../../engine/train';
import { norm, paramNamed, sampleTrainer, trainAll, variant } from './support';

const ACTIVATIONS = ['sigmoid', 'tanh', 'relu', 'leaky_relu', 'elu', 'silu'] as const;
const withActivation = (act: string) => (text: string) => variant(text, 'activation: sigmoid ', `activation: ${act} `);

/** ‖∂L/∂W‖ of fc1 … fc6 after the first step's backward pass: input side first. */
function firstStepGradNorms(act: string): number[] {
  const trainer = sampleTrainer('activations', withActivation(act));
  trainer.beginStep().finish();
  return [1, 2, 3, 4, 5, 6].map((k) => norm(paramNamed(trainer, `net.fc${k}.W`).grad!.data));
}

/** Per hidden layer act1 … act5: how many units output exactly 0 for every point of the batch. */
function deadUnits(run: TrainingStepRun): number[] {
  return run.tape.nodes
    .filter((n) => /^net\/act[1-5]$/.test(n.name))
    .map((node) => {
      const [n, h] = node.outputs[0].shape;
      const y = node.outputs[0].data;
      return Array.from({ length: h }, (_, j) => Array.from({ length: n }, (_, i) => y[i * h + j]).every((v) => v === 0)).filter(Boolean).length;
    });
}

/** Trains with the activation and a learning rate of 2; the last step's dead units and fc1's gradient. */
function trainTooFast(act: string): { dead: number[]; fc1Grad: number; losses: number[] } {
  const trainer = sampleTrainer('activations', (t) => variant(withActivation(act)(t), 'lr: 0.5 ', 'lr: 2 '));
  let dead: number[] = [];
  const losses = trainAll(trainer, (run) => (dead = deadUnits(run)));
  return { dead, fc1Grad: norm(paramNamed(trainer, 'net.fc1.W').grad!.data), losses };
}

describe('sample activations: saturating activations starve the first layers; ReLUs die', () => {
  let grads: Record<string, number[]>;
  before(() => (grads = Object.fromEntries(ACTIVATIONS.map((a) => [a, firstStepGradNorms(a)]))));

  it('sigmoid: the gradient shrinks at every layer on its way back, to < 1/1000 of the last layer\'s at fc1', () => {
    const g = grads.sigmoid;
    for (let k = 0; k < 5; k++) assert.ok(g[k] < 0.5 * g[k + 1], `fc${k + 1} ${g[k]} vs fc${k + 2} ${g[k + 1]}`);
    assert.ok(g[0] / g[5] < 1e-3, `fc1/fc6 = ${g[0] / g[5]}`);
  });

  it('sigmoid\'s gradient at fc1 is ≪ ReLU\'s: less than 1/100 of it', () => {
    assert.ok(grads.sigmoid[0] < 0.01 * grads.relu[0], `sigmoid ${grads.sigmoid[0]}, relu ${grads.relu[0]}`);
  });

  it('the ReLU family, SiLU and tanh keep the gradient within 10× from fc6 back to fc1', () => {
    for (const a of ['relu', 'leaky_relu', 'elu', 'silu', 'tanh']) {
      const g = grads[a];
      assert.ok(g[0] / g[5] > 0.1, `${a}: fc1/fc6 = ${g[0] / g[5]}`);
    }
  });

  it('relu with lr 2: a whole layer dies (all 16 units output 0 for every point), so fc1 gets no gradient and the loss freezes at ln 2', () => {
    const { dead, fc1Grad, losses } = trainTooFast('relu');
    assert.ok(dead.includes(16), `dead units per layer ${dead.join('/')}`);
    assert.equal(fc1Grad, 0);
    for (const l of losses.slice(-50)) assert.ok(Math.abs(l - Math.LN2) < 1e-9, `loss ${l}`);
  });

  it('leaky_relu with lr 2: with a slope for negative inputs, no unit dies', () => {
    const { dead, fc1Grad } = trainTooFast('leaky_relu');
    assert.deepEqual(dead, [0, 0, 0, 0, 0]);
    assert.ok(fc1Grad > 0);
  });
});
