import { checkModel } from '../../../engine/model/check';

/** A ReLU keeps 1e308; layer_norm's mean then overflows to Inf and (x − Inf)/√Inf is NaN. */
export const OVERFLOW = `name: overflow
data:
  tensors:
    x: [[1.0e+308, 1.0e+308], [1.0, 2.0]]
    y: [[0.0], [1.0]]
model:
  - relu
  - layer_norm: { name: norm }
  - linear: { name: fc, out: 1 }
loss: mse
training: { optimizer: sgd, lr: 0.1, steps: 3 }
`;

/** 300 rows in wide.W: the Variables view pages them. */
export const WIDE = `name: wide
data: { task: xor }
model:
  - linear: { name: wide, out: 300 }
  - linear: { name: out, out: 1 }
loss: mse
training: { steps: 2 }
`;

/** Each layer's first line, as the checker reads the file (tests never type lines by hand). */
export function layerLines(text: string): Map<string, number> {
  return new Map(checkModel(text).spec!.layers.map((l) => [l.name, l.range.line]));
}
