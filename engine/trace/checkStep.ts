import { LIMITS, overLimit } from '../limits';
import { sameShape } from '../tensor/shape';
import { describe as describeValue, isCount, isNumber, JsonChecker, TRACE_DTYPE_BYTES } from './checkJson';
import type { TraceDType, TraceEvent, TraceIndex, TraceStats, TraceStep, TraceTensor } from './format';

type Param = TraceIndex['params'][number];

/** What a step's entries are checked against: the header's parameters and modules, checked at open (./checkIndex.ts). */
export interface StepContext {
  readonly params: ReadonlyMap<string, Param>;
  readonly modules: ReadonlySet<string>;
  /** Where each tensor was first declared, for the messages of values read later (shared by every step). */
  readonly where: WeakMap<TraceTensor, TensorPlace>;
}

/** The file and the entry that declared a tensor. */
export interface TensorPlace {
  readonly file: string;
  readonly entry: string;
}

/** A step, checked, and the first entry naming each chunk it reads. */
export interface CheckedStep {
  readonly step: TraceStep;
  readonly chunks: ReadonlyMap<string, string>;
}

const OP_PHASES = new Set(['forward', 'loss', 'backward']);

/**
 * Checks every field of one step's parsed JSON (`steps[k]`, when the session first reaches it) and
 * returns it rebuilt from the checked fields; records keyed by names are null-prototype. A tensor
 * id met again in the step (an op's output that is a later op's input) must repeat its first
 * declaration, and is the same object.
 */
export function checkStep(raw: unknown, file: string, where: string, context: StepContext): CheckedStep {
  return new StepChecker(file, context).step(raw, where);
}

class StepChecker extends JsonChecker {
  private readonly tensors = new Map<string, TraceTensor>();
  private readonly chunks = new Map<string, string>();

  constructor(
    file: string,
    private readonly context: StepContext,
  ) {
    super(file);
  }

  step(v: unknown, where: string): CheckedStep {
    const o = this.obj(v, where);
    const step: TraceStep = {
      step: this.whole(o.step, `${where}.step`),
      loss: this.tensor(o.loss, `${where}.loss`),
      lr: this.num(o.lr, `${where}.lr`),
      events: this.arr(o.events, `${where}.events`).map((e, i) => this.event(e, `${where}.events[${i}]`)),
    };
    return { step, chunks: this.chunks };
  }

  private event(v: unknown, where: string): TraceEvent {
    const o = this.obj(v, where);
    if (o.phase === 'update') {
      const param = this.knownParam(o.param, `${where}.param`);
      const of = (x: unknown, at: string) => this.paramTensor(x, at, param);
      return {
        phase: 'update', param: param.name, before: of(o.before, `${where}.before`), after: of(o.after, `${where}.after`), grad: of(o.grad, `${where}.grad`),
        state: this.record(o.state, `${where}.state`, (x, _k, at) => this.tensor(x, at)),
      };
    }
    if (typeof o.phase !== 'string' || !OP_PHASES.has(o.phase)) this.bad(`${where}.phase`, `is ${describeValue(o.phase)}, not forward, loss, backward or update`);
    const module = this.str(o.module, `${where}.module`);
    if (!this.context.modules.has(module)) this.bad(`${where}.module`, `names module "${module}", which the index's modules do not list`);
    const tensors = (x: unknown, at: string) => this.arr(x, at).map((t, i) => this.tensor(t, `${at}[${i}]`));
    const op = {
      phase: o.phase as 'forward' | 'loss' | 'backward', op: this.str(o.op, `${where}.op`), module,
      inputs: tensors(o.inputs, `${where}.inputs`), outputs: tensors(o.outputs, `${where}.outputs`),
    };
    if (o.paramGrads === undefined) return op;
    const paramGrads = this.record(o.paramGrads, `${where}.paramGrads`, (x, k, at) => this.paramTensor(x, at, this.knownParam(k, at)));
    return { ...op, paramGrads };
  }

  private knownParam(v: unknown, where: string): Param {
    const name = this.str(v, where);
    const param = this.context.params.get(name);
    if (!param) return this.bad(where, `names parameter "${name}", which the index's params do not list`);
    return param;
  }

