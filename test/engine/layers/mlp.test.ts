import assert from 'node:assert/strict';
import fc from 'fast-check';
import '../../../engine/ops';
import { backward } from '../../../engine/autograd/backward';
import { Tape } from '../../../engine/autograd/tape';
import { MLP } from '../../../engine/layers/mlp';
import { bindParams } from '../../../engine/layers/params';
import { Rng } from '../../../engine/random';
import { Tensor } from '../../../engine/tensor/tensor';
import type { TensorJson } from '../../../tools/reference/adapter';
import { gradcheck, tensorArb } from '../../support/gradcheck';
import { assertMatches, referenceCases, tensorOf } from '../../support/reference';
import { assertLayerError, opsIn } from './layer_support';

/** Reference names (README §8) → the MLP's parameter keys. */
const KEYS: Record<string, string> = { W1: 'fc1.W', b1: 'fc1.b', W2: 'fc2.W', b2: 'fc2.b' };

describe('MLP layer', () => {
  describe('trains on XOR like the mlp_xor_train reference (README §8: tanh, sigmoid, bce, plain SGD)', () => {
    for (const c of referenceCases('mlp_xor_train')) {
      it(c.name, () => {
        const X = tensorOf(c.inputs!.X);
        const Y = tensorOf(c.inputs!.Y);
        const init = c.init as Record<string, TensorJson>;
        const mlp = new MLP('mlp', [2, init.W1.shape[0], 1], { activation: 'tanh', outputActivation: 'sigmoid' }, new Rng(1), 'float64');
        bindParams(mlp, Object.fromEntries(Object.entries(init).map(([k, t]) => [KEYS[k], tensorOf(t)])));
        const lr = Number(c.attrs?.lr);
        const losses: number[] = [];
        for (let s = 0; s < Number(c.attrs?.steps); s++) {
          const tape = new Tape();
          const loss = tape.apply('bce', [mlp.forward(tape, X), Y], {}, 'loss');
          mlp.parameters().forEach((p) => (p.grad = null));
          backward(tape, loss);
          losses.push(loss.data[0]);
          if (s === 0) assertMatches('first_grads', gradsByRefName(mlp), c.first_grads);
          for (const p of mlp.parameters()) p.data.forEach((_, i) => (p.data[i] -= lr * p.grad!.data[i]));
        }
        assertMatches('losses', losses, c.losses);
        assertMatches('final', Object.fromEntries(Object.entries(KEYS).map(([ref, key]) => [ref, mlp.params.get(key)])), c.final);
      });
    }
  });

  it('gradients match finite differences on random sizes and activations', () => {
    const arb = fc
      .tuple(fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 2, maxLength: 4 }), fc.constantFrom('tanh', 'sigmoid', 'silu', 'elu'), fc.integer({ min: 1, max: 3 }))
      .chain(([sizes, act, N]) => fc.tuple(fc.constant(sizes), fc.constant(act), tensorArb([N, sizes[0]])));
    fc.assert(
      fc.property(arb, ([sizes, activation, x]) => {
        const proto = new MLP('mlp', sizes, { activation, outputActivation: 'sigmoid' }, new Rng(5), 'float64');
        const keys = [...proto.params.keys()];
        gradcheck((tape, [xx, ...ps]) => {
          const mlp = new MLP('mlp', sizes, { activation, outputActivation: 'sigmoid' }, new Rng(5), 'float64');
          bindParams(mlp, Object.fromEntries(keys.map((k, i) => [k, ps[i]])));
          return [mlp.forward(tape, xx)];
        }, [x, ...keys.map((k) => proto.params.get(k)!)]);
      }),
      { numRuns: 10 },
    );
  });

  it('is the scope mlp › fc1, act1, fc2, act2, with parameters mlp.fc1.W …', () => {
    const mlp = new MLP('mlp', [2, 4, 1], { activation: 'relu', outputActivation: 'sigmoid' }, new Rng(1), 'float64');
    const tape = new Tape();
    const y = mlp.forward(tape, Tensor.zeros([3, 2]));
    assert.deepEqual(opsIn(tape, 'mlp'), ['act1', 'act2']);
    assert.deepEqual(tape.nodes.map((n) => `${n.name}:${n.op}`), [
      'mlp/fc1/xW:matmul', 'mlp/fc1/y:add', 'mlp/act1:relu',
      'mlp/fc2/xW:matmul', 'mlp/fc2/y:add', 'mlp/act2:sigmoid',
    ]);
    assert.equal(y.name, 'mlp/act2');
    assert.deepEqual(mlp.parameters().map((p) => `${p.name}${JSON.stringify(p.shape)}`), ['mlp.fc1.W[4,2]', 'mlp.fc1.b[4]', 'mlp.fc2.W[1,4]', 'mlp.fc2.b[1]']);
    assert.deepEqual(mlp.activations, ['relu', 'sigmoid']);
  });

  it('can end in a softmax over the last axis (class probabilities)', () => {
    const tape = new Tape();
    const p = new MLP('clf', [3, 4, 5], { activation: 'relu', outputActivation: 'softmax' }, new Rng(1), 'float64').forward(tape, Tensor.fromNested([[1, 2, 3], [-1, 0, 2]]));
    assert.equal(tape.nodes.at(-1)?.op, 'softmax');
    for (let r = 0; r < 2; r++) assert.ok(Math.abs(Array.from(p.data.subarray(r * 5, r * 5 + 5)).reduce((a, b) => a + b, 0) - 1) < 1e-12);
  });

  it('leaves raw scores at the output by default', () => {
    const tape = new Tape();
    new MLP('net', [3, 2, 2, 5], { activation: 'tanh' }, new Rng(1), 'float64').forward(tape, Tensor.zeros([1, 3]));
    assert.equal(tape.nodes.at(-1)?.name, 'net/fc3/y');
    assert.deepEqual(opsIn(tape, 'net'), ['act1', 'act2']);
  });

  it('says which layer has a bad activation, size list or input', () => {
    assertLayerError(() => new MLP('mlp', [2, 3], { activation: 'swish' }, new Rng(1)), 'E_ATTR', 'mlp', /swish/, /tanh/);
    assertLayerError(() => new MLP('mlp', [2], { activation: 'tanh' }, new Rng(1)), 'E_ATTR', 'mlp', /at least/);
    const mlp = new MLP('mlp', [2, 3, 1], { activation: 'tanh' }, new Rng(1), 'float64');
    assertLayerError(() => mlp.forward(new Tape(), Tensor.zeros([4, 3])), 'E_SHAPE', 'mlp/fc1', /\[4,3\]/, /\[3,2\]/);
  });
});

function gradsByRefName(mlp: MLP): Record<string, Tensor | null> {
  return Object.fromEntries(Object.entries(KEYS).map(([ref, key]) => [ref, mlp.params.get(key)?.grad ?? null]));
}
