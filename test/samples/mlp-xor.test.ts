import assert from 'node:assert/strict';
import type { TrainingStepRun } from '../../engine/train';
import { sampleTrainer, trainAll, valueOf } from './support';

const XOR = [0, 1, 1, 0];

/**
 * Rosenblatt's rule on rows (each a point) with 0/1 labels, from zero weights: the passes it needs
 * until one pass makes no mistake, or null when it has not converged after `maxPasses`. By the
 * perceptron convergence theorem it converges exactly when a line (hyperplane) separates the labels.
 */
function perceptronPasses(rows: number[][], labels: number[], maxPasses = 100): number | null {
  const w = new Array<number>(rows[0].length).fill(0);
  let b = 0;
  for (let pass = 1; pass <= maxPasses; pass++) {
    let mistakes = 0;
    rows.forEach((x, i) => {
      const yhat = x.reduce((s, xi, j) => s + xi * w[j], b) >= 0 ? 1 : 0;
      const e = labels[i] - yhat;
      if (e !== 0) {
        mistakes++;
        x.forEach((xi, j) => (w[j] += e * xi));
        b += e;
      }
    });
    if (mistakes === 0) return pass;
  }
  return null;
}

function rowsOf(run: TrainingStepRun, name: string): number[][] {
  const t = valueOf(run, name);
  const [n, d] = t.shape;
  return Array.from({ length: n }, (_, i) => Array.from(t.data.subarray(i * d, (i + 1) * d)));
}

describe('sample mlp-xor: backpropagation trains a hidden layer that makes XOR separable', () => {
  const trainer = sampleTrainer('mlp-xor');
  let run: TrainingStepRun;
  let losses: number[];
  before(() => (losses = trainAll(trainer, (r) => (run = r))));

  it('reaches a loss below 0.05 on all four rows, from about ln 2', () => {
    assert.ok(Math.abs(losses[0] - Math.LN2) < 0.15, `first loss ${losses[0]}`);
    const evaluation = trainer.evaluate()!;
    assert.ok(evaluation.loss < 0.05, `loss ${evaluation.loss}`);
    assert.deepEqual(evaluation.accuracy, { correct: 4, total: 4 });
  });

  it('no line separates XOR in the input plane: the perceptron rule on x never converges', () => {
    const x = run.tape.nodes[0].inputs[0];
    const rows = [0, 1, 2, 3].map((i) => [x.data[2 * i], x.data[2 * i + 1]]);
    assert.equal(perceptronPasses(rows, XOR), null);
  });

  it('in the hidden layer\'s space (tanh1) the four rows are linearly separable: the rule converges', () => {
    const passes = perceptronPasses(rowsOf(run, 'tanh1/y'), XOR);
    assert.ok(passes !== null && passes <= 20, `passes ${passes}`);
  });

  it('the output layer is such a separating line: z = h W2ᵀ + b2 has the sign of the label on every row', () => {
    const z = valueOf(run, 'out/y').data;
    XOR.forEach((y, i) => assert.ok(y === 1 ? z[i] > 1 : z[i] < -1, `row ${i}: z = ${z[i]}`));
  });
});
