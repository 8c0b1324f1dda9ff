import assert from 'node:assert/strict';
import { backward } from '../../../engine/autograd/backward';
import { Tape } from '../../../engine/autograd/tape';
import { Perceptron } from '../../../engine/layers/perceptron';
import { Rng } from '../../../engine/random';
import { Tensor } from '../../../engine/tensor/tensor';
import { accuracyOf, applyLoss } from '../../../engine/train/loss';

describe('the loss of a supervised model', () => {
  it('runs in the scope `loss`, the target a constant', () => {
    const tape = new Tape();
    const p = Tensor.of([0.2, 0.9], [2, 1], 'float64', 'p');
    p.requiresGrad = true;
    const y = Tensor.of([0, 1], [2, 1], 'float64', 'data.y');
    const L = applyLoss(tape, 'bce', p, y);
    assert.equal(L.name, 'loss/bce');
    assert.ok(Math.abs(L.data[0] - -(Math.log(0.8) + Math.log(0.9)) / 2) < 1e-15);
  });

  it('cross_entropy reads class scores of any rank as rows (…, C) → (N, C) against ids (…)', () => {
    const tape = new Tape();
    const logits = Tensor.of([1, 2, 3, 0, 0, 0, 5, 1, 1, 2, 2, 2], [2, 2, 3], 'float64', 'z');
    logits.requiresGrad = true;
    const ids = Tensor.of([2, 0, 0, 1], [2, 2], 'float64', 'data.target');
    const L = applyLoss(tape, 'cross_entropy', logits, ids);
    assert.deepEqual(tape.nodes.map((n) => n.name), ['loss/logits_rows', 'loss/cross_entropy']);
    const lse = (a: number[]) => Math.log(a.reduce((s, v) => s + Math.exp(v), 0));
    const expected = (lse([1, 2, 3]) - 3 + lse([0, 0, 0]) + lse([5, 1, 1]) - 5 + lse([2, 2, 2]) - 2) / 4;
    assert.ok(Math.abs(L.data[0] - expected) < 1e-14);
    assert.deepEqual(accuracyOf('cross_entropy', logits, ids), { correct: 3, total: 4 });
  });

  it('the perceptron criterion\'s SGD step is Rosenblatt\'s rule averaged over the batch', () => {
    const layer = new Perceptron('p', { inputSize: 2 }, { init: 'uniform' }, new Rng(5), 'float64');
    const x = Tensor.of([1, 0, 0, 1, 1, 1, 0, 0], [4, 2]);
    const y = Tensor.of([1, 0, 1, 0], [4, 1]);
    const tape = new Tape();
    const yhat = layer.forward(tape, x);
    const L = applyLoss(tape, 'perceptron', yhat, y);
    backward(tape, L);
    const [w, b] = layer.parameters();
    const err = Array.from(yhat.data, (p, i) => y.data[i] - p);
    // −∂L/∂w = (1/N) Σ (y − ŷ) x, −∂L/∂b = (1/N) Σ (y − ŷ)
    const dw = [0, 1].map((j) => -err.reduce((s, e, i) => s + e * x.data[i * 2 + j], 0) / 4);
    // (+ 0 reads −0 as 0: the sign of a zero gradient does not matter)
    assert.deepEqual(Array.from(w.grad!.data, (v) => v + 0), dw.map((v) => v + 0));
    assert.equal(b.grad!.data[0], -err.reduce((s, e) => s + e, 0) / 4);
    assert.equal(accuracyOf('perceptron', yhat, y)!.total, 4);
  });

  it('accuracy: thresholds 0.5 for probabilities, 0 for logits; none for mse', () => {
    const y = Tensor.of([1, 0, 1], [3, 1]);
    assert.deepEqual(accuracyOf('bce', Tensor.of([0.7, 0.4, 0.2], [3, 1]), y), { correct: 2, total: 3 });
    assert.deepEqual(accuracyOf('bce_with_logits', Tensor.of([0.1, -2, -0.1], [3, 1]), y), { correct: 2, total: 3 });
    assert.equal(accuracyOf('mse', Tensor.of([1, 0, 1], [3, 1]), y), null);
  });
});
