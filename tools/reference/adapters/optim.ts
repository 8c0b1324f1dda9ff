import { clipGradNorm } from '../../../engine/optim/clip';
import { createOptimizer, type OptimizerOptions } from '../../../engine/optim/create';
import { createSchedule, lrCurve, type ScheduleSpec } from '../../../engine/schedules';
import { Tensor } from '../../../engine/tensor/tensor';
import { registerAdapter, type ReferenceCase, type TensorJson } from '../adapter';

type TensorMap = Record<string, TensorJson>;

/** Which optimizer (and fixed options) each reference file exercises; the rest comes from attrs. */
const OPTIMIZER_FILES: Record<string, Pick<OptimizerOptions, 'kind'>> = {
  sgd: { kind: 'sgd' },
  sgd_momentum: { kind: 'sgd' },
  sgd_momentum_ema: { kind: 'sgd' },
  adagrad: { kind: 'adagrad' },
  rmsprop: { kind: 'rmsprop' },
  adam: { kind: 'adam' },
  adamw: { kind: 'adamw' },
};

// Start from `params`; at step t set every gradient to grad_seq[t−1], step, record the parameters.
function runOptimizer(kind: OptimizerOptions['kind'], c: ReferenceCase): Record<string, unknown> {
  const params = Object.entries(c.params as TensorMap).map(([name, t]) => Tensor.of(t.data, t.shape, 'float64', name));
  const optimizer = createOptimizer(params, { ...c.attrs, kind } as OptimizerOptions);
  const expected_seq = (c.grad_seq as TensorMap[]).map((grads) => {
    for (const p of params) p.grad = Tensor.of(grads[p.name].data, grads[p.name].shape);
    optimizer.step();
    return Object.fromEntries(params.map((p) => [p.name, p.clone()]));
  });
  return { expected_seq };
}

for (const [op, { kind }] of Object.entries(OPTIMIZER_FILES)) {
  registerAdapter(op, { kind: 'value', run: (c) => runOptimizer(kind, c) });
}

registerAdapter('lr_schedules', {
  kind: 'value',
  run: (c) => {
    const { schedule, num_steps, ...options } = c.attrs ?? {};
    return { lrs: lrCurve(createSchedule({ ...options, kind: schedule } as ScheduleSpec), Number(num_steps)) };
  },
});

registerAdapter('clip_grad_norm', {
  kind: 'value',
  run: (c) => {
    const inputs = c.inputs ?? {};
    const params = Object.entries(inputs).map(([name, g]) => {
      const p = Tensor.zeros(g.shape, 'float64', name);
      p.grad = Tensor.of(g.data, g.shape);
      return p;
    });
    const record = clipGradNorm(params, Number(c.attrs?.max_norm));
    const outputs: Record<string, Tensor> = Object.fromEntries(params.map((p) => [p.name, p.grad as Tensor]));
    return { outputs: { ...outputs, total_norm: Tensor.scalar(record.totalNorm) } };
  },
});