  private paramTensor(v: unknown, where: string, param: Param): TraceTensor {
    const t = this.tensor(v, where);
    if (!sameShape(t.shape, param.shape)) this.bad(`${where} ("${t.id}")`, `has shape [${t.shape.join(', ')}] but parameter "${param.name}" is [${param.shape.join(', ')}]`);
    return t;
  }

  private tensor(v: unknown, where: string): TraceTensor {
    const o = this.obj(v, where);
    const id = typeof o.id === 'string' && o.id.length <= LIMITS.traceNameChars.max ? o.id : this.str(o.id, `${where}.id`);
    const at = `${where} ("${id}")`;
    const { shape, elements } = this.shape(o.shape, `${at}.shape`);
    const dtype = typeof o.dtype === 'string' && Object.hasOwn(TRACE_DTYPE_BYTES, o.dtype) ? (o.dtype as TraceDType) : this.dtype(o.dtype, `${at}.dtype`);
    const stats = this.stats(o.stats, `${at}.stats`, elements);
    // One object shape per kind of tensor (with and without values) keeps the readers of tensors fast.
    const tensor: TraceTensor = o.chunk === undefined ? { id, shape, dtype, stats } : { id, shape, dtype, stats, chunk: this.chunk(o.chunk, `${at}.chunk`) };
    const first = this.tensors.get(id);
    if (first) {
      if (!sameTensor(first, tensor)) this.bad(at, `declares id "${id}" again, differently from ${this.context.where.get(first)?.entry}`);
      return first;
    }
    this.tensors.set(id, tensor);
    this.context.where.set(tensor, { file: this.file, entry: at });
    if (tensor.chunk !== undefined && !this.chunks.has(tensor.chunk)) this.chunks.set(tensor.chunk, at);
    return tensor;
  }

  private stats(v: unknown, where: string, elements: number): TraceStats {
    const o = this.obj(v, where);
    const nan = isCount(o.nan) ? o.nan : this.count(o.nan, `${where}.nan`);
    const inf = isCount(o.inf) ? o.inf : this.count(o.inf, `${where}.inf`);
    if (nan + inf > elements) this.bad(where, `counts ${nan} NaN and ${inf} Inf in a tensor of ${elements} elements`);
    const { min, max, mean, std, norm } = o;
    const stats = { min: this.orNull(min, where, 'min'), max: this.orNull(max, where, 'max'), mean: this.orNull(mean, where, 'mean'), std: this.orNull(std, where, 'std'), norm: this.orNull(norm, where, 'norm'), nan, inf };
    if (o.histogram === undefined) return stats;
    const h = this.obj(o.histogram, `${where}.histogram`);
    const counts = this.arr(h.counts, `${where}.histogram.counts`);
    if (counts.length > LIMITS.traceBins.max) this.bad(`${where}.histogram.counts`, overLimit(LIMITS.traceBins, `it has ${counts.length} bins`));
    for (let i = 0; i < counts.length; i++) if (!isCount(counts[i])) this.count(counts[i], `${where}.histogram.counts[${i}]`);
    // Every bin checked: the parsed list is the histogram.
    return { ...stats, histogram: { counts: counts as number[] } };
  }

  private orNull(x: unknown, where: string, key: string): number | null {
    return x === null || isNumber(x) ? x : this.num(x, `${where}.${key}`);
  }
}

function sameTensor(a: TraceTensor, b: TraceTensor): boolean {
  const [p, q] = [a.stats, b.stats];
  const sameCounts = (x: readonly number[] = [], y: readonly number[] = []) => x.length === y.length && x.every((c, i) => c === y[i]);
  return a.dtype === b.dtype && a.chunk === b.chunk && sameShape(a.shape, b.shape)
    && p.min === q.min && p.max === q.max && p.mean === q.mean && p.std === q.std && p.norm === q.norm && p.nan === q.nan && p.inf === q.inf
    && (p.histogram === undefined) === (q.histogram === undefined) && sameCounts(p.histogram?.counts, q.histogram?.counts);
}
