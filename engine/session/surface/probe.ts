import type { CheckedModel } from '../../model/validate';
import type { Tensor } from '../../tensor/tensor';
import { createTrainer, type ModelTrainer } from '../../train/trainer';
import { unflatten } from './trajectory';

/**
 * The loss over the whole data set at any parameter vector θ, computed on a trainer of its own built
 * from the same file, so that the session's trainer stays exactly where the cursor is.
 */
export class LossProbe {
  private readonly params: readonly Tensor[];
  /** How many examples the loss averages over. */
  readonly examples: number;

  private constructor(private readonly trainer: ModelTrainer) {
    this.params = trainer.layers.flatMap((l) => l.params);
    this.examples = trainer.evaluate()?.examples ?? 0;
  }

  /** Null for a model whose loss has no whole-data-set value (embedding models) or that cannot be rebuilt. */
  static of(model: CheckedModel): LossProbe | null {
    try {
      const trainer = createTrainer(model, { recordValues: false });
      return trainer.evaluate() ? new LossProbe(trainer) : null;
    } catch {
      return null;
    }
  }

  get size(): number {
    return this.params.reduce((n, p) => n + p.size, 0);
  }

  /** L(θ): the mean loss over every example of the data set. */
  at(theta: ArrayLike<number>): number {
    unflatten(theta, this.params);
    return this.trainer.evaluate(true)?.loss ?? NaN;
  }

  /** What the loss is on, for the reader. */
  describe(lossKind: string): string {
    return `${lossKind} loss, mean over all ${this.examples} examples of the training data`;
  }
}
