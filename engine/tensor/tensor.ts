import { fail } from '../errors';
import { allocate, DEFAULT_DTYPE, dtypeOf, type DType, type TypedArray } from './dtype';
import { formatShape, sizeOf, stridesOf, type Shape } from './shape';

let nextId = 1;

/** A nested array of numbers, as written in a model file or a test. */
export type NestedNumbers = number | NestedNumbers[];

/**
 * The one tensor type: a row-major typed array with a shape, a readable name and, once a backward
 * pass reaches it, its gradient. Tensors are values: ops never write into their inputs.
 */
export class Tensor {
  readonly id = nextId++;
  readonly shape: Shape;
  readonly data: TypedArray;
  /** Stable readable name, e.g. `fc1.W` for a parameter or `memory/t3/gate_f` for an op output. */
  name: string;
  /** True for parameters and for every value computed from one while the tape records gradients. */
  requiresGrad: boolean;
  /** dL/d(this), accumulated by the backward pass. */
  grad: Tensor | null = null;

  constructor(data: TypedArray, shape: Shape, name = '', requiresGrad = false) {
    if (data.length !== sizeOf(shape)) {
      fail('E_SHAPE', `${data.length} values cannot fill a tensor of shape ${formatShape(shape)}`);
    }
    this.data = data;
    this.shape = Object.freeze([...shape]);
    this.name = name;
    this.requiresGrad = requiresGrad;
  }

  get dtype(): DType {
    return dtypeOf(this.data);
  }
  get size(): number {
    return this.data.length;
  }
  get rank(): number {
    return this.shape.length;
  }

  static zeros(shape: Shape, dtype: DType = DEFAULT_DTYPE, name = ''): Tensor {
    return new Tensor(allocate(dtype, sizeOf(shape)), shape, name);
  }

  static full(shape: Shape, value: number, dtype: DType = DEFAULT_DTYPE, name = ''): Tensor {
    const t = Tensor.zeros(shape, dtype, name);
    t.data.fill(value);
    return t;
  }

  static scalar(value: number, dtype: DType = DEFAULT_DTYPE, name = ''): Tensor {
    return Tensor.full([], value, dtype, name);
  }

  /** From flat row-major values and a shape. */
  static of(values: ArrayLike<number>, shape: Shape, dtype: DType = DEFAULT_DTYPE, name = ''): Tensor {
    const data = allocate(dtype, values.length);
    data.set(values as ArrayLike<number>);
    return new Tensor(data, shape, name);
  }

  /** From nested arrays, e.g. `[[1, 2], [3, 4]]`; ragged input is an error. */
  static fromNested(values: NestedNumbers, dtype: DType = DEFAULT_DTYPE, name = ''): Tensor {
    const shape = nestedShape(values);
    const flat: number[] = [];
    flattenInto(values, shape, 0, flat);
    return Tensor.of(flat, shape, dtype, name);
  }

  /** The same numbers in a new buffer (no gradient, not tracked). */
  clone(name = this.name): Tensor {
    return new Tensor(this.data.slice(), this.shape, name);
  }

  /** A view with another shape over the same buffer. */
  reshaped(shape: Shape, name = this.name): Tensor {
    return new Tensor(this.data, shape, name);
  }

  astype(dtype: DType): Tensor {
    if (dtype === this.dtype) return this;
    const data = allocate(dtype, this.size);
    data.set(this.data);
    return new Tensor(data, this.shape, this.name);
  }

  /** Element at a full index, e.g. `t.get(1, 2)`. */
  get(...index: number[]): number {
    return this.data[this.offsetOf(index)];
  }

  offsetOf(index: readonly number[]): number {
    if (index.length !== this.rank) {
      fail('E_INDEX', `index [${index.join(',')}] has ${index.length} entries; ${this.name || 'the tensor'} has rank ${this.rank}`);
    }
    const strides = stridesOf(this.shape);
    let off = 0;
    for (let i = 0; i < index.length; i++) {
      const k = index[i] < 0 ? index[i] + this.shape[i] : index[i];
      if (!Number.isInteger(k) || k < 0 || k >= this.shape[i]) {
        fail('E_INDEX', `index ${index[i]} is out of range for axis ${i} of size ${this.shape[i]}${this.name ? ` in ${this.name}` : ''}`);
      }
      off += k * strides[i];
    }
    return off;
  }

  /** Nested JavaScript arrays (for display and tests). */
  toNested(): NestedNumbers {
    return nest(Array.from(this.data), this.shape);
  }

  toString(): string {
    return `Tensor(${this.name || '?'} ${formatShape(this.shape)} ${this.dtype})`;
  }
}

function nestedShape(values: NestedNumbers): number[] {
  const shape: number[] = [];
  let v: NestedNumbers = values;
  while (Array.isArray(v)) {
    shape.push(v.length);
    v = v[0];
  }
  return shape;
}

function flattenInto(values: NestedNumbers, shape: Shape, depth: number, out: number[]): void {
  if (depth === shape.length) {
    if (typeof values !== 'number') fail('E_SHAPE', `ragged nested array: expected a number at depth ${depth}`);
    out.push(values);
    return;
  }
  if (!Array.isArray(values) || values.length !== shape[depth]) {
    fail('E_SHAPE', `ragged nested array: expected ${shape[depth]} entries at depth ${depth}`);
  }
  for (const v of values) flattenInto(v, shape, depth + 1, out);
}

function nest(flat: number[], shape: Shape): NestedNumbers {
  if (shape.length === 0) return flat[0];
  const [d, ...rest] = shape;
  const step = sizeOf(rest);
  return Array.from({ length: d }, (_, i) => nest(flat.slice(i * step, (i + 1) * step), rest));
}
