import type { Tape } from '../autograd/tape';
import type { RecurrentState } from '../layers/recurrent-run';
import type { SourceRange } from '../model/diagnostics';
import type { Tensor } from '../tensor/tensor';

/**
 * What flows between built layers at run time: a tensor on the tape, or a recurrent layer's final
 * state (`h`, and `c` for an LSTM) that starts another recurrent layer (`state: encoder`).
 */
export class StateWire {
  constructor(readonly state: RecurrentState) {}
}

export type Wire = Tensor | StateWire;

/** Slot → the value wired into it (a variadic slot: a list; an absent optional slot: undefined). */
export type SlotValues = Readonly<Record<string, Wire | readonly Wire[] | undefined>>;

/** Output name → value, the main output first. */
export type LayerOutputs = Readonly<Record<string, Wire>>;

/**
 * One layer of a model file, instantiated: its parameters (in the order the optimizer sees them)
 * and a forward pass that runs inside the layer's scope, so every node it records is named
 * `<layer>/…`. `wanted` lists the outputs some later layer or the loss reads; others may be skipped.
 */
export interface BuiltLayer {
  readonly name: string;
  readonly kind: string;
  readonly range: SourceRange;
  readonly params: readonly Tensor[];
  forward(tape: Tape, inputs: SlotValues, wanted: ReadonlySet<string>): LayerOutputs;
}
