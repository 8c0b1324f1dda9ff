import type { CheckedModel } from '../../model/validate';
import type { Tensor } from '../../tensor/tensor';
import { createTrainer, type ModelTrainer } from '../../train/trainer';
import { denseChainOf, type DenseChain } from './denseChain';
import { unflatten } from './trajectory';

/**
 * The loss over the whole data set at any parameter vector θ, computed on a trainer of its own built
 * from the same file, so that the session's trainer stays exactly where the cursor is.
 */
export class LossProbe {
  private readonly params: readonly Tensor[];
  /** How many examples the loss averages over. */
  readonly examples: number;

  /** Built on first use: undefined until then, null for a model that is no dense chain. */
  private chain_: DenseChain | null | undefined;

  private constructor(
    private readonly model: CheckedModel,
    private readonly trainer: ModelTrainer,
  ) {
    this.params = trainer.layers.flatMap((l) => l.params);
    this.examples = trainer.evaluate()?.examples ?? 0;
  }

  /** Null for a model whose loss has no whole-data-set value (embedding models) or that cannot be rebuilt. */
  static of(model: CheckedModel): LossProbe | null {
    try {
      const trainer = createTrainer(model, { recordValues: false });
      return trainer.evaluate() ? new LossProbe(model, trainer) : null;
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

  /** The model as a dense chain (./denseChain.ts), whose losses on a plane are cheaper; null for any other. */
  chain(): DenseChain | null {
    if (this.chain_ === undefined) this.chain_ = denseChainOf(this.model, this.trainer.layers);
    return this.chain_;
  }

  /** What the loss is on, for the reader. */
  describe(lossKind: string): string {
    return `${lossKind} loss, mean over all ${this.examples} examples of the training data`;
  }
}
