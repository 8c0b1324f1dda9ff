import { describe, JsonChecker, type Json } from './checkJson';
import { TRACE_FORMAT, TRACE_INLINE_VERSION, TRACE_VERSION, type TraceIndex, type TraceModule } from './format';

type Param = TraceIndex['params'][number];
/** A version-1 index's steps found in its text (./inlineSteps.ts): each one's number and its JSON text. */
type Inline = readonly { readonly step: number; readonly text: () => string }[];

/**
 * Where a step's entries are: in the index itself (version 1; parsed with it, or a span of its text
 * parsed when reached), or in a file of its own inside `<index>.chunks/` (version 2).
 */
export type StepSource = { readonly raw: unknown } | { readonly text: () => string } | { readonly file: string };

/** The index's header, checked, and its list of steps (their entries are checked when reached: ./checkStep.ts). */
export interface CheckedHeader {
  readonly header: Omit<TraceIndex, 'steps'>;
  readonly steps: readonly { readonly step: number; readonly source: StepSource }[];
  readonly params: ReadonlyMap<string, Param>;
  readonly modules: ReadonlySet<string>;
}

/**
 * Checks the index's header (format, version, rank, modules, params, optimizer) and its list of
 * steps (their numbers in order, where each one's entries are) — what the first stop needs, and
 * nothing that grows with the steps' sizes.
 */
export function checkIndex(raw: unknown, file: string, inline?: Inline): CheckedHeader {
  return new IndexChecker(file).index(raw, inline);
}

class IndexChecker extends JsonChecker {
  private readonly params = new Map<string, Param>();
  private readonly modules = new Set<string>(['']);

  /** `inline`: a version-1 index's steps found in its text (./inlineSteps.ts), its `steps` then empty. */
  index(raw: unknown, inline?: Inline): CheckedHeader {
    const o = this.obj(raw, '');
    if (o.format !== TRACE_FORMAT) this.bad('format', `is ${JSON.stringify(o.format)}, not "${TRACE_FORMAT}": not a Backstep recording`);
    if (o.version !== TRACE_VERSION && o.version !== TRACE_INLINE_VERSION) this.bad('version', `is ${JSON.stringify(o.version)}; this Backstep reads versions ${TRACE_INLINE_VERSION} and ${TRACE_VERSION}`);
    const worldSize = this.count(o.worldSize, 'worldSize');
    const rank = this.count(o.rank, 'rank');
    if (rank >= Math.max(worldSize, 1)) this.bad('rank', `is ${rank}, not below worldSize ${worldSize}`);
    const modules = this.arr(o.modules, 'modules').map((m, i) => this.module(m, `modules[${i}]`));
    const params = this.arr(o.params, 'params').map((p, i) => this.param(p, `params[${i}]`));
    const header: CheckedHeader['header'] = {
      format: TRACE_FORMAT, version: o.version as TraceIndex['version'], torch: this.str(o.torch, 'torch'), rank, worldSize,
      device: this.str(o.device, 'device'), modules, params, optimizer: this.optimizer(o.optimizer, 'optimizer'),
    };
    return { header, steps: this.steps(o, inline), params: this.params, modules: this.modules };
  }

  /** Each step's number, after the previous one's, and where its entries are. */
  private steps(o: Json, inline: Inline | undefined): CheckedHeader['steps'] {
    const listed: CheckedHeader['steps'] = o.version === TRACE_INLINE_VERSION && inline
      ? inline.map((s) => ({ step: s.step, source: { text: s.text } }))
      : this.arr(o.steps, 'steps').map((s, i) => {
          const entry = this.obj(s, `steps[${i}]`);
          const step = this.whole(entry.step, `steps[${i}].step`);
          return { step, source: o.version === TRACE_VERSION ? { file: this.chunk(entry.file, `steps[${i}].file`) } : { raw: entry } };
        });
    listed.forEach((s, i) => {
      if (i > 0 && s.step <= listed[i - 1].step) this.bad(`steps[${i}].step`, `is ${s.step}, not after the previous step ${listed[i - 1].step}`);
    });
    return listed;
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
    const type = this.str(o.type, `${where}.type`);
    const hyper = this.record(o.hyper, `${where}.hyper`, (x, _k, at) => this.num(x, at));
    if (o.flags === undefined) return { type, hyper };
    return { type, hyper, flags: this.record(o.flags, `${where}.flags`, (x, _k, at) => (typeof x === 'boolean' ? x : this.bad(at, `is ${describe(x)}, not true or false`))) };
  }
}
