import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ReferenceCase, TensorJson } from '../../tools/reference/adapter';
import { compareValue } from '../../tools/reference/compare';
import { Tensor } from '../../engine/tensor/tensor';

/** The cases of `test/reference/<op>.json`. */
export function referenceCases(op: string): ReferenceCase[] {
  const text = readFileSync(join(__dirname, '..', 'reference', `${op}.json`), 'utf8');
  return (JSON.parse(text) as { cases: ReferenceCase[] }).cases;
}

/** A reference tensor as an engine tensor (float64), optionally a leaf that requires a gradient. */
export function tensorOf(t: TensorJson, name = '', requiresGrad = false): Tensor {
  const x = Tensor.of(t.data, t.shape, 'float64', name);
  x.requiresGrad = requiresGrad;
  return x;
}

/** Throws with every element-wise mismatch beyond |a − e| ≤ 1e-10 + 1e-8·|e|. */
export function assertMatches(label: string, actual: unknown, expected: unknown): void {
  const mismatches = compareValue(label, actual, expected);
  if (mismatches.length) throw new Error(mismatches.map((m) => `${m.key}: ${m.message}`).join('\n'));
}
