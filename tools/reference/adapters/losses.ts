import { Tensor } from '../../../engine/tensor/tensor';
import { registerAdapter, type ReferenceCase } from '../adapter';

/** Row-wise softmax family, losses (§5.2–5.3) and layer_norm (§5.12) of test/reference/README.md. */

registerAdapter('softmax', {
  kind: 'grad',
  run: (tape, { x }) => ({ y: tape.apply('softmax', [x], { axis: -1 }) }),
});

registerAdapter('log_softmax', {
  kind: 'grad',
  run: (tape, { x }) => ({ y: tape.apply('log_softmax', [x], { axis: -1 }) }),
});

registerAdapter('mse', {
  kind: 'grad',
  run: (tape, { pred, target }) => ({ loss: tape.apply('mse', [pred, target]) }),
});

/** The file's integer class targets as the constant float tensor the op takes. */
function classTargets(c: ReferenceCase): Tensor {
  const t = c.int_inputs?.target;
  const values = typeof t === 'number' ? [t] : (t ?? []);
  return Tensor.of(values, [values.length], 'float64', 'target');
}

registerAdapter('cross_entropy', {
  kind: 'grad',
  run: (tape, { logits }, c) => ({ loss: tape.apply('cross_entropy', [logits, classTargets(c)]) }),
});

registerAdapter('bce', {
  kind: 'grad',
  run: (tape, { p, y }) => ({ loss: tape.apply('bce', [p, y]) }),
});

registerAdapter('bce_with_logits', {
  kind: 'grad',
  run: (tape, { logits, y }) => ({ loss: tape.apply('bce_with_logits', [logits, y]) }),
});

registerAdapter('layer_norm', {
  kind: 'grad',
  run: (tape, { x, gamma, beta }, c) => ({ y: tape.apply('layer_norm', [x, gamma, beta], { eps: Number(c.attrs?.eps ?? 1e-5) }) }),
});
