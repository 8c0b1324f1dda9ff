import { BackstepError } from '../errors';
import type { CheckedModel } from '../model/validate';
import type { FrameSource, OptimizerDescription, Trainer, TrainerSnapshot, TrainingStepRun } from '../train/contract';
import type { TraceReader, TraceUpdate } from './format';
import { ModuleTree } from './moduleTree';
import { recordedOptimizer, type RecordedOptimizer } from './recordedOptimizer';
import { RecordedTensor, ValueCache } from './recordedTensor';
import { recordingModel } from './replayModel';
import { ReplayRun, type ReplayHost } from './replayRun';
import { KEPT_STEPS } from './stepEntries';

export interface ReplayOptions {
  /** Bytes of recorded values held at once (default REPLAY_CACHE_BYTES). */
  readonly cacheBytes?: number;
}

/** What a session answers when asked to change a recording (Set Value, a hyperparameter). */
export const RECORDING_IS_FIXED = 'a recording cannot be edited: its values are what PyTorch computed when it was recorded; edit the model in PyTorch and record again';

/**
 * A recording (engine/trace/format.ts) as the session's Trainer: training step k (1-based, the
 * contract's counter) is the k-th recorded step, shown with the recording's own number
 * (`stepNumber`). A recording is deterministic, so a snapshot is only the count of completed steps
 * and restoring one puts every parameter at its recorded value then: going back in time costs no
 * replay. Layers are the recording's top-level modules with the parameters below them (ModuleTree), one RecordedTensor per
 * parameter for the whole session (its values follow the cursor). It cannot compute what was not
 * recorded: edits, hyperparameter changes and steps past the last one answer with a message.
 */
export class ReplayTrainer implements Trainer {
  readonly model: CheckedModel;
  readonly layers: Trainer['layers'];
  readonly totalSteps: number;
  readonly readOnly = RECORDING_IS_FIXED;
  readonly cache: ValueCache;
  private completed = 0;
  private readonly params = new Map<string, RecordedTensor>();
  private readonly owner = new Map<string, string>();
  private readonly optimizer: RecordedOptimizer | null;
  private readonly tree: ModuleTree;
  /** Per recorded step (0-based), each parameter's update in it: the last KEPT_STEPS asked for (a step's entries are read again after). */
  private readonly updates = new Map<number, ReadonlyMap<string, TraceUpdate>>();
  /** Per parameter, its latest update in the steps before `upTo`: a walk back stops there, so a frozen parameter costs no walk over every step. */
  private readonly latest = new Map<string, { readonly upTo: number; readonly update: TraceUpdate | null }>();

  constructor(
    readonly reader: TraceReader,
    options: ReplayOptions = {},
  ) {
    const index = reader.index;
    this.model = recordingModel(index, reader.file);
    this.totalSteps = index.steps.length;
    this.optimizer = recordedOptimizer(index.optimizer);
    this.cache = new ValueCache(reader, options.cacheBytes);
    this.tree = new ModuleTree(index.modules);
    for (const p of index.params) this.params.set(p.name, new RecordedTensor(null, p.shape, this.cache, p.name));
    for (const m of index.modules) {
      for (const p of m.params) this.owner.set(p, m.path);
    }
    const range = this.model.spec.range;
    const names = new Set(this.model.layers.map((l) => l.name));
    this.layers = this.model.layers.map((l) => ({ name: l.name, kind: l.kind, range, params: Object.keys(l.params).flatMap((p) => this.params.get(p) ?? []), ...enclosing(l.name, names) }));
    for (const p of this.params.values()) p.requiresGrad = true;
    this.place(0);
  }

  get completedSteps(): number {
    return this.completed;
  }

  /** The recording's own number of training step `step` (1-based): what the UI shows. */
  stepNumber(step: number): number {
    return this.reader.index.steps[step - 1]?.step ?? step;
  }

  /** Where a module frame's class defines its `forward`, as recorded (null: no Python source). */
  moduleSource(scope: readonly string[]): FrameSource | null {
    return this.tree.atScope(scope)?.source ?? null;
  }

  /** PyTorch's optimizer class, its rule and its settings, as recorded. */
  describeOptimizer(): OptimizerDescription | null {
    return this.optimizer;
  }

  /** The learning rate the recording holds for training step `step` (1-based). */
  lrOf(step: number): number {
    return this.reader.index.steps[step - 1]?.lr ?? NaN;
  }

  beginStep(): TrainingStepRun {
    const k = this.completed;
    const steps = this.reader.index.steps;
    if (k >= steps.length) throw new BackstepError('E_ARGUMENT', `the recording ends at step ${steps[steps.length - 1]?.step ?? 0}: ${this.reader.file} holds no step after it`);
    this.place(k);
    return new ReplayRun(k + 1, steps[k], this.host(k));
  }

  snapshot(): TrainerSnapshot {
    return { completedSteps: this.completed, state: null };
  }

  restore(s: TrainerSnapshot): void {
    this.completed = s.completedSteps;
    this.place(s.completedSteps);
  }

  /** Parameters as they were when recorded step `k` (0-based) began; no gradients yet. */
  private place(k: number): void {
    for (const [name, p] of this.params) {
      const now = this.updatesOf(k).get(name);
      p.retarget(now ? now.before : (this.lastBefore(name, k)?.after ?? null));
      p.grad = null;
    }
  }

  /** The latest update of `param` in a step before `k`. */
  private lastBefore(param: string, k: number): TraceUpdate | null {
    const end = Math.min(k, this.totalSteps);
    const known = this.latest.get(param);
    const floor = known && known.upTo <= end ? known.upTo : 0;
    let update = known && floor > 0 ? known.update : null;
    for (let j = end - 1; j >= floor; j--) {
      const u = this.updatesOf(j).get(param);
      if (u) {
        update = u;
        break;
      }
    }
    this.latest.set(param, { upTo: end, update });
    return update;
  }

  private updatesOf(k: number): ReadonlyMap<string, TraceUpdate> {
    let m = this.updates.get(k);
    if (m) this.updates.delete(k);
    else {
      const events = this.reader.index.steps[k]?.events ?? [];
      m = new Map(events.flatMap((e) => (e.phase === 'update' ? [[e.param, e] as const] : [])));
      if (this.updates.size >= KEPT_STEPS) this.updates.delete(this.updates.keys().next().value!);
    }
    this.updates.set(k, m);
    return m;
  }

  private host(k: number): ReplayHost {
    return {
      cache: this.cache,
      params: this.params,
      owner: this.owner,
      tree: this.tree,
      optimizer: this.optimizer,
      previousUpdate: (param) => this.lastBefore(param, k),
      completed: (run) => (this.completed = run.step),
      reopened: (run) => (this.completed = run.step - 1),
    };
  }
}

/**
 * The nearest module around `path` that is a layer (`encoder.layers.0` around
 * `encoder.layers.0.self_attn`: module paths are dotted, format.ts); none for a root child.
 */
function enclosing(path: string, layers: ReadonlySet<string>): { within?: string } {
  for (let cut = path.lastIndexOf('.'); cut > 0; cut = path.lastIndexOf('.', cut - 1)) if (layers.has(path.slice(0, cut))) return { within: path.slice(0, cut) };
  return {};
}
