import { texNumber } from '../../protocol/numberText';
import type { NamedTensor } from '../../protocol/views';

/** LaTeX for a symbol as the op names it: `x`, `gamma` → `\gamma`, `θ before` → `\text{θ before}`. */
function symbol(role: string): string {
  if (/^[a-zA-Z]$/.test(role)) return role;
  if (/^(alpha|beta|gamma|delta|epsilon|theta|lambda|mu|sigma|tau)$/.test(role)) return `\\${role}`;
  return `\\text{${role.replace(/[\\{}$&#^_%~]/g, '')}}`;
}

/** The first element of a tensor the op names `role` (a gradient `∂L/∂x` as a fraction). */
function term(role: string): string {
  const grad = /^∂L\/∂(.+)$/.exec(role);
  return grad ? `\\left(\\frac{\\partial L}{\\partial ${symbol(grad[1])}}\\right)_{0}` : `${symbol(role)}_{0}`;
}

/**
 * When the tensors are too big to substitute, the formula worked on their first element: for an
 * elementwise op (every tensor the same shape) `x_0 = 1.2,\quad y_0 = 0.768`. Null for other ops.
 */
export function firstElementFormula(tensors: readonly NamedTensor[]): string | null {
  const shape = tensors[0]?.tensor.shape.join('×');
  if (shape === undefined || tensors.some((t) => t.tensor.shape.join('×') !== shape || t.tensor.preview.length === 0)) return null;
  return tensors.map((t) => `${term(t.role)} = ${texNumber(t.tensor.preview[0])}`).join(',\\quad ');
}
