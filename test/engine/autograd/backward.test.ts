import assert from 'node:assert/strict';
import '../../../engine/ops';
import { BackwardPass } from '../../../engine/autograd/backward';
import { Tape } from '../../../engine/autograd/tape';
import { defineOp } from '../../../engine/ops/registry';
import { Tensor } from '../../../engine/tensor/tensor';

function param(values: number[][], name: string): Tensor {
  const t = Tensor.fromNested(values, 'float64', name);
  t.requiresGrad = true;
  return t;
}

describe('tape and backward pass', () => {
  it('names every node by its scope path', () => {
    const tape = new Tape();
    const x = Tensor.fromNested([[1, 2]]);
    const W = param([[1, 0], [0, 1]], 'fc1.W');
    tape.withScope('fc1', () => tape.apply('matmul', [x, W], {}, 'xW'));
    tape.withScope('memory', () => tape.withScope('t3', () => tape.apply('exp', [x], {}, 'gate_f')));
    assert.deepEqual(tape.nodes.map((n) => n.name), ['fc1/xW', 'memory/t3/gate_f']);
    assert.deepEqual(tape.nodes[1].scope, ['memory', 't3']);
  });

  it('steps backward one node at a time, in reverse order, keeping every gradient', () => {
    const tape = new Tape();
    const a = param([[2]], 'a');
    const b = param([[3]], 'b');
    const p = tape.apply('mul', [a, b], {}, 'p'); // p = ab
    const y = tape.apply('add', [p, a], {}, 'y'); // y = ab + a
    const pass = new BackwardPass(tape, [y]);
    assert.equal(pass.peek()?.name, 'y');
    assert.equal(pass.step()?.name, 'y');
    assert.equal(a.grad?.data[0], 1, 'after the add node only the direct path reached a');
    assert.equal(p.grad?.data[0], 1);
    assert.equal(pass.step()?.name, 'p');
    assert.equal(a.grad?.data[0], 1 + 3, 'dy/da = b + 1');
    assert.equal(b.grad?.data[0], 2, 'dy/db = a');
    assert.equal(pass.step(), null);
    assert.ok(pass.done);
  });

  it('skips nodes that do not lead to the root', () => {
    const tape = new Tape();
    const a = param([[1]], 'a');
    tape.apply('exp', [a], {}, 'unused');
    const y = tape.apply('neg', [a], {}, 'y');
    assert.deepEqual(new BackwardPass(tape, [y]).order.map((n) => n.name), ['y']);
  });

  it('rejects a gradient whose shape differs from its input, naming op and input', () => {
    const bad = defineOp({
      name: 'test_bad_grad',
      inputs: ['x'],
      formula: 'y = x',
      forward: ([x]) => [x.clone()],
      backward: () => [Tensor.zeros([5])],
    });
    const tape = new Tape();
    const y = tape.withScope('layer1', () => tape.apply(bad, [param([[1, 2]], 'x')]));
    assert.throws(() => new BackwardPass(tape, [y]).run(), (e: Error & { where?: { op?: string; layer?: string } }) =>
      /input "x" has shape \[5\] but the input has \[1,2\]/.test(e.message) && e.where?.op === 'test_bad_grad' && e.where?.layer === 'layer1');
  });

  it('counts NaN and Inf produced by an op on its node', () => {
    const tape = new Tape();
    tape.apply('log', [Tensor.fromNested([-1, 0, 1])]);
    assert.equal(tape.nodes[0].nonFinite, 2);
  });

  it('refuses inputs of mixed dtypes, naming the op', () => {
    assert.throws(() => new Tape().apply('add', [Tensor.zeros([2], 'float32'), Tensor.zeros([2], 'float64')]), /float64.*float32|float32.*float64/);
  });
});
