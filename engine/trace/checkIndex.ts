import { dict } from '../dict';
import { LIMITS, overLimit } from '../limits';
import { sameShape } from '../tensor/shape';
import { TRACE_FORMAT, TRACE_VERSION, type TraceDType, type TraceEvent, type TraceIndex, type TraceModule, type TraceStats, type TraceStep, type TraceTensor } from './format';
import { TraceError } from './traceError';

/** Bytes per element of each dtype a recording stores. */
export const TRACE_DTYPE_BYTES: Readonly<Record<TraceDType, number>> = { F64: 8, F32: 4, F16: 2, BF16: 2, I64: 8, I32: 4, I16: 2, I8: 1, U8: 1, BOOL: 1 };

/** The index, checked, with where each tensor first appears and the first entry naming each chunk. */
export interface CheckedIndex {
  readonly index: TraceIndex;
  readonly where: ReadonlyMap<TraceTensor, string>;
  readonly chunks: ReadonlyMap<string, string>;
}

type Json = Record<string, unknown>;
type Param = TraceIndex['params'][number];

/** A chunk is a plain file name inside `<index>.chunks/`: no separators, no leading dot (so never `..`). */
const CHUNK_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,254}$/;
const OP_PHASES = new Set(['forward', 'loss', 'backward']);

/**
 * Checks every field of a parsed index (types, shapes, references between entries, ids declared
 * twice) and returns it rebuilt from the checked fields; records keyed by names are
 * null-prototype. A tensor id met again (an op's output that is a later op's input) must repeat
 * its first declaration, and is the same object.
 */
export function checkIndex(raw: unknown, file: string): CheckedIndex {
  return new IndexChecker(file).index(raw);
}

class IndexChecker {
  private readonly tensors = new Map<string, TraceTensor>();
  private readonly where = new Map<TraceTensor, string>();
  private readonly chunks = new Map<string, string>();
  private readonly params = new Map<string, Param>();
  private readonly modules = new Set<string>(['']);

  constructor(private readonly file: string) {}

  index(raw: unknown): CheckedIndex {
    const o = this.obj(raw, '');
    if (o.format !== TRACE_FORMAT) this.bad('format', `is ${JSON.stringify(o.format)}, not "${TRACE_FORMAT}": not a Backstep recording`);
    if (o.version !== TRACE_VERSION) this.bad('version', `is ${JSON.stringify(o.version)}; this Backstep reads version ${TRACE_VERSION}`);
    const worldSize = this.count(o.worldSize, 'worldSize');
    const rank = this.count(o.rank, 'rank');
    if (rank >= Math.max(worldSize, 1)) this.bad('rank', `is ${rank}, not below worldSize ${worldSize}`);
    const modules = this.arr(o.modules, 'modules').map((m, i) => this.module(m, `modules[${i}]`));
    const params = this.arr(o.params, 'params').map((p, i) => this.param(p, `params[${i}]`));
    let last = -Infinity;
    const steps = this.arr(o.steps, 'steps').map((s, i) => {
      const step = this.step(s, `steps[${i}]`);
      if (step.step <= last) this.bad(`steps[${i}].step`, `is ${step.step}, not after the previous step ${last}`);
      last = step.step;
      return step;
    });
    const index: TraceIndex = {
      format: TRACE_FORMAT, version: TRACE_VERSION, torch: this.str(o.torch, 'torch'), rank, worldSize,
      device: this.str(o.device, 'device'), modules, params, optimizer: this.optimizer(o.optimizer, 'optimizer'), steps,
    };
    return { index, where: this.where, chunks: this.chunks };
  }

  private bad(where: string, problem: string): never {
    throw new TraceError(this.file, where, problem);
  }

  private obj(v: unknown, where: string): Json {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return this.bad(where, `is ${describe(v)}, not an object`);
    return v as Json;
  }

  private arr(v: unknown, where: string): unknown[] {
    if (!Array.isArray(v)) return this.bad(where, `is ${describe(v)}, not a list`);
    return v;
  }

