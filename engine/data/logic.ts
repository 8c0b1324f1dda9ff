import type { DType } from '../tensor/dtype';
import { Tensor } from '../tensor/tensor';
import type { DataSet, FieldInfo } from './dataset';

/**
 * The truth tables of two-input logic: AND is linearly separable (a perceptron learns it), XOR is not
 * (it needs a hidden layer). x (4,2) holds the rows (0,0), (0,1), (1,0), (1,1); y (4,1) the outputs.
 */
const INPUTS = [
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
];

export function logicFields(): Record<string, FieldInfo> {
  return { x: { kind: 'float', shape: [4, 2] }, y: { kind: 'float', shape: [4, 1] } };
}

export function xorData(dtype: DType = 'float64'): DataSet {
  return truthTable((a, b) => a ^ b, dtype);
}

export function andData(dtype: DType = 'float64'): DataSet {
  return truthTable((a, b) => a & b, dtype);
}

function truthTable(gate: (a: number, b: number) => number, dtype: DType): DataSet {
  const x = Tensor.fromNested(INPUTS, dtype, 'data.x');
  const y = Tensor.fromNested(INPUTS.map(([a, b]) => [gate(a, b)]), dtype, 'data.y');
  return { fields: { x: { kind: 'float', tensor: x }, y: { kind: 'float', tensor: y } }, input: 'x', target: 'y' };
}
