import type { TapeNode } from '../autograd/node';
import { Tape } from '../autograd/tape';
import { own } from '../dict';
import { fail } from '../errors';
import type { StateChange } from '../optim/optimizer';
import type { Tensor } from '../tensor/tensor';
import type { EventResult, StepEvent, TrainingStepRun } from '../train/contract';
import type { TraceOp, TraceStep, TraceTensor, TraceUpdate } from './format';
import { AccumulatedGrad } from './accumulatedGrad';
import { RecordedTensor, type ValueCache } from './recordedTensor';
import { RecordedNames, recordedAttrs } from './recognise';
import type { ModuleTree } from './moduleTree';
import type { RecordedOptimizer } from './recordedOptimizer';
import { updateFormula } from './updateFormula';

/** What a recorded step needs from its trainer: the parameters (one tensor each, for the whole session). */
export interface ReplayHost {
  readonly cache: ValueCache;
  readonly params: ReadonlyMap<string, RecordedTensor>;
  /** The module that owns each parameter. */
  readonly owner: ReadonlyMap<string, string>;
  /** The recording's modules: their classes and places in the Call Stack. */
  readonly tree: ModuleTree;
  readonly optimizer: RecordedOptimizer | null;
  /** The update of `param` in the step before this one, for its state's `before` values (null: none recorded). */
  previousUpdate(param: string): TraceUpdate | null;
  completed(run: ReplayRun): void;
  reopened(run: ReplayRun): void;
}

/** What executing an event changed, to take back. */
type Undo = () => void;

/**
 * One recorded training step as the session's TrainingStepRun. Forward and loss ops become tape
 * nodes (name = scope and op, `encoder/layers.0/linear1/addmm`; scope = the layer and its module
 * frames, ModuleTree, each a module on the tape so Step Into enters it), each tensor a
 * RecordedTensor read when asked for. A backward op is a node of its own (`fc1/AddmmBackward0`):
 * its inputs are the recorded incoming gradients and the parameters it produces gradients for,
 * its outputs the recorded gradients it sends; executing it fills `inputGrads` with what it sent
 * and sets those parameters' `.grad` (the recorded gradient after this op). An update event moves
 * its parameter from the recorded `before` to `after`. Nothing is computed: every event only
 * reveals what was recorded, so undoing one is as cheap as executing it.
 */
export class ReplayRun implements TrainingStepRun {
  readonly tape = new Tape();
  readonly events: StepEvent[] = [];
  readonly loss: Tensor;
  private cursor: number;
  private readonly undos: Undo[] = [];
  private readonly sources: (TraceOp | TraceUpdate)[] = [];
  private readonly usedNames = new Map<string, number>();
  private readonly tensors = new Map<string, RecordedTensor>();
  private readonly names: RecordedNames;

  constructor(
    readonly step: number,
    private readonly recorded: TraceStep,
    private readonly host: ReplayHost,
  ) {
    this.names = new RecordedNames(host.tree);
    const order = [...host.params.keys()];
    for (const e of recorded.events) {
      this.sources.push(e);
      if (e.phase === 'update') {
        if (!host.params.has(e.param)) fail('E_ARGUMENT', `the recording updates ${e.param}, which is not among its parameters`);
        const index = order.indexOf(e.param);
        this.events.push({ phase: 'update', kind: 'param', param: e.param, index, layer: this.layerOf(host.owner.get(e.param)), range: null });
      } else {
        this.events.push({ phase: e.phase, node: this.nodeOf(e), layer: this.layerOf(e.module), range: null });
      }
    }
    this.loss = this.tensor(recorded.loss, 'loss');
    this.cursor = this.events.findIndex((e) => e.phase !== 'forward' && e.phase !== 'loss');
    if (this.cursor < 0) this.cursor = this.events.length;
  }

  /** One engine tensor per recorded id in this step: an op's output read by later ops is the same tensor, named by the op that made it. */
  private tensor(t: TraceTensor, name: string): RecordedTensor {
    let x = this.tensors.get(t.id);
    if (!x) {
      x = new RecordedTensor(t, t.shape, this.host.cache, name);
      this.tensors.set(t.id, x);
    }
    return x;
  }

  /** The recording's own step number (e.g. 100). */
  get recordedStep(): number {
    return this.recorded.step;
  }

  get lr(): number {
    return this.recorded.lr;
  }

  get executed(): number {
    return this.cursor;
  }

  get done(): boolean {
    return this.cursor >= this.events.length;
  }

  advance(): EventResult {
    if (this.done) fail('E_ARGUMENT', `training step ${this.recorded.step} is complete: begin the next step`);
    const event = this.events[this.cursor];
    const source = this.sources[this.cursor];
    let result: EventResult;
    if (event.phase === 'update' && source.phase === 'update' && event.kind === 'param') result = this.update(source, event.index);
    else if (event.phase === 'backward' && source.phase === 'backward') result = this.backward(event.node, source);
    else if (event.phase === 'forward' || event.phase === 'loss') result = { kind: 'node', node: event.node };
    else fail('E_ARGUMENT', `internal error: event ${this.cursor} of step ${this.recorded.step} does not match its recording`);
    this.cursor++;
    if (this.done) this.host.completed(this);
    return result;
  }

  finish(): void {
    while (!this.done) this.advance();
  }

  undo(): boolean {
    const first = this.events.findIndex((e) => e.phase !== 'forward' && e.phase !== 'loss');
    if (first < 0 || this.cursor <= first) return false;
    const wasDone = this.done;
    this.undos[--this.cursor]?.();
    if (wasDone) this.host.reopened(this);
    return true;
  }

