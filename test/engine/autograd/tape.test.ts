import { strict as assert } from 'node:assert';
import { Tape } from '../../../engine/autograd/tape';
import { Tensor } from '../../../engine/tensor/tensor';

describe('tape', () => {
  it('applies an output edit as it records the output, before a later op reads it, and counts its non-finite values', () => {
    const edits = new Map([['a/y', (t: Tensor) => (t.data[1] = NaN)]]);
    const tape = new Tape(edits);
    const x = Tensor.of([1, 2, 3], [3], 'float64', 'x');
    const y = tape.withScope('a', () => tape.apply('relu', [x], {}, 'y'));
    const z = tape.apply('relu', [y], {}, 'z');
    assert.equal(y.name, 'a/y');
    assert.deepEqual(Array.from(z.data), [1, NaN, 3]);
    assert.deepEqual(tape.nodes.map((n) => n.nonFinite), [1, 1]);
    assert.deepEqual(Array.from(new Tape().apply('relu', [x]).data), [1, 2, 3], 'without edits nothing changes');
  });

  it('without bookkeeping: the same values, outputs named by their op alone, no scope kept, non-finite values not counted', () => {
    const tape = new Tape();
    tape.bookkeeping = false;
    const x = Tensor.of([-1, NaN, 3], [3], 'float64', 'x');
    const [y, z] = tape.withScope('a', () => [tape.apply('relu', [x], {}, 'y'), tape.apply('relu', [x], {}, 'y')]);
    assert.deepEqual(Array.from(z.data), Array.from(new Tape().apply('relu', [x]).data));
    assert.deepEqual([y.name, z.name], ['y', 'y']);
    assert.deepEqual(tape.nodes.map((n) => [n.nonFinite, n.scope.length]), [[0, 0], [0, 0]]);
  });

  it('remembers the scope paths opened as modules (Step Into enters them), not the naming scopes; nothing without bookkeeping', () => {
    const x = Tensor.of([1, 2], [2], 'float64', 'x');
    const run = (tape: Tape) => tape.withScope('net', () => tape.withModule('encoder', () => tape.withModule('layers.0', () => tape.withScope('heads', () => tape.apply('relu', [x], {}, 'y')))));
    const tape = new Tape();
    run(tape);
    assert.deepEqual([...tape.modules], ['net/encoder', 'net/encoder/layers.0']);
    assert.deepEqual(tape.nodes[0].scope, ['net', 'encoder', 'layers.0', 'heads']);
    const lean = new Tape();
    lean.bookkeeping = false;
    run(lean);
    assert.equal(lean.modules.size, 0);
  });
});
