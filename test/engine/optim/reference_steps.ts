import { createOptimizer, type OptimizerOptions } from '../../../engine/optim';
import type { TensorJson } from '../../../tools/reference/adapter';
import { assertMatches, referenceCases, tensorOf } from '../../support/reference';

/**
 * The README's optimizer protocol (§6): start from `params`; at step t set each gradient to
 * grad_seq[t−1], take one step, and compare the parameters with expected_seq[t−1].
 */
export function itMatchesReference(op: string, kind: OptimizerOptions['kind']): void {
  for (const c of referenceCases(op)) {
    it(`matches the reference "${op}" case ${c.name} over ${(c.grad_seq as unknown[]).length} steps`, () => {
      const params = Object.entries(c.params as Record<string, TensorJson>).map(([name, t]) => tensorOf(t, name, true));
      const optimizer = createOptimizer(params, { ...c.attrs, kind } as OptimizerOptions);
      const grads = c.grad_seq as Record<string, TensorJson>[];
      const expected = c.expected_seq as Record<string, TensorJson>[];
      grads.forEach((g, s) => {
        for (const p of params) p.grad = tensorOf(g[p.name]);
        optimizer.step();
        assertMatches(`step ${s + 1}`, Object.fromEntries(params.map((p) => [p.name, p])), expected[s]);
      });
    });
  }
}
