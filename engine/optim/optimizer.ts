import { fail } from '../errors';
import type { TypedArray } from '../tensor/dtype';
import { formatShape, sameShape } from '../tensor/shape';
import { Tensor } from '../tensor/tensor';
import { texNumber, texOperand } from '../protocol/numberText';
import { describeOptions, type OptionSpec, type OptionValues, type ParamDescription, type SettingDescription } from './options';

export type OptimizerKind = 'sgd' | 'adagrad' | 'rmsprop' | 'adam' | 'adamw';

/** One state buffer an optimizer keeps per parameter, e.g. Adam's first moment `m`. */
export interface StateSlot {
  /** Suffix of the buffer's tensor name: `fc1.W.m`. */
  readonly key: string;
  /** The symbol the formula uses for it. */
  readonly symbol: string;
  readonly meaning: string;
  /** A constant fill at the start, or `'first_grad'`: created at the first update as a copy of g₁. */
  readonly init: number | 'first_grad';
}

/** What the optimizer keeps for one parameter. */
export interface ParamState {
  readonly param: Tensor;
  /** Display name (`fc1.W`). */
  readonly name: string;
  /** Updates this parameter has received: the t of the formulas after the last update. */
  step: number;
  /** State tensors named `<param>.<key>`; a `'first_grad'` slot is absent until the first update. */
  readonly buffers: Map<string, Tensor>;
}

/** A state buffer before and after one update (`before` is null when the update created it). */
export interface StateChange {
  readonly name: string;
  readonly symbol: string;
  readonly before: Tensor | null;
  readonly after: Tensor;
}

/** One parameter's update, as the debugger shows it. */
export interface ParamUpdate {
  /** An OptimizerKind for the engine's own optimizers; the class name a recording names (`Adam`, `SGD`: engine/trace/). */
  readonly optimizer: string;
  readonly index: number;
  readonly param: string;
  /** t of the formula: this parameter's update count including this one. */
  readonly step: number;
  readonly lr: number;
  /** LaTeX of the rule applied in this update. */
  readonly formula: string;
  readonly hyperparams: readonly SettingDescription[];
  /** Intermediate scalars such as the bias corrections. */
  readonly scalars: Readonly<Record<string, number>>;
  /** Why the parameter was left unchanged (it has no gradient). */
  readonly skipped?: string;
  /** Copies of the numbers involved; null when the optimizer's `recordValues` is off. */
  readonly values: UpdateValues | null;
  /** LaTeX: the rule worked on the parameter's first element; null with `values`, or when skipped. */
  readonly worked: string | null;
}

/** One element of an update (the first), with the numbers the rule used: for the worked formula. */
export interface WorkedElement {
  readonly t: number;
  readonly lr: number;
  /** The gradient element as backward left it. */
  readonly grad: number;
  /** The gradient element the rule used (with coupled L2 decay added). */
  readonly g: number;
  readonly before: number;
  readonly after: number;
  /** By state key: the element before (null when this update created the buffer) and after. */
  readonly state: Readonly<Record<string, { readonly before: number | null; readonly after: number }>>;
  readonly scalars: Readonly<Record<string, number>>;
}

/** The numbers of one update, copied: safe to keep while training goes on. */
export interface UpdateValues {
  readonly grad: Tensor | null;
  readonly before: Tensor;
  readonly after: Tensor;
  readonly state: readonly StateChange[];
}

/** What a rule sees for one parameter: it writes `p` and its buffers in place. */
export interface UpdateContext {
  /** Parameter values, in the parameter's dtype. */
  readonly p: TypedArray;
  /** The gradient the rule uses (with coupled L2 decay already added). */
  readonly g: ArrayLike<number>;
  readonly t: number;
  readonly lr: number;
  buffer(key: string): TypedArray;
  /** True when `key` was created by this update (a `'first_grad'` slot on step 1). */
  created(key: string): boolean;
}

/** Plain data (structured-clonable): parameter values and all optimizer state. */
export interface OptimizerSnapshot {
  readonly kind: OptimizerKind;
  readonly lr: number;
  readonly t: number;
  /** Parameters already updated in the unfinished step. */
  readonly done: readonly boolean[];
  readonly params: readonly {
    readonly name: string;
    readonly step: number;
    readonly values: TypedArray;
    readonly buffers: Readonly<Record<string, TypedArray>>;
  }[];
}

/**
 * One parameter's values and state, and the step count, before an update (see `paramSnapshot`).
 * Only this parameter's progress is kept, not the whole step's (that copy made a step of P updates
 * cost P² to record): snapshots are restored last-taken first, as `StepRun.undo` does.
 */
