export type DType = 'float32' | 'float64';
export type TypedArray = Float32Array | Float64Array;

export const DEFAULT_DTYPE: DType = 'float64';

export function allocate(dtype: DType, size: number): TypedArray {
  return dtype === 'float32' ? new Float32Array(size) : new Float64Array(size);
}

export function dtypeOf(data: TypedArray): DType {
  return data instanceof Float32Array ? 'float32' : 'float64';
}