  private str(v: unknown, where: string): string {
    if (typeof v !== 'string') return this.bad(where, `is ${describe(v)}, not a string`);
    if (v.length > LIMITS.traceNameChars.max) this.bad(where, overLimit(LIMITS.traceNameChars, `it has ${v.length} characters`));
    return v;
  }

  private num(v: unknown, where: string): number {
    if (typeof v !== 'number' || !Number.isFinite(v)) return this.bad(where, `is ${describe(v)}, not a number`);
    return v;
  }

  private count(v: unknown, where: string): number {
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) return this.bad(where, `is ${describe(v)}, not a whole number ≥ 0`);
    return v;
  }

  private record<V>(v: unknown, where: string, item: (value: unknown, key: string, where: string) => V): Record<string, V> {
    return dict(Object.entries(this.obj(v, where)).map(([k, x]) => [this.str(k, where), item(x, k, `${where}.${k}`)] as const));
  }

  private module(v: unknown, where: string): TraceModule {
    const o = this.obj(v, where);
    const path = this.str(o.path, `${where}.path`);
    if (path !== '' && this.modules.has(path)) this.bad(`${where}.path`, `module "${path}" is listed twice`);
    this.modules.add(path);
    const module = { path, type: this.str(o.type, `${where}.type`), params: this.arr(o.params, `${where}.params`).map((p, i) => this.str(p, `${where}.params[${i}]`)) };
    if (o.source === undefined) return module;
    const source = this.obj(o.source, `${where}.source`);
    const line = this.count(source.line, `${where}.source.line`);
    if (line < 1) this.bad(`${where}.source.line`, 'is 0, not a line number (they count from 1)');
    return { ...module, source: { file: this.str(source.file, `${where}.source.file`), line } };
  }

  private param(v: unknown, where: string): Param {
    const o = this.obj(v, where);
    const name = this.str(o.name, `${where}.name`);
    if (this.params.has(name)) this.bad(`${where}.name`, `parameter "${name}" is listed twice`);
    const param = { name, shape: this.shape(o.shape, `${where}.shape`).shape, dtype: this.dtype(o.dtype, `${where}.dtype`) };
    this.params.set(name, param);
    return param;
  }

  private optimizer(v: unknown, where: string): TraceIndex['optimizer'] {
    if (v === null) return null;
    const o = this.obj(v, where);
    return { type: this.str(o.type, `${where}.type`), hyper: this.record(o.hyper, `${where}.hyper`, (x, _k, at) => this.num(x, at)) };
  }

  private step(v: unknown, where: string): TraceStep {
    const o = this.obj(v, where);
    if (typeof o.step !== 'number' || !Number.isSafeInteger(o.step)) this.bad(`${where}.step`, `is ${describe(o.step)}, not a whole number`);
    return {
      step: o.step as number,
      loss: this.tensor(o.loss, `${where}.loss`),
      lr: this.num(o.lr, `${where}.lr`),
      events: this.arr(o.events, `${where}.events`).map((e, i) => this.event(e, `${where}.events[${i}]`)),
    };
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
    if (typeof o.phase !== 'string' || !OP_PHASES.has(o.phase)) this.bad(`${where}.phase`, `is ${describe(o.phase)}, not forward, loss, backward or update`);
    const module = this.str(o.module, `${where}.module`);
    if (!this.modules.has(module)) this.bad(`${where}.module`, `names module "${module}", which the index's modules do not list`);
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
    const param = this.params.get(name);
    if (!param) return this.bad(where, `names parameter "${name}", which the index's params do not list`);
    return param;
  }

  private paramTensor(v: unknown, where: string, param: Param): TraceTensor {
    const t = this.tensor(v, where);
    if (!sameShape(t.shape, param.shape)) this.bad(`${where} ("${t.id}")`, `has shape [${t.shape.join(', ')}] but parameter "${param.name}" is [${param.shape.join(', ')}]`);
    return t;
  }

  private dtype(v: unknown, where: string): TraceDType {
    if (typeof v !== 'string' || !Object.hasOwn(TRACE_DTYPE_BYTES, v)) return this.bad(where, `is ${describe(v)}, not one of ${Object.keys(TRACE_DTYPE_BYTES).join(', ')}`);
    return v as TraceDType;
  }

  /** The dims and their product, which stays a safe integer (a huge product is refused, never computed past 2⁵³). */
  private shape(v: unknown, where: string): { shape: number[]; elements: number } {
    const dims = this.arr(v, where);
    if (dims.length > LIMITS.traceRank.max) this.bad(where, overLimit(LIMITS.traceRank, `it has ${dims.length} dimensions`));
    let elements = 1;
    const shape = dims.map((d, i) => {
      const n = this.count(d, `${where}[${i}]`);
      elements *= n;
      if (elements > Number.MAX_SAFE_INTEGER) this.bad(where, `declares more than 2⁵³ elements`);
      return n;
    });
    return { shape, elements };
  }

  private tensor(v: unknown, where: string): TraceTensor {
    const o = this.obj(v, where);
    const id = this.str(o.id, `${where}.id`);
    const at = `${where} ("${id}")`;
    const { shape, elements } = this.shape(o.shape, `${at}.shape`);
    const tensor: TraceTensor = {
      id, shape, dtype: this.dtype(o.dtype, `${at}.dtype`), stats: this.stats(o.stats, `${at}.stats`, elements),
      ...(o.chunk === undefined ? {} : { chunk: this.chunk(o.chunk, `${at}.chunk`) }),
    };
    const first = this.tensors.get(id);
    if (first) {
      if (!sameTensor(first, tensor)) this.bad(at, `declares id "${id}" again, differently from ${this.where.get(first)}`);
      return first;
    }
    this.tensors.set(id, tensor);
    this.where.set(tensor, at);
    if (tensor.chunk !== undefined && !this.chunks.has(tensor.chunk)) this.chunks.set(tensor.chunk, at);
    return tensor;
  }

  private chunk(v: unknown, where: string): string {
    const name = this.str(v, where);
    if (!CHUNK_NAME.test(name)) this.bad(where, `is "${name}", not a file name inside the chunks folder`);
    return name;
  }

  private stats(v: unknown, where: string, elements: number): TraceStats {
    const o = this.obj(v, where);
    const orNull = (x: unknown, k: string) => (x === null ? null : this.num(x, `${where}.${k}`));
    const nan = this.count(o.nan, `${where}.nan`);
    const inf = this.count(o.inf, `${where}.inf`);
    if (nan + inf > elements) this.bad(where, `counts ${nan} NaN and ${inf} Inf in a tensor of ${elements} elements`);
    const stats = { min: orNull(o.min, 'min'), max: orNull(o.max, 'max'), mean: orNull(o.mean, 'mean'), std: orNull(o.std, 'std'), norm: orNull(o.norm, 'norm'), nan, inf };
    if (o.histogram === undefined) return stats;
    const h = this.obj(o.histogram, `${where}.histogram`);
    const counts = this.arr(h.counts, `${where}.histogram.counts`);
    if (counts.length > LIMITS.traceBins.max) this.bad(`${where}.histogram.counts`, overLimit(LIMITS.traceBins, `it has ${counts.length} bins`));
    return { ...stats, histogram: { counts: counts.map((c, i) => this.count(c, `${where}.histogram.counts[${i}]`)) } };
  }
}

function sameTensor(a: TraceTensor, b: TraceTensor): boolean {
  const [p, q] = [a.stats, b.stats];
  const sameCounts = (x: readonly number[] = [], y: readonly number[] = []) => x.length === y.length && x.every((c, i) => c === y[i]);
  return a.dtype === b.dtype && a.chunk === b.chunk && sameShape(a.shape, b.shape)
    && p.min === q.min && p.max === q.max && p.mean === q.mean && p.std === q.std && p.norm === q.norm && p.nan === q.nan && p.inf === q.inf
    && (p.histogram === undefined) === (q.histogram === undefined) && sameCounts(p.histogram?.counts, q.histogram?.counts);
}

function describe(v: unknown): string {
  if (v === undefined) return 'missing';
  if (Array.isArray(v)) return 'a list';
  // Never serialised whole: a hostile value may nest deeper than JSON.stringify recurses.
  if (typeof v === 'object' && v !== null) return 'an object';
  const text = JSON.stringify(v);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