export interface ParamSnapshot {
  readonly index: number;
  readonly t: number;
  readonly step: number;
  readonly values: TypedArray;
  readonly buffers: readonly (readonly [string, TypedArray])[];
}

/**
 * An optimizer over a list of parameter tensors. Its state is open to inspection: per parameter the
 * named buffers and update count, plus the step count `t` and the hyperparameters. The debugger can
 * update one parameter at a time (`stepParam`) or finish the step (`step`); each update comes back
 * described (formula, values before and after). `lr` is set by a schedule before each step.
 */
export abstract class Optimizer<S extends OptionSpec = OptionSpec> {
  abstract readonly kind: OptimizerKind;
  readonly options: OptionValues<S>;
  /**
   * Copy gradient, parameter and state values into each ParamUpdate. On while the user steps; a run
   * to the next breakpoint can turn it off (the copies cost more than the update itself).
   */
  recordValues = true;
  private lr_: number;
  private t_ = 0;
  private readonly states: ParamState[];
  private done: boolean[];
  /** How many entries of `done` are true: the step completes when all are. */
  private doneCount = 0;
  private readonly byName: ReadonlyMap<string, number>;

  protected constructor(
    params: readonly Tensor[],
    private readonly spec: S,
    options: OptionValues<S>,
  ) {
    this.options = options;
    this.lr_ = options.lr;
    this.states = checkedParams(params).map((param, i) => ({ param, name: param.name || `param${i}`, step: 0, buffers: new Map() }));
    this.done = this.states.map(() => false);
    this.byName = new Map(this.states.map((s, i) => [s.name, i]));
  }

  /** The per-parameter buffers this rule keeps. */
  abstract slots(): readonly StateSlot[];
  /** LaTeX lines (`m_t &= …`) of the rule; for step t when given, else the general rule. */
  protected abstract ruleLines(t?: number): string[];
  /** Applies the rule to one parameter in place; returns intermediate scalars for display. */
  protected abstract apply(ctx: UpdateContext): Record<string, number>;
  /** LaTeX lines of the rule with one element's numbers in place of the symbols (see `worked.ts`). */
  protected abstract workedLines(w: WorkedElement): string[];
  /** λ of coupled L2 decay (g ← g + λθ), 0 when off. */
  protected coupledDecay(): number {
    return 0;
  }

  get lr(): number {
    return this.lr_;
  }
  set lr(value: number) {
    if (!Number.isFinite(value) || value < 0) fail('E_ARGUMENT', `optimizer "${this.kind}": learning rate must be a finite number ≥ 0, got ${value}`);
    this.lr_ = value;
  }

  /** Completed optimizer steps. */
  get t(): number {
    return this.t_;
  }

  get params(): readonly Tensor[] {
    return this.states.map((s) => s.param);
  }

  /** The full update rule in LaTeX. */
  get formula(): string {
    return aligned([...this.decayLines(), ...this.ruleLines()]);
  }

  /** Hyperparameters with their meanings (lr at its current value). */
  hyperparams(): ParamDescription[] {
    return describeOptions(this.spec, { ...this.options, lr: this.lr_ });
  }

  /** The state of one parameter, by index or name; buffers are live tensors (do not write them). */
  stateOf(which: number | string): Readonly<ParamState> {
    const s = this.states[this.indexOf(which)];
    this.ensureBuffers(s);
    return s;
  }

  /** Indices of the parameters not yet updated in the current step, in order. */
  pending(): number[] {
    return this.done.flatMap((d, i) => (d ? [] : [i]));
  }

  /** Updates one parameter; the step is complete once every parameter has been updated. */
  stepParam(which: number | string): ParamUpdate {
    const i = this.indexOf(which);
    const s = this.states[i];
    if (this.done[i]) {
      const rest = this.pending().map((k) => this.states[k].name).join(', ');
      fail('E_ARGUMENT', `optimizer "${this.kind}": ${s.name} was already updated in step ${this.t_ + 1}; update ${rest} first, or call step() to finish the step`);
    }
    const update = s.param.grad ? this.update(i, s, s.param.grad) : this.skip(i, s);
    this.done[i] = true;
    if (++this.doneCount === this.done.length) {
      this.t_++;
      this.done.fill(false);
      this.doneCount = 0;
    }
    return update;
  }

  /** Finishes the current step: updates every parameter not yet updated in it. */
  step(): ParamUpdate[] {
    return this.pending().map((i) => this.stepParam(i));
  }

  /** Drops every parameter's gradient (the next backward pass starts from nothing). */
  zeroGrad(): void {
    for (const s of this.states) s.param.grad = null;
  }

