import { strict as assert } from 'node:assert';
import { createOptimizer } from '../../../engine/optim/create';
import { Tensor } from '../../../engine/tensor/tensor';
import { recordedOptimizer } from '../../../engine/trace/recordedOptimizer';

const stand = (): Tensor[] => [Tensor.zeros([1], 'float64', 'θ')];

describe('the optimizer of a recording, as the Inspector shows it', () => {
  it('is PyTorch’s class with every recorded setting under PyTorch’s name, the meaning and the rule of the engine optimizer of the same rule', () => {
    const o = recordedOptimizer({ type: 'Adam', hyper: { lr: 0.01, 'betas.0': 0.8, 'betas.1': 0.99, eps: 1e-6, weight_decay: 0.1 } })!;
    assert.equal(o.kind, 'Adam');
    assert.deepEqual(
      o.hyperparams.map((h) => [h.name, h.value]),
      [['lr', 0.01], ['betas[0]', 0.8], ['betas[1]', 0.99], ['eps', 1e-6], ['weight_decay', 0.1]],
    );
    const engine = createOptimizer(stand(), { kind: 'adam', lr: 0.01, beta1: 0.8, beta2: 0.99, eps: 1e-6, weight_decay: 0.1 });
    assert.equal(o.formula, engine.formula);
    assert.deepEqual(o.hyperparams.map((h) => h.meaning), engine.hyperparams().map((h) => h.meaning));
    assert.deepEqual(o.slot('exp_avg'), { symbol: 'm', meaning: 'first moment: moving average of gradients' });
    assert.equal(o.slot('exp_avg_sq').symbol, 'v');
  });

  it('writes SGD with momentum as the momentum rule, and names its buffer b', () => {
    const o = recordedOptimizer({ type: 'SGD', hyper: { lr: 0.1, momentum: 0.9, dampening: 0, weight_decay: 0 } })!;
    assert.equal(o.formula, createOptimizer(stand(), { kind: 'sgd', lr: 0.1, momentum: 0.9 }).formula);
    assert.match(o.formula, /\\mu/);
    assert.equal(o.slot('momentum_buffer').symbol, 'b');
  });

  it('keeps a scheduler’s initial_lr as bookkeeping, and a neutral setting the engine lacks (Adagrad’s lr_decay = 0)', () => {
    assert.match(recordedOptimizer({ type: 'SGD', hyper: { lr: 0.05, initial_lr: 0.1 } })!.hyperparams[1].meaning, /scheduler/);
    assert.equal(recordedOptimizer({ type: 'Adagrad', hyper: { lr: 0.1, lr_decay: 0 } })!.formula, createOptimizer(stand(), { kind: 'adagrad', lr: 0.1 }).formula);
  });

  it('lists PyTorch’s flags as true or false; one that changes the rule (nesterov, amsgrad, maximize, centered) when on leaves the engine’s rule out', () => {
    const sgd = { lr: 0.1, momentum: 0.9, dampening: 0, weight_decay: 0 };
    const plain = recordedOptimizer({ type: 'SGD', hyper: sgd, flags: { nesterov: false, maximize: false, differentiable: false } })!;
    assert.equal(plain.formula, createOptimizer(stand(), { kind: 'sgd', lr: 0.1, momentum: 0.9 }).formula, 'every flag off: the engine’s momentum rule');
    assert.deepEqual(plain.hyperparams.slice(-3).map((h) => [h.name, h.value]), [['nesterov', false], ['maximize', false], ['differentiable', false]]);
    assert.match(plain.hyperparams.at(-1)!.meaning, /how PyTorch runs it/);
    for (const [type, flag] of [['SGD', 'nesterov'], ['Adam', 'amsgrad'], ['SGD', 'maximize'], ['RMSprop', 'centered']] as const) {
      const o = recordedOptimizer({ type, hyper: { lr: 0.1 }, flags: { [flag]: true } })!;
      assert.match(o.formula, new RegExp(`mathrm\\{${type}\\}\\(\\\\theta, g\\)`), `${type} with ${flag}: the rule as recorded, not the engine's`);
      assert.deepEqual([o.hyperparams.at(-1)!.name, o.hyperparams.at(-1)!.value], [flag, true]);
      assert.notEqual(o.hyperparams.at(-1)!.meaning, 'as recorded', `${flag} says what it does`);
    }
  });

  it('shows a rule the engine does not have (RMSprop with momentum, an unknown class, an odd key) as recorded, as a function of θ and g', () => {
    const cases: { type: string; hyper: Record<string, number> }[] = [
      { type: 'RMSprop', hyper: { lr: 0.01, momentum: 0.5 } },
      { type: 'Lion', hyper: { lr: 0.01 } },
      { type: 'SGD', hyper: { lr: 0.01, constructor: 1 } },
    ];
    for (const recorded of cases) {
      const o = recordedOptimizer(recorded)!;
      assert.match(o.formula, new RegExp(`mathrm\\{${recorded.type}\\}\\(\\\\theta, g\\)`), recorded.type);
      assert.equal(o.hyperparams.at(-1)!.meaning, 'as recorded');
      assert.deepEqual(o.slot('exp_avg'), { symbol: 'exp_avg', meaning: 'as recorded' });
    }
    assert.equal(recordedOptimizer(null), null);
  });
});
