import { BackstepError, fail } from '../errors';
// Every op registers itself on import; a tape must see all of them when applying an op by name.
import '../ops/index';
import { getOp, outputNames, type Attrs, type OpDef } from '../ops/registry';
import { countNonFinite } from '../tensor/stats';
import { Tensor } from '../tensor/tensor';
import type { TapeNode } from './node';

/**
 * Changes to op outputs, by the output's tensor name, applied as the tape records each output and
 * before any later op reads it (an edited activation, engine/session/edits.ts). The ops after it
 * compute from the edited values; the edited op's own gradient reads its edited output.
 */
export type OutputEdits = ReadonlyMap<string, (output: Tensor) => void>;

/**
 * Records every primitive op application in execution order, with the scope of the layer that made
 * it. Layers open scopes (`memory` › `t3`) so names read like `memory/t3/gate_f`.
 */
export class Tape {
  readonly nodes: TapeNode[] = [];
  private readonly scopePath: string[] = [];
  private readonly usedNames = new Map<string, number>();
  /** When false, nothing is marked as needing a gradient (evaluation, optimizer updates). */
  recordGrad = true;
  /** Scope paths opened as modules (`reverser/encoder/layers.0`): frames the debugger steps into. */
  readonly modules = new Set<string>();
  /** Scope path → the recurrent cell run in it (`memory` → `lstm`, `enc/rnn/GRU` → `gru_torch`), for the gate views. */
  readonly cells = new Map<string, string>();
  /**
   * When false, outputs keep their op's own name within the layer (not made unique), nodes keep no
   * scope and non-finite values go uncounted: for an evaluation no one steps through (the loss
   * landscape's thousands of forward passes), where that bookkeeping costs a fifth of the time.
   * The values computed are the same.
   */
  bookkeeping = true;

  constructor(private readonly edits: OutputEdits = new Map()) {}

  get scope(): readonly string[] {
    return this.scopePath;
  }

  /** Records that the current scope runs a recurrent cell of this kind. */
  markCell(kind: string): void {
    this.cells.set(this.scopePath.join('/'), kind);
  }

  /** Runs `fn` inside a named scope; errors thrown inside are tagged with the layer. */
  withScope<T>(name: string, fn: () => T): T {
    this.scopePath.push(name);
    try {
      return fn();
    } catch (e) {
      throw e instanceof BackstepError && !e.where.layer ? e.at({ layer: this.scopePath.join('/') }) : e;
    } finally {
      this.scopePath.pop();
    }
  }

  /** `withScope` for a module of an imported model (or a node of several ops): Step Into enters it as a frame. */
  withModule<T>(name: string, fn: () => T): T {
    return this.withScope(name, () => {
      if (this.bookkeeping) this.modules.add(this.scopePath.join('/'));
      return fn();
    });
  }

  /** Applies an op by name or definition and returns all of its outputs. */
  applyAll(opOrName: OpDef | string, inputs: readonly Tensor[], attrs: Attrs = {}, name?: string): Tensor[] {
    const op = typeof opOrName === 'string' ? getOp(opOrName) : opOrName;
    checkInputs(op, inputs);
    let outputs: Tensor[];
    try {
      outputs = op.forward(inputs, attrs);
    } catch (e) {
      throw e instanceof BackstepError ? e.at({ op: op.name }) : e;
    }
    const nodeName = this.bookkeeping ? this.uniqueName(name ?? op.name) : (name ?? op.name);
    const needsGrad = this.recordGrad && inputs.some((t) => t.requiresGrad);
    const outNames = outputNames(op);
    let nonFinite = 0;
    outputs.forEach((t, i) => {
      t.name = outputs.length === 1 ? nodeName : `${nodeName}.${outNames[i]}`;
      t.requiresGrad = needsGrad;
      this.edits.get(t.name)?.(t);
      if (this.bookkeeping) nonFinite += countNonFinite(t);
    });
    this.nodes.push({
      index: this.nodes.length,
      name: nodeName,
      op: op.name,
      attrs,
      inputs,
      outputs,
      scope: this.bookkeeping ? [...this.scopePath] : NO_SCOPE,
      nonFinite,
      needsGrad,
      inputGrads: null,
    });
    return outputs;
  }

  /** Applies a single-output op. */
  apply(opOrName: OpDef | string, inputs: readonly Tensor[], attrs: Attrs = {}, name?: string): Tensor {
    return this.applyAll(opOrName, inputs, attrs, name)[0];
  }

  private uniqueName(base: string): string {
    const full = [...this.scopePath, base].join('/');
    const seen = this.usedNames.get(full) ?? 0;
    this.usedNames.set(full, seen + 1);
    return seen === 0 ? full : `${full}_${seen}`;
  }
}

const NO_SCOPE: readonly string[] = [];

function checkInputs(op: OpDef, inputs: readonly Tensor[]): void {
  if (op.variadic ? inputs.length === 0 : inputs.length !== op.inputs.length) {
    fail('E_ARGUMENT', `expects ${op.inputs.length} inputs (${op.inputs.join(', ')}), got ${inputs.length}`, { op: op.name });
  }
  const constant = new Set(op.constantInputs ?? []);
  let dtype: string | null = null;
  inputs.forEach((t, i) => {
    if (constant.has(op.inputs[i] ?? op.inputs[0])) return;
    if (dtype === null) dtype = t.dtype;
    else if (t.dtype !== dtype) {
      fail('E_DTYPE', `input ${i} (${op.inputs[i] ?? op.inputs[0]}) is ${t.dtype} but input 0 is ${dtype}`, { op: op.name });
    }
  });
}