  snapshot(): OptimizerSnapshot {
    return {
      kind: this.kind,
      lr: this.lr_,
      t: this.t_,
      done: [...this.done],
      params: this.states.map((s) => ({
        name: s.name,
        step: s.step,
        values: s.param.data.slice(),
        buffers: Object.fromEntries([...s.buffers].map(([k, b]) => [k, b.data.slice()])),
      })),
    };
  }

  /** Puts back parameter values (in place) and all optimizer state from a snapshot of this optimizer. */
  restore(snap: OptimizerSnapshot): void {
    this.checkSnapshot(snap);
    this.lr_ = snap.lr;
    this.t_ = snap.t;
    this.done = [...snap.done];
    this.doneCount = this.done.filter(Boolean).length;
    snap.params.forEach((p, i) => {
      const s = this.states[i];
      s.param.data.set(p.values);
      s.step = p.step;
      s.buffers.clear();
      for (const [key, data] of Object.entries(p.buffers)) s.buffers.set(key, new Tensor(data.slice(), s.param.shape, `${s.name}.${key}`));
    });
  }

  /** What updating one parameter changes (its values, state and count, the step's progress), for `restoreParam`. */
  paramSnapshot(which: number | string): ParamSnapshot {
    const index = this.indexOf(which);
    const s = this.stateOf(index);
    return { index, t: this.t_, step: s.step, values: s.param.data.slice(), buffers: [...s.buffers].map(([k, b]) => [k, b.data.slice()]) };
  }

  /**
   * Undoes the update of one parameter since its `paramSnapshot` (values in place), the latest update
   * first: the parameter is pending again, and a step its update completed is open again.
   */
  restoreParam(snap: ParamSnapshot): void {
    const s = this.states[snap.index];
    if (this.t_ !== snap.t) {
      this.done.fill(true);
      this.doneCount = this.done.length;
    }
    this.t_ = snap.t;
    if (this.done[snap.index]) this.doneCount--;
    this.done[snap.index] = false;
    s.param.data.set(snap.values);
    s.step = snap.step;
    s.buffers.clear();
    for (const [key, data] of snap.buffers) s.buffers.set(key, new Tensor(data.slice(), s.param.shape, `${s.name}.${key}`));
  }

  private update(i: number, s: ParamState, grad: Tensor): ParamUpdate {
    if (!sameShape(grad.shape, s.param.shape)) {
      fail('E_GRAD_SHAPE', `optimizer "${this.kind}": gradient of ${s.name} has shape ${formatShape(grad.shape)} but the parameter has ${formatShape(s.param.shape)}`);
    }
    this.ensureBuffers(s);
    const before = this.recordValues ? this.valuesOf(s) : null;
    const t = s.step + 1;
    const g = this.effectiveGrad(grad, s.param);
    const created = this.createFromGrad(s, g);
    const scalars = this.apply({
      p: s.param.data,
      g,
      t,
      lr: this.lr_,
      buffer: (key) => bufferOf(s, key),
      created: (key) => created.has(key),
    });
    s.step = t;
    const formula = aligned([...this.decayLines(), ...this.ruleLines(t)]);
    const values = before && this.changes(s, grad.clone(), before);
    const worked = values && this.worked({ t, lr: this.lr_, grad: grad.data[0], g: g[0], before: values.before.data[0], after: values.after.data[0], scalars, state: firstElements(s, before.buffers) });
    return { ...this.header(i, s, formula, scalars), values, worked };
  }

  private worked(w: WorkedElement): string {
    const lambda = this.coupledDecay();
    const decay = lambda > 0 ? [`g_{${w.t}} &\\leftarrow ${texNumber(w.grad)} + ${texNumber(lambda)} \\cdot ${texOperand(w.before)} = ${texNumber(w.g)}`] : [];
    return aligned([...decay, ...this.workedLines(w)]);
  }

  private skip(i: number, s: ParamState): ParamUpdate {
    this.ensureBuffers(s);
    const before = this.recordValues ? this.valuesOf(s) : null;
    return { ...this.header(i, s, '', {}), skipped: `${s.name} has no gradient`, values: before && this.changes(s, null, before), worked: null };
  }

  private header(i: number, s: ParamState, formula: string, scalars: Record<string, number>): Omit<ParamUpdate, 'values' | 'worked'> {
    return { optimizer: this.kind, index: i, param: s.name, step: s.step, lr: this.lr_, formula, hyperparams: this.hyperparams(), scalars };
  }

  /** Copies of the parameter and its buffers. */
  private valuesOf(s: ParamState): { param: Tensor; buffers: Map<string, Tensor> } {
    return { param: s.param.clone(), buffers: new Map([...s.buffers].map(([k, b]) => [k, b.clone()])) };
  }

