import type { SourceRange } from '../model/diagnostics';

export type { SourceRange };

/** The four phases of one training step, in order. */
export type Phase = 'forward' | 'loss' | 'backward' | 'update';

/** Levels of the call stack, outermost first: training step › phase › layer › time step › op. */
export type FrameKind = 'step' | 'phase' | 'layer' | 'timestep' | 'op';

/** Where the session stands. */
export interface Location {
  /** 1-based training step. */
  readonly trainingStep: number;
  readonly phase: Phase;
  /** The layer (outermost scope) of the current op, or null outside any layer. */
  readonly layer: string | null;
  /** The recurrent time step, when inside one (`t3` → 3). */
  readonly timeStep: number | null;
  /** Name of the current tape node (`memory/t3/gate_f`) or parameter update (`update/memory.W_f`). */
  readonly node: string | null;
  /** Op of the current node (`sigmoid`), or the optimizer kind during the update. */
  readonly op: string | null;
  /** Index of the current event within this training step, and how many there are. */
  readonly eventIndex: number;
  readonly eventCount: number;
  /** Lines of the current layer in the model file. */
  readonly range: SourceRange | null;
}

/** One frame of the call stack; `id` is stable for the duration of one stop. */
export interface FrameInfo {
  readonly id: number;
  readonly kind: FrameKind;
  /** What the Call Stack shows: `step 3`, `backward`, `memory (lstm)`, `t3`, `gate_f = σ(…)`. */
  readonly name: string;
  readonly range: SourceRange | null;
  /** Restart Frame goes back to its start (every frame but an op's: an op stop is already its start). */
  readonly canRestart: boolean;
}
