import assert from 'node:assert/strict';
import { BackstepError } from '../../../engine/errors';
import { Adagrad, Adam, AdamW, createOptimizer, OPTIMIZER_KINDS, Rmsprop, Sgd, type OptimizerOptions } from '../../../engine/optim';
import { Tensor } from '../../../engine/tensor/tensor';

const params = () => [Tensor.of([1, 2], [2], 'float64', 'w')];

/** Asserts a BackstepError with code E_ATTR whose message matches. */
function rejects(options: unknown, message: RegExp): void {
  assert.throws(
    () => createOptimizer(params(), options as OptimizerOptions),
    (e: unknown) => e instanceof BackstepError && e.code === 'E_ATTR' && message.test(e.message),
  );
}

describe('optim/create', () => {
  it('builds each kind from plain options, filling defaults', () => {
    assert.ok(createOptimizer(params(), { kind: 'sgd', lr: 0.1, momentum: 0.9 }) instanceof Sgd);
    assert.ok(createOptimizer(params(), { kind: 'adagrad' }) instanceof Adagrad);
    assert.ok(createOptimizer(params(), { kind: 'rmsprop' }) instanceof Rmsprop);
    assert.ok(createOptimizer(params(), { kind: 'adamw' }) instanceof AdamW);
    const adam = createOptimizer(params(), { kind: 'adam', lr: 0.002 });
    assert.ok(adam instanceof Adam);
    assert.deepEqual(adam.options, { lr: 0.002, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0 });
    assert.deepEqual(OPTIMIZER_KINDS, ['sgd', 'adagrad', 'rmsprop', 'adam', 'adamw']);
  });

  it('names an unknown kind and lists the known ones', () => {
    rejects({ kind: 'lion', lr: 0.1 }, /unknown optimizer kind "lion"; expected one of sgd, adagrad, rmsprop, adam, adamw/);
    rejects({ lr: 0.1 }, /unknown optimizer kind undefined/);
  });

  it('names a misspelled option and lists the valid ones', () => {
    rejects({ kind: 'adam', betas: [0.9, 0.999] }, /optimizer "adam": unknown option "betas"; expected "lr", "beta1", "beta2", "eps", "weight_decay"/);
  });

  it('names an option out of range, with the range and the value', () => {
    rejects({ kind: 'sgd', lr: -0.1 }, /optimizer "sgd": option "lr" \(learning rate η\) must be a number ≥ 0, got -0\.1/);
    rejects({ kind: 'sgd', lr: 0.1, momentum: 2 }, /option "momentum" \(momentum μ\) must be a number in \[0, 1\], got 2/);
    rejects({ kind: 'adagrad', eps: -1 }, /optimizer "adagrad": option "eps" .* must be a number ≥ 0, got -1/);
    rejects({ kind: 'adamw', beta2: 1 }, /optimizer "adamw": option "beta2" .* must be a number in \[0, 1\), got 1/);
  });

  it('names an option of the wrong type', () => {
    rejects({ kind: 'adam', lr: '0.01' }, /option "lr" .* must be a number ≥ 0, got "0\.01"/);
    rejects({ kind: 'adam', lr: Number.NaN }, /option "lr" .* got NaN/);
  });

  it('requires the options that have no default', () => {
    rejects({ kind: 'sgd' }, /optimizer "sgd": option "lr" \(learning rate η\) is required/);
  });
});
