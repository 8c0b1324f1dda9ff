import type { Attrs } from '../ops/registry';
import type { Tensor } from '../tensor/tensor';

/** One application of a primitive op, as the debugger sees it. */
export interface TapeNode {
  /** Position in the tape (execution order). */
  readonly index: number;
  /** Stable readable name: scope path and op, e.g. `memory/t3/gate_f`. */
  readonly name: string;
  readonly op: string;
  readonly attrs: Attrs;
  readonly inputs: readonly Tensor[];
  readonly outputs: readonly Tensor[];
  /** Scope path of the layer that made it, e.g. `['memory', 't3']`. */
  readonly scope: readonly string[];
  /** Number of NaN/±Inf values among the outputs: the debugger stops here when this is > 0. */
  readonly nonFinite: number;
  /** Whether a gradient can flow back through this node. */
  readonly needsGrad: boolean;
  /** Gradients this node produced for its inputs, filled in when the backward pass visits it. */
  inputGrads: (Tensor | null)[] | null;
}
