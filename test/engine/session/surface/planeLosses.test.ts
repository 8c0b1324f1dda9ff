import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkModel } from '../../../../engine/model/check';
import type { CheckedModel } from '../../../../engine/model/validate';
import { denseChainOf } from '../../../../engine/session/surface/denseChain';
import { PlaneLosses } from '../../../../engine/session/surface/planeLosses';
import { flatten, unflatten } from '../../../../engine/session/surface/trajectory';
import { createTrainer } from '../../../../engine/train/trainer';
import { readDataFilesSync } from '../../../../tools/cli/io';

const SAMPLES = join(__dirname, '../../../../samples');

function sample(file: string): CheckedModel {
  const text = readFileSync(join(SAMPLES, file), 'utf8');
  return checked(text, readDataFilesSync(join(SAMPLES, file), text));
}

function checked(text: string, files?: ReturnType<typeof readDataFilesSync>): CheckedModel {
  const { model, diagnostics } = checkModel(text, files ? { files } : {});
  assert.ok(model, JSON.stringify(diagnostics));
  return model;
}

/** A 2-32-32-5 `mlp` layer on blobs with the given hidden activation. */
const MLP = (activation: string, extra = ''): string => `name: mlp
seed: 2
${extra}
data:
  task: { blobs: { points: 60, classes: 5, spread: 0.9 } }
model:
  - mlp: { name: net, hidden: [32, 32], out: 5, activation: ${activation} }
loss: cross_entropy
training: { optimizer: sgd, lr: 0.1, steps: 5 }
`;

/** The engine's loss at θ: a trainer of the model of its own, its full (not lean) evaluation. */
function engineLoss(model: CheckedModel, theta: Float64Array): number {
  const trainer = createTrainer(model);
  unflatten(theta, trainer.layers.flatMap((l) => l.params));
  return trainer.evaluate()!.loss;
}

/** Two fixed directions of θ's size, not orthogonal, not unit: the formula must not rely on either. */
function directions(size: number): [Float64Array, Float64Array] {
  return [Float64Array.from({ length: size }, (_, i) => Math.sin(1.3 * i + 0.2)), Float64Array.from({ length: size }, (_, i) => Math.cos(0.7 * i) * 0.5)];
}

describe('the losses of a dense chain on a plane of its parameters', () => {
  const cases: [string, () => CheckedModel][] = [
    ['mlp-xor (linear, tanh, linear, sigmoid; bce)', () => sample('mlp-xor.nn.yaml')],
    ['iris-mlp (a CSV file; linear, tanh, linear; cross_entropy)', () => sample('iris-mlp.nn.yaml')],
    ['an mlp layer with tanh', () => checked(MLP('tanh'))],
    ['an mlp layer with leaky_relu', () => checked(MLP('leaky_relu'))],
  ];
  for (const [name, load] of cases) {
    it(`${name}: the engine's loss at θ = θ₀ + a·d₁ + b·d₂, to 1e-9 relative, at several grid points`, () => {
      const model = load();
      const trainer = createTrainer(model);
      const chain = denseChainOf(model, trainer.layers);
      assert.ok(chain, 'read as a dense chain');
      const origin = flatten(trainer.layers.flatMap((l) => l.params));
      assert.equal(chain.size, origin.length);
      const [d1, d2] = directions(origin.length);
      const losses = new PlaneLosses(chain, { origin, directions: [d1, d2] });
      for (const [a, b] of [[0, 0], [0.3, 0], [0, -0.25], [-0.4, 0.7], [1.5, 1.2]]) {
        const theta = Float64Array.from(origin, (v, j) => v + a * d1[j] + b * d2[j]);
        const want = engineLoss(model, theta);
        const got = losses.at(a, b);
        assert.ok(Math.abs(got - want) <= 1e-9 * Math.abs(want), `(${a}, ${b}): ${got} vs the engine's ${want}`);
      }
    });
  }

  it('is not offered for a model that is no dense chain (a recurrent layer) or is not float64', () => {
    const rnn = sample('rnn-vanishing.nn.yaml');
    assert.equal(denseChainOf(rnn, createTrainer(rnn).layers), null);
    const single = checked(MLP('tanh', 'dtype: float32'));
    assert.equal(denseChainOf(single, createTrainer(single).layers), null);
  });
});