  private nodeOf(op: TraceOp): TapeNode {
    const { scope, local } = this.names.name(op);
    this.markModules(scope, this.host.tree.place(op.module).scope.length);
    const base = [...scope, local].join('/');
    const seen = this.usedNames.get(base) ?? 0;
    this.usedNames.set(base, seen + 1);
    const name = seen === 0 ? base : `${base}_${seen}`;
    const inputs: Tensor[] = op.inputs.map((t) => this.tensor(t, ''));
    if (op.phase === 'backward') for (const p of Object.keys(op.paramGrads ?? {})) inputs.push(this.param(p));
    const outputs = op.outputs.map((t, k) => this.tensor(t, op.outputs.length === 1 ? name : `${name}.${k}`));
    const nonFinite = op.outputs.reduce((n, t) => n + t.stats.nan + t.stats.inf, 0);
    const node: TapeNode = { index: this.tape.nodes.length, name, op: op.op, attrs: recordedAttrs(op), inputs, outputs, scope: [...scope], nonFinite, needsGrad: true, inputGrads: null };
    this.tape.nodes.push(node);
    return node;
  }

  /** The layer of a module: its top-level module (ModuleTree). */
  private layerOf(module: string | undefined): string | null {
    return module === undefined ? null : this.host.tree.place(module).layer;
  }

  /** Marks the module frames of a scope on the tape (every entry below the layer but a time step), as Tape.withModule does. */
  private markModules(scope: readonly string[], modules: number): void {
    for (let j = 1; j < modules; j++) this.tape.modules.add(scope.slice(0, j + 1).join('/'));
  }

  private param(name: string): RecordedTensor {
    return this.host.params.get(name) ?? fail('E_ARGUMENT', `the recording names a gradient of ${name}, which is not among its parameters`);
  }

  private backward(node: TapeNode, op: TraceOp): EventResult {
    const grads = Object.entries(op.paramGrads ?? {}).map(([p, g]) => ({ p: this.param(p), g }));
    const before = grads.map(({ p }) => p.grad);
    // An earlier op of this step sent this parameter a part already: `.grad` is the sum of the parts;
    // a collective (DDP's bucket all-reduce) writes the reduced gradient in its place.
    const replace = isCollective(op.op);
    for (const { p, g } of grads) p.grad = replace ? this.tensor(g, `grad(${p.name})`) : accumulated(p.grad, this.tensor(g, `grad(${p.name})`));
    node.inputGrads = [...node.outputs, ...grads.map(({ p }) => p.grad)];
    this.undos[this.cursor] = () => {
      node.inputGrads = null;
      grads.forEach(({ p }, k) => (p.grad = before[k]));
    };
    return { kind: 'node', node };
  }

  private update(u: TraceUpdate, index: number): EventResult {
    const p = this.param(u.param);
    const grad = p.grad;
    const cache = this.host.cache;
    const copy = (t: TraceTensor, name: string): RecordedTensor => new RecordedTensor(t, t.shape, cache, name);
    p.retarget(u.after);
    if (!p.grad) p.grad = this.tensor(u.grad, `grad(${p.name})`);
    this.undos[this.cursor] = () => {
      p.retarget(u.before);
      p.grad = grad;
    };
    const previous = this.host.previousUpdate(u.param)?.state ?? null;
    const optimizer = this.host.optimizer;
    // PyTorch's state keys (exp_avg) under the formula's symbols (m); the tensors keep PyTorch's names.
    const state: StateChange[] = Object.entries(u.state).map(([key, t]) => ({
      name: `${u.param}.${key}`,
      symbol: optimizer?.slot(key).symbol ?? key,
      before: previous ? previousState(previous, key, u.param, copy) : new RecordedTensor(null, t.shape, cache, `${u.param}.${key} before the recording`),
      after: copy(t, `${u.param}.${key}`),
    }));
    return {
      kind: 'param',
      update: {
        optimizer: optimizer?.kind ?? 'recorded',
        index,
        param: u.param,
        step: this.recorded.step,
        lr: this.recorded.lr,
        formula: optimizer?.formula ?? updateFormula('recorded'),
        hyperparams: optimizer?.hyperparams ?? [],
        scalars: {},
        values: { grad: p.grad, before: copy(u.before, `${u.param} before`), after: copy(u.after, `${u.param} after`), state },
        worked: null,
      },
    };
  }
}

/** Ops of torch.distributed (`c10d::all_reduce`) and DDP comm hooks (`ddp::<hook>`), as the recorder names them. */
function isCollective(op: string): boolean {
  return op.startsWith('c10d::') || op.startsWith('ddp::');
}

function accumulated(grad: Tensor | null, part: Tensor): Tensor {
  if (!grad) return part;
  return grad instanceof AccumulatedGrad ? grad.plus(part) : new AccumulatedGrad([grad, part], grad.name);
}

/**
 * A state buffer's value before this update: the previous recorded update's `after` (null when this
 * update made it). Before the first recorded update of a parameter it is not known: a recording may
 * begin at any step, so the buffer may predate it (an unrecorded tensor, its values not kept).
 */
function previousState(previous: Readonly<Record<string, TraceTensor>>, key: string, param: string, copy: (t: TraceTensor, name: string) => Tensor): Tensor | null {
  const t = own(previous, key);
  return t ? copy(t, `${param}.${key}`) : null;
}
