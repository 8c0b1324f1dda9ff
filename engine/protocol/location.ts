import type { SourceRange } from '../model/diagnostics';

export type { SourceRange };

/** The four phases of one training step, in order. */
export type Phase = 'forward' | 'loss' | 'backward' | 'update';

/** A scope nested in a layer that the Call Stack shows: a recurrent time step (`t3`) or a module of an imported model (`self_attn`). */
export type ScopeKind = 'timestep' | 'module';

/** Levels of the call stack, outermost first: training step › phase › layer › its scopes (time steps, modules; any depth) › op. */
export type FrameKind = 'step' | 'phase' | 'layer' | ScopeKind | 'op';

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

/** What level a frame is: a scope frame (time step, module) carries its scope path, its layer first: `['reverser', 'encoder', 'layers.0']`. */
export type FrameLevel = { readonly kind: Exclude<FrameKind, ScopeKind> } | { readonly kind: ScopeKind; readonly scope: readonly string[] };

/** One frame of the call stack; `id` is stable for the duration of one stop. */
export type FrameInfo = FrameLevel & {
  readonly id: number;
  /** What the Call Stack shows: `step 3`, `backward`, `memory (lstm)`, `t3`, `self_attn`, `gate_f = σ(…)`. */
  readonly name: string;
  readonly range: SourceRange | null;
  /** The file `range` lies in when it is not the model file (a recording's module: where its class's `forward` is defined); absent: the model file. */
  readonly file?: string;
  /** Restart Frame goes back to its start (every frame but an op's: an op stop is already its start). */
  readonly canRestart: boolean;
};

/** How deep a frame lies: step 0, phase 1, layer 2, a scope by its depth below the layer, an op below them all. */
export function frameDepth(f: FrameLevel): number {
  if (f.kind === 'timestep' || f.kind === 'module') return 1 + f.scope.length;
  return f.kind === 'op' ? Infinity : ['step', 'phase', 'layer'].indexOf(f.kind);
}