  private changes(s: ParamState, grad: Tensor | null, before: { param: Tensor; buffers: Map<string, Tensor> }): UpdateValues {
    const symbols = new Map(this.slots().map((slot) => [slot.key, slot.symbol]));
    const state = [...s.buffers].map(([key, b]) => ({ name: b.name, symbol: symbols.get(key) ?? key, before: before.buffers.get(key) ?? null, after: b.clone() }));
    return { grad, before: before.param, after: s.param.clone(), state };
  }

  /** Creates the constant-filled buffers (Adam's m, v = 0) so they can be inspected before step 1. */
  private ensureBuffers(s: ParamState): void {
    for (const slot of this.slots()) {
      if (slot.init !== 'first_grad' && !s.buffers.has(slot.key)) {
        s.buffers.set(slot.key, Tensor.full(s.param.shape, slot.init, s.param.dtype, `${s.name}.${slot.key}`));
      }
    }
  }

  private createFromGrad(s: ParamState, g: ArrayLike<number>): Set<string> {
    const created = new Set<string>();
    for (const slot of this.slots()) {
      if (slot.init === 'first_grad' && !s.buffers.has(slot.key)) {
        s.buffers.set(slot.key, Tensor.of(g, s.param.shape, s.param.dtype, `${s.name}.${slot.key}`));
        created.add(slot.key);
      }
    }
    return created;
  }

  /** g + λθ under coupled L2 decay (in the parameter's dtype), else the gradient's own values. */
  private effectiveGrad(grad: Tensor, param: Tensor): ArrayLike<number> {
    const lambda = this.coupledDecay();
    if (lambda === 0) return grad.data;
    const g = param.data.slice();
    for (let k = 0; k < g.length; k++) g[k] = grad.data[k] + lambda * param.data[k];
    return g;
  }

  private decayLines(): string[] {
    return this.coupledDecay() > 0 ? ['g_t &\\leftarrow g_t + \\lambda\\,\\theta_{t-1}'] : [];
  }

  private indexOf(which: number | string): number {
    if (typeof which === 'number') {
      if (!Number.isInteger(which) || which < 0 || which >= this.states.length) {
        fail('E_INDEX', `optimizer "${this.kind}": parameter index ${which} is out of range; it has ${this.states.length} parameters`);
      }
      return which;
    }
    const i = this.byName.get(which) ?? -1;
    if (i < 0) fail('E_ARGUMENT', `optimizer "${this.kind}": no parameter named "${which}"; it has ${this.states.map((s) => s.name).join(', ')}`);
    return i;
  }

  private checkSnapshot(snap: OptimizerSnapshot): void {
    const where = `optimizer "${this.kind}"`;
    if (snap.kind !== this.kind) fail('E_ARGUMENT', `${where}: cannot restore a snapshot of optimizer "${snap.kind}"`);
    if (snap.params.length !== this.states.length || snap.done.length !== this.states.length) {
      fail('E_ARGUMENT', `${where}: the snapshot holds ${snap.params.length} parameters, the optimizer ${this.states.length}`);
    }
    snap.params.forEach((p, i) => {
      const s = this.states[i];
      if (p.name !== s.name || p.values.length !== s.param.size) {
        fail('E_ARGUMENT', `${where}: snapshot parameter ${i} is ${p.name} with ${p.values.length} values, but the optimizer has ${s.name} with ${s.param.size}`);
      }
    });
  }
}

function checkedParams(params: readonly Tensor[]): readonly Tensor[] {
  if (params.length === 0) fail('E_ARGUMENT', 'an optimizer needs at least one parameter');
  const seen = new Set<Tensor>();
  const names = new Set<string>();
  for (const p of params) {
    if (seen.has(p)) fail('E_ARGUMENT', `parameter ${p.name || '(unnamed)'} is given to the optimizer twice`);
    if (p.name && names.has(p.name)) fail('E_ARGUMENT', `two optimizer parameters are named "${p.name}"; names must be unique`);
    seen.add(p);
    names.add(p.name);
  }
  return params;
}

/** Element 0 of each state buffer, before (absent: created by this update) and after. */
function firstElements(s: ParamState, before: ReadonlyMap<string, Tensor>): WorkedElement['state'] {
  return Object.fromEntries([...s.buffers].map(([key, b]) => [key, { before: before.get(key)?.data[0] ?? null, after: b.data[0] }]));
}

function bufferOf(s: ParamState, key: string): TypedArray {
  const b = s.buffers.get(key);
  if (!b) fail('E_ARGUMENT', `${s.name} has no optimizer state "${key}"`);
  return b.data;
}

/** Lines joined into one display formula. */
function aligned(lines: readonly string[]): string {
  return `\\begin{aligned} ${lines.join(' \\\\ ')} \\end{aligned}`;
}
