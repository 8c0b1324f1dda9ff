import { fail } from '../errors';
import type { Tensor } from '../tensor/tensor';
import { Adagrad, type AdagradOptions } from './adagrad';
import { Adam, AdamW, type AdamOptions } from './adam';
import type { Optimizer, OptimizerKind } from './optimizer';
import { Rmsprop, type RmspropOptions } from './rmsprop';
import { Sgd, type SgdOptions } from './sgd';

/** An optimizer as a model file writes it, e.g. `{ kind: 'adam', lr: 0.001 }`. */
export type OptimizerOptions =
  | ({ kind: 'sgd' } & SgdOptions)
  | ({ kind: 'adagrad' } & AdagradOptions)
  | ({ kind: 'rmsprop' } & RmspropOptions)
  | ({ kind: 'adam' } & AdamOptions)
  | ({ kind: 'adamw' } & AdamOptions);

const MAKERS: Record<OptimizerKind, (params: readonly Tensor[], options: never) => Optimizer> = {
  sgd: (params, o: SgdOptions) => new Sgd(params, o),
  adagrad: (params, o: AdagradOptions) => new Adagrad(params, o),
  rmsprop: (params, o: RmspropOptions) => new Rmsprop(params, o),
  adam: (params, o: AdamOptions) => new Adam(params, o),
  adamw: (params, o: AdamOptions) => new AdamW(params, o),
};

export const OPTIMIZER_KINDS = Object.keys(MAKERS) as OptimizerKind[];

/** Builds and validates an optimizer from plain options; errors name the bad option. */
export function createOptimizer(params: readonly Tensor[], options: OptimizerOptions): Optimizer {
  const kind: unknown = (options as { kind?: unknown } | null)?.kind;
  if (typeof kind !== 'string' || !(kind in MAKERS)) {
    fail('E_ATTR', `unknown optimizer kind ${JSON.stringify(kind) ?? 'undefined'}; expected one of ${OPTIMIZER_KINDS.join(', ')}`);
  }
  return MAKERS[kind as OptimizerKind](params, options as never);
}
