import type { Tape } from '../../engine/autograd/tape';
import type { Tensor } from '../../engine/tensor/tensor';

/** A tensor as the reference files write it: row-major `data` and a `shape`. */
export interface TensorJson {
  shape: number[];
  data: number[];
}

/** One case of a reference file; which keys appear depends on the file's kind (see test/reference/README.md). */
export interface ReferenceCase {
  name: string;
  attrs?: Record<string, number | boolean | string>;
  inputs?: Record<string, TensorJson>;
  int_inputs?: Record<string, number | number[]>;
  outputs?: Record<string, TensorJson>;
  int_outputs?: Record<string, number | number[]>;
  upstream?: Record<string, TensorJson>;
  grads?: Record<string, TensorJson>;
  inputs_str?: Record<string, string>;
  outputs_str?: Record<string, string | string[]>;
  [key: string]: unknown;
}

/**
 * kind `grad`: the runner builds every float input as a leaf tensor that requires a gradient, calls
 * `run`, compares each returned output, seeds the backward pass with `upstream` and compares grads.
 * Return every output the case lists (names as in the file).
 */
export interface GradAdapter {
  kind: 'grad';
  run(tape: Tape, inputs: Record<string, Tensor>, c: ReferenceCase): Record<string, Tensor>;
}

/**
 * Every other kind: `run` returns an object with the case's expected keys (`outputs`, `int_outputs`,
 * `outputs_str`, `expected_seq`, `lrs`, `first_grads`, `losses`, `final`), holding Tensors, numbers,
 * number arrays, strings or string arrays where the case holds the same.
 */
export interface ValueAdapter {
  kind: 'value';
  run(c: ReferenceCase): Record<string, unknown>;
}

export type Adapter = GradAdapter | ValueAdapter;

const adapters = new Map<string, Adapter>();

/** Registers the engine's implementation of a reference op (the file's `op` field). */
export function registerAdapter(op: string, adapter: Adapter): void {
  if (adapters.has(op)) throw new Error(`reference adapter for "${op}" registered twice`);
  adapters.set(op, adapter);
}

export function adapterFor(op: string): Adapter | undefined {
  return adapters.get(op);
}
