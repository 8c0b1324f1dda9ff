import type { DType } from '../tensor/dtype';
import { Tensor } from '../tensor/tensor';
import type { Trainer } from '../train/contract';
import type { NameScope } from './expression';
import { optimizerOf } from './extras';
import type { EventInfo } from './outline';
import { timeStepTensors, totalGradNorm } from './summary';
import type { Timeline } from './timeline';

/**
 * Every name an expression, a watch or a breakpoint condition can use at the current stop:
 *   loss, lr, step, grad_norm (global gradient norm)
 *   parameters                    memory.W_f, out.b
 *   tensors of this step's tape    memory/t3/gate_f, hidden/y (and data tensors the tape read)
 *   optimizer state               memory.W_f.m, memory.W_f.v (when the trainer shows its optimizer)
 *   a recurrent tensor over time  memory.gate_f → (T, …) stacked from memory/t0/gate_f, memory/t1/gate_f …
 *   short names inside a scope    gate_f at memory/t3 is memory/t3/gate_f; W inside hidden is hidden.W
 */
export class SessionNames implements NameScope {
  private tensors: Map<string, Tensor> | null = null;
  /** Tape tensors named but not computed at the cursor, by name. */
  private later: Map<string, Tensor> | null = null;
  private steps: Map<string, Map<string, Tensor[]>> | null = null;

  constructor(
    private readonly trainer: Trainer,
    private readonly timeline: Timeline,
    private readonly here: EventInfo | null,
    private readonly present: Present = EVERYTHING,
  ) {}

  lookup(name: string): Tensor | number | undefined {
    return this.special(name) ?? this.all().get(name) ?? this.overTime(name) ?? this.relative(name);
  }

  pending(name: string): string | undefined {
    if (name === 'loss' && this.present.loss === null) return `step ${this.timeline.current}'s loss comes after its forward pass`;
    this.all();
    const t = this.later!.get(name) ?? this.relativeIn(this.later!, name) ?? (this.overTime(name) ? undefined : this.laterOverTime(name));
    if (t) return `the forward pass of step ${this.timeline.current} has not reached it (the stepping shows values as they are computed)`;
    return undefined;
  }

  names(): Iterable<string> {
    return [...SPECIAL, ...this.all().keys(), ...this.timelineNames()];
  }

  /** A tensor by its exact name (no short names, no specials). */
  tensor(name: string): Tensor | undefined {
    return this.all().get(name) ?? this.overTime(name);
  }

  private special(name: string): Tensor | number | undefined {
    const run = this.timeline.run;
    switch (name) {
      case 'loss':
        return this.present.loss === undefined ? run?.loss : (this.present.loss ?? undefined);
      case 'lr':
        return run?.lr;
      case 'step':
        return this.timeline.current;
      case 'grad_norm':
        return totalGradNorm(this.trainer.layers);
      default:
        return undefined;
    }
  }

  private all(): Map<string, Tensor> {
    if (this.tensors) return this.tensors;
    const m = new Map<string, Tensor>();
    const later = new Map<string, Tensor>();
    for (const l of this.trainer.layers) for (const p of l.params) m.set(p.name, p);
    for (const node of this.timeline.run?.tape.nodes ?? []) {
      for (const x of node.inputs) if (x.name && !m.has(x.name) && !this.present.notYet.has(x)) m.set(x.name, x);
      for (const y of node.outputs) (this.present.notYet.has(y) ? later : m).set(y.name, y);
    }
    this.later = later;
    const opt = optimizerOf(this.trainer);
    if (opt) {
      opt.params.forEach((p, i) => {
        for (const b of opt.stateOf(i).buffers.values()) m.set(b.name || `${p.name}.state`, b);
      });
    }
    this.tensors = m;
    return m;
  }

  /** An exact name's shape and dtype (a special's value), without building a stack over time; undefined when not computed here. */
  shapeOf(name: string): { readonly shape: readonly number[]; readonly dtype: DType } | number | undefined {
    const v = this.special(name) ?? this.all().get(name);
    if (v !== undefined) return v;
    const list = this.stepsOf(name);
    return list && { shape: [list.length, ...list[0].shape], dtype: list[0].dtype };
  }

  /** `memory.gate_f`: the per-step tensors `memory/t<k>/gate_f` stacked over time. */
  private overTime(name: string): Tensor | undefined {
    const list = this.stepsOf(name);
    if (!list) return undefined;
    const first = list[0];
    const out = Tensor.zeros([list.length, ...first.shape], first.dtype, name);
    list.forEach((t, k) => out.data.set(t.data, k * first.size));
    return out;
  }

  /** The time steps of `memory.gate_f` computed so far (at memory/t3, four); undefined when none. */
  private stepsOf(name: string): Tensor[] | undefined {
    const dot = name.indexOf('.');
    if (dot < 0 || !this.timeline.outline) return undefined;
    const all = this.timeSteps().get(name.slice(0, dot))?.get(name.slice(dot + 1));
    const list = all?.filter((t): t is Tensor => t !== undefined && !this.present.notYet.has(t));
    return list && list.length > 0 ? list : undefined;
  }

  private laterOverTime(name: string): Tensor | undefined {
    const dot = name.indexOf('.');
    if (dot < 0 || !this.timeline.outline) return undefined;
    return this.timeSteps().get(name.slice(0, dot))?.get(name.slice(dot + 1))?.[0];
  }

  /** Each layer's tensors per time step, read from the outline once per stop (a scan of every event). */
  private timeSteps(): Map<string, Map<string, Tensor[]>> {
    this.steps ??= this.timeline.outline ? timeStepTensors(this.timeline.outline) : new Map();
    return this.steps;
  }

  private timelineNames(): string[] {
    if (!this.timeline.outline) return [];
    const out: string[] = [];
    for (const [layer, byKey] of this.timeSteps()) for (const key of byKey.keys()) out.push(`${layer}.${key}`);
    return out;
  }

  /** Short names resolve in the current time step, then the current layer (tensors, then parameters). */
  private relative(name: string): Tensor | undefined {
    return this.relativeIn(this.all(), name);
  }

  private relativeIn(tensors: ReadonlyMap<string, Tensor>, name: string): Tensor | undefined {
    for (const prefix of this.shortPrefixes()) {
      const t = tensors.get(prefix + name);
      if (t) return t;
    }
    return undefined;
  }

  /** What a short name stands for the rest of, nearest first: `memory/t3/`, `memory/`, then `memory.` (the layer's parameters). */
  shortPrefixes(): string[] {
    const node = this.here?.node;
    const scope = node ? node.scope : this.here?.layer ? [this.here.layer] : [];
    const out: string[] = [];
    for (let k = scope.length; k > 0; k--) out.push(`${scope.slice(0, k).join('/')}/`);
    if (this.here?.layer) out.push(`${this.here.layer}.`);
    return out;
  }
}

/**
 * What has been computed at the cursor (see present.ts): the tape tensors not yet computed, and the
 * latest loss computed — this step's once its loss ops ran, else the previous step's; null before
 * the first one; undefined when every value counts as computed (a whole step's values).
 */
export interface Present {
  readonly notYet: ReadonlySet<Tensor>;
  readonly loss: number | null | undefined;
}

const EVERYTHING: Present = { notYet: new Set(), loss: undefined };

const SPECIAL = ['loss', 'lr', 'step', 'grad_norm'];
