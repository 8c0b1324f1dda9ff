import type { OutputEdits } from '../autograd/tape';
import { fail } from '../errors';
import type { Tensor } from '../tensor/tensor';
import type { Hyperparameter } from '../train/contract';
import { comparePositions, type Position } from './cursor';

/**
 * Edits of values ("Set Value" in Variables, `=` in Watch): the "what if" of the debugger. An edit
 * is an event of the timeline at the cursor where it was made, and everything computed after it is
 * computed from it:
 * - A parameter or a hyperparameter (`lr`, `clip`) edited in the forward, loss or backward phase of
 *   step N applies to step N from its start: the step runs again with the new value and the cursor
 *   stays on the same event, so the loss and the gradients at and after the cursor reflect it.
 *   Edited in the update phase, it applies right after the cursor's event (the updates still to come
 *   read it). `lr = v` replaces the schedule's rate by v from then on; `clip = v` the clipping bound.
 * - An activation (a tape tensor already computed at the cursor) is replaced as the tape records it,
 *   before any later op reads it; the step runs again from its start, so every op after it, the loss
 *   and the backward pass are recomputed (the edited op's own gradient reads its edited output).
 *   In the update phase nothing reads activations any more: such an edit is refused.
 * - The future changes: checkpoints and history records of step N and later are dropped, and the
 *   timeline applies the list of edits whenever it (re)runs a step, so replay from an earlier
 *   checkpoint reproduces them. Any stop before an edit's position (Step Back across it, Reverse
 *   Continue, Goto an earlier step) undoes it; Restart clears every edit.
 * - NaN and ±∞ are accepted for parameters and activations (to watch them spread; the NaN filter
 *   fires as it would in training); `lr` must be a finite number ≥ 0 and `clip` finite and > 0.
 */
export type EditTarget =
  | { readonly kind: 'param'; readonly name: string }
  | { readonly kind: 'activation'; readonly name: string }
  | { readonly kind: 'hyper'; readonly name: Hyperparameter };

export interface Edit {
  /** The cursor when it was made: a stop before it undoes it. */
  readonly at: Position;
  /** Applied once this many events of step `at.step` have run; 0: before the step begins (activations: as the tape records them). */
  readonly after: number;
  readonly target: EditTarget;
  /** Flat offsets into the target and the values they get (one value for a hyperparameter). */
  readonly offsets: readonly number[];
  readonly values: Float64Array;
  /** `hidden.W[0, 0] = 0.5`, for messages. */
  readonly text: string;
}

/** What applying parameter and hyperparameter edits needs from the trainer. */
export interface EditHost {
  param(name: string): Tensor | undefined;
  setHyperparameter?(name: Hyperparameter, value: number): void;
}

/** The edits in force, in the order they were made. */
export class EditList {
  private readonly list: Edit[] = [];

  get length(): number {
    return this.list.length;
  }

  all(): readonly Edit[] {
    return this.list;
  }

  add(edit: Edit): void {
    this.list.push(edit);
  }

  /** Whether step `step` has edits (its events must then run one by one, so they are applied). */
  touches(step: number): boolean {
    return this.list.some((e) => e.at.step === step);
  }

  /** Applies the parameter and hyperparameter edits of `step` due once `executed` events have run. */
  apply(step: number, executed: number, host: EditHost): void {
    for (const e of this.list) {
      if (e.at.step !== step || e.after !== executed || e.target.kind === 'activation') continue;
      if (e.target.kind === 'hyper') host.setHyperparameter!(e.target.name, e.values[0]);
      else write(host.param(e.target.name) ?? fail('E_ARGUMENT', `internal error: no parameter ${e.target.name} to edit`), e);
    }
  }

  /** The activation edits of `step`, for the tape; `check` throws when the trainer did not apply one. */
  outputs(step: number): { readonly edits: OutputEdits; check(): void } {
    const mine = this.list.filter((e) => e.at.step === step && e.target.kind === 'activation');
    const applied = new Set<Edit>();
    const edits = new Map<string, (t: Tensor) => void>();
    for (const e of mine) {
      const before = edits.get(e.target.name);
      edits.set(e.target.name, (t) => {
        before?.(t);
        write(t, e);
        applied.add(e);
      });
    }
    const check = (): void => {
      const missed = mine.find((e) => !applied.has(e));
      if (missed) fail('E_ARGUMENT', `the edit ${missed.text} was not applied: this trainer does not edit activations, or step ${step} no longer computes ${missed.target.name}`);
    };
    return { edits, check };
  }

  /** Removes and returns the edits made after `pos` in timeline order. */
  dropAfter(pos: Position): Edit[] {
    const dropped = this.list.filter((e) => comparePositions(e.at, pos) > 0);
    if (dropped.length) this.list.splice(0, this.list.length, ...this.list.filter((e) => !dropped.includes(e)));
    return dropped;
  }

  /** Removes the most recent edit (one whose replay failed). */
  pop(): Edit | undefined {
    return this.list.pop();
  }
}

function write(t: Tensor, e: Edit): void {
  e.offsets.forEach((off, k) => (t.data[off] = e.values[k]));
}

/** What Restart says when it clears edits (the session's own restart, and a host that restarts with a new session). */
export function editsClearedText(count: number): string {
  return `Restart: ${count === 1 ? '1 edit' : `${count} edits`} cleared`;
}
