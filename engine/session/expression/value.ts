import { Tensor } from '../../tensor/tensor';

/** What an expression evaluates to. A tensor carries the expression text that names it. */
export type Value =
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'tensor'; readonly tensor: Tensor };

export const num = (value: number): Value => ({ kind: 'number', value });
export const bool = (value: boolean): Value => ({ kind: 'bool', value });
export const tensor = (t: Tensor): Value => ({ kind: 'tensor', tensor: t });

/** A one-element tensor reads as its number. */
export function asNumber(v: Value): number | null {
  if (v.kind === 'number') return v.value;
  if (v.kind === 'bool') return v.value ? 1 : 0;
  return v.tensor.size === 1 ? v.tensor.data[0] : null;
}

export function describeValue(v: Value): string {
  if (v.kind === 'tensor') return `a tensor of shape [${v.tensor.shape.join(',')}]`;
  return v.kind === 'bool' ? 'a boolean' : 'a number';
}

/** Elementwise map into a new float64 tensor. */
export function mapTensor(t: Tensor, f: (x: number) => number, name: string): Tensor {
  const out = Tensor.zeros(t.shape, 'float64', name);
  for (let i = 0; i < t.size; i++) out.data[i] = f(t.data[i]);
  return out;
}
