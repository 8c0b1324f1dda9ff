import { Tensor } from '../../../engine/tensor/tensor';
import { registerAdapter, type ReferenceCase } from '../adapter';

/** Elementwise activations (§5.2) and the embedding lookup (§5.5) of test/reference/README.md. */

for (const op of ['sigmoid', 'tanh', 'relu', 'silu']) {
  registerAdapter(op, { kind: 'grad', run: (tape, { x }) => ({ y: tape.apply(op, [x]) }) });
}

/** The file calls leaky_relu's negative slope `slope`; the engine's attribute is `alpha`. */
registerAdapter('leaky_relu', {
  kind: 'grad',
  run: (tape, { x }, c) => ({ y: tape.apply('leaky_relu', [x], { alpha: numberAttr(c, 'slope') }) }),
});

registerAdapter('elu', {
  kind: 'grad',
  run: (tape, { x }, c) => ({ y: tape.apply('elu', [x], { alpha: numberAttr(c, 'alpha') }) }),
});

/** y[t] = table[indices[t]]: gather on axis 0 with the file's integer indices as a constant tensor. */
registerAdapter('embedding', {
  kind: 'grad',
  run: (tape, { table }, c) => {
    const raw = c.int_inputs?.indices;
    const values = typeof raw === 'number' ? [raw] : (raw ?? []);
    const indices = Tensor.of(values, [values.length], 'float64', 'indices');
    return { y: tape.apply('gather', [table, indices], { axis: 0 }) };
  },
});

function numberAttr(c: ReferenceCase, key: string): number {
  const v = c.attrs?.[key];
  if (typeof v !== 'number') throw new Error(`case "${c.name}" has no numeric attribute "${key}"`);
  return v;
}
