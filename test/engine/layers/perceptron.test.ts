import assert from 'node:assert/strict';
import '../../../engine/ops';
import { Tape } from '../../../engine/autograd/tape';
import { bindParams } from '../../../engine/layers/params';
import { Perceptron } from '../../../engine/layers/perceptron';
import { Rng } from '../../../engine/random';
import { Tensor } from '../../../engine/tensor/tensor';
import { assertMatches, referenceCases, tensorOf } from '../../support/reference';
import { assertLayerError, opsIn } from './layer_support';

describe('Perceptron layer', () => {
  describe('applies the learning rule like the perceptron_update reference (README §5.4)', () => {
    for (const c of referenceCases('perceptron_update')) {
      it(c.name, () => {
        const { w, b, x } = c.inputs!;
        const p = new Perceptron('p', { inputSize: w.shape[0] }, {}, new Rng(1), 'float64');
        bindParams(p, { w: tensorOf(w), b: tensorOf(b) });
        const step = p.learn(tensorOf(x), Number(c.int_inputs?.y_true), Number(c.attrs?.eta));
        assertMatches('outputs', { w_new: p.params.get('w'), b_new: p.params.get('b') }, c.outputs);
        assert.deepEqual({ y_pred: step.yPred, error: step.error }, c.int_outputs);
      });
    }
  });

  it('predicts on the tape with the ops the debugger shows: p/wx, p/dot, p/a, p/y (step)', () => {
    const p = new Perceptron('p', { inputSize: 2 }, {}, new Rng(1), 'float64');
    bindParams(p, { w: Tensor.of([1, -1], [2]), b: Tensor.of([0.5], []) });
    const tape = new Tape();
    const y = p.forward(tape, Tensor.fromNested([[0, 0], [0, 1], [2, 1], [0, 2]]));
    assert.deepEqual(opsIn(tape, 'p'), ['wx', 'dot', 'a', 'y']);
    assert.equal(tape.nodes.at(-1)?.op, 'step');
    assert.deepEqual(Array.from(y.data), [1, 0, 1, 0]);
    assert.deepEqual(p.forward(new Tape(), Tensor.of([0, 0.5], [2])).shape, []);
    assert.deepEqual(p.forward(new Tape(), Tensor.zeros([3, 4, 2])).shape, [3, 4]);
  });

  it('changes nothing on a correct prediction and converges on a linearly separable set (AND)', () => {
    const p = new Perceptron('p', { inputSize: 2 }, {}, new Rng(1), 'float64');
    const data: [number[], number][] = [[[0, 0], 0], [[0, 1], 0], [[1, 0], 0], [[1, 1], 1]];
    let epochs = 0;
    let errors = Infinity;
    while (errors > 0 && epochs < 50) {
      errors = 0;
      for (const [x, y] of data) {
        const before = Array.from(p.params.get('w')!.data);
        const step = p.learn(Tensor.of(x, [2]), y, 0.1);
        if (step.error !== 0) errors++;
        else assert.deepEqual(Array.from(p.params.get('w')!.data), before);
      }
      epochs++;
    }
    assert.equal(errors, 0, `still ${errors} errors after ${epochs} epochs`);
    const y = p.forward(new Tape(), Tensor.fromNested(data.map(([x]) => x)));
    assert.deepEqual(Array.from(y.data), data.map(([, t]) => t), 'forward agrees with what the rule learned');
  });

  it('says which layer got a bad example or target', () => {
    const p = new Perceptron('p', { inputSize: 3 }, {}, new Rng(1), 'float64');
    assertLayerError(() => p.forward(new Tape(), Tensor.zeros([2, 4])), 'E_SHAPE', 'p', /\[2,4\]/, /\(…, 3\)/);
    assertLayerError(() => p.learn(Tensor.zeros([2, 3]), 1, 0.1), 'E_SHAPE', 'p', /one example/);
    assertLayerError(() => p.learn(Tensor.zeros([3]), 2, 0.1), 'E_ARGUMENT', 'p', /0 or 1/);
  });
});
