import { Tape } from '../autograd/tape';
import type { DataSet } from '../data/dataset';
import { fail } from '../errors';
import type { CheckedModel } from '../model/validate';
import { StateWire } from './wire';
import type { Tensor } from '../tensor/tensor';
import { BatchSampler, type SamplerState } from './batches';
import { batchFields, exampleCount } from './data';
import { runLayers, wantedOutputs } from './forward';
import { generateLine } from './generate';
import { located } from './located';
import { accuracyOf, applyLoss, type Accuracy } from './loss';
import type { Evaluation, Objective, StepForward } from './objective';
import type { BuiltLayer } from './wire';

/**
 * A model that maps inputs to predictions and scores them against a target: every step draws a
 * batch, runs the layers, then the loss (its nodes come last on the tape, in the scope `loss`).
 */
export class SupervisedObjective implements Objective {
  private readonly wanted: ReadonlyMap<string, ReadonlySet<string>>;

  constructor(
    private readonly model: CheckedModel,
    readonly layers: readonly BuiltLayer[],
    private readonly data: DataSet,
    private readonly sampler: BatchSampler,
    /** The examples held out of training (`validation:`), or null. */
    private readonly validation: DataSet | null = null,
  ) {
    this.wanted = wantedOutputs(model.layers, model.spec.loss?.input ?? null);
  }

  run(tape: Tape): StepForward {
    return this.forward(tape, batchFields(this.data, this.sampler.next()));
  }

  evaluate(lean = false): Evaluation {
    return this.score(this.data, lean);
  }

  validate(): Evaluation | null {
    return this.validation && this.score(this.validation);
  }

  /** Loss and accuracy over every example of `data` on a tape of its own without gradients: no training state is read or written but the parameters' values. */
  private score(data: DataSet, lean = false): Evaluation {
    const tape = new Tape();
    tape.recordGrad = false;
    tape.bookkeeping = !lean;
    const n = exampleCount(data);
    const all = Array.from({ length: n }, (_, i) => i);
    const fwd = this.forward(tape, batchFields(data, all));
    return { loss: fwd.loss.data[0], accuracy: fwd.accuracy, examples: n };
  }

  snapshot(): SamplerState {
    return this.sampler.snapshot();
  }

  restore(state: unknown): void {
    this.sampler.restore(state as SamplerState);
  }

  /** The vocabulary of the index field a layer reads first (`source` of a token task), if it has one. */
  vocabulary(layer: string): readonly string[] | null {
    const info = this.model.layers.find((l) => l.name === layer);
    const first = info && Object.values(info.inputs)[0]?.[0];
    const field = first ? this.data.fields[first.source] : undefined;
    return field?.kind === 'index' ? (field.vocab ?? null) : null;
  }

  /** `training: generate:`'s line of text after `step` steps, with the current parameters (train/generate.ts). */
  generated(step: number): string | null {
    return generateLine((fields) => this.predict(fields), this.model.spec, this.data, step);
  }

  /** The loss input for `fields`, without gradients. */
  predict(fields: Readonly<Record<string, Tensor>>): Tensor | null {
    const loss = this.model.spec.loss;
    if (!loss) return null;
    const tape = new Tape();
    tape.recordGrad = false;
    const outs = runLayers(tape, this.model.layers, this.layers, fields, this.wanted).outputs.get(loss.input.source);
    const pred = outs?.[loss.input.output ?? Object.keys(outs)[0]];
    return pred instanceof StateWire ? null : (pred ?? null);
  }

  private forward(tape: Tape, fields: Readonly<Record<string, Tensor>>): StepForward {
    const loss = this.model.spec.loss;
    if (!loss?.target) return fail('E_ARGUMENT', 'a supervised model needs a loss with a target');
    const run = runLayers(tape, this.model.layers, this.layers, fields, this.wanted);
    const roles = run.roles;
    try {
      const outs = run.outputs.get(loss.input.source);
      const pred = outs?.[loss.input.output ?? Object.keys(outs)[0]];
      if (!pred || pred instanceof StateWire) return fail('E_ARGUMENT', `loss input \`${loss.input.text}\` gave no tensor`, { op: loss.kind });
      const target = fields[loss.target.source] ?? fail('E_ARGUMENT', `loss target \`${loss.target.text}\` is not a data field`, { op: loss.kind });
      const value = applyLoss(tape, loss.kind, pred, target);
      const accuracy: Accuracy | null = accuracyOf(loss.kind, pred, target);
      return { loss: value, roles, accuracy };
    } catch (e) {
      throw located(e, null, loss.range);
    } finally {
      while (roles.length < tape.nodes.length) roles.push({ phase: 'loss', layer: null });
    }
  }
}
