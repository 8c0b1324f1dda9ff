import { fail } from '../errors';

/** Every size a layer is built with must be a positive integer. */
export function checkSizes(layer: string, sizes: Readonly<Record<string, number>>): void {
  for (const [k, v] of Object.entries(sizes)) {
    if (!Number.isInteger(v) || v < 1) fail('E_ATTR', `${k} must be a positive integer, got ${v}`, { layer });
  }
}

/** Activation ops a layer may apply by name (each takes one input `x`). */
export const ACTIVATIONS = ['step', 'sigmoid', 'tanh', 'relu', 'leaky_relu', 'elu', 'silu'] as const;
export type Activation = (typeof ACTIVATIONS)[number];

/** `identity` means no op at all. */
export function checkActivation(layer: string, name: string): Activation | 'identity' {
  if (name === 'identity' || (ACTIVATIONS as readonly string[]).includes(name)) return name as Activation | 'identity';
  fail('E_ATTR', `unknown activation "${name}" (known: identity, ${ACTIVATIONS.join(', ')})`, { layer });
}
