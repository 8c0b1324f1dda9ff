import { defaultThreshold, exceptionFilterDef, FILE_FILTERS } from '../model/catalog/exceptionFilters';
import type { BreakOn } from '../model/spec';
import type { ExceptionFilter, ExceptionFilterSetting } from '../protocol/session';
import { countNonFinite, statsOf } from '../tensor/stats';
import type { Tensor } from '../tensor/tensor';
import type { EventResult } from '../train/contract';
import { formatNumber, nonFiniteText } from './format';
import type { StepHealth } from './history';
import type { LayerParams, StepOutline } from './outline';
import { layerGradNorms } from './summary';


export interface ExceptionHit {
  readonly filter: ExceptionFilter;
  /** `NaN produced by memory/t3/gate_f (2 NaN of 8 values)`. */
  readonly message: string;
}

/** The filters a model file asks for in `debug.break_on` (a failing op always stops the session). */
export function filtersFromFile(b: BreakOn): ExceptionFilterSetting[] {
  const out: ExceptionFilterSetting[] = [];
  for (const { filter } of FILE_FILTERS) {
    const v = b[filter as keyof BreakOn];
    if (v === true) out.push({ filter });
    else if (v !== false) out.push({ filter, threshold: v });
  }
  out.push({ filter: 'op_error' });
  return out;
}

/**
 * Exception-style breakpoints, checked after an event has run:
 * - nan_inf: an op whose outputs hold NaN or ±∞ while its inputs are finite (where it was produced,
 *   not every op it flows through); in the backward pass, a node that sends a non-finite gradient
 *   while its incoming gradient is finite; in the update, a parameter that becomes non-finite.
 * - exploding / vanishing: once the backward pass has finished a layer's parameter gradients, their
 *   joint L2 norm is above / below the threshold (before any clipping).
 * - dead_relu: a relu whose units (last axis) are zero for every example in at least the
 *   threshold's fraction of its units.
 * - op_error: an op that throws; the session cannot go past it, so it always stops.
 */
export class ExceptionBreakpoints {
  private settings = new Map<ExceptionFilter, number | undefined>([['op_error', undefined]]);
  private finite = new WeakMap<Tensor, boolean>();

  set(filters: readonly ExceptionFilterSetting[]): ExceptionFilter[] {
    this.settings = new Map(filters.filter((f) => exceptionFilterDef(f.filter)).map((f) => [f.filter, f.threshold]));
    this.settings.set('op_error', undefined);
    return [...this.settings.keys()];
  }

  get active(): ExceptionFilter[] {
    return [...this.settings.keys()];
  }

  private on(f: ExceptionFilter): boolean {
    return this.settings.has(f);
  }

  private threshold(f: 'exploding' | 'vanishing' | 'dead_relu'): number {
    return this.settings.get(f) ?? defaultThreshold(f);
  }

  /** Whether any active filter (op errors aside: a past step ran) may fire in a step with this health. */
  mayFire(h: StepHealth | null): boolean {
    if (!h) return true;
    if (this.on('nan_inf') && !h.finite) return true;
    if (this.on('exploding') && !(h.maxGradNorm <= this.threshold('exploding'))) return true;
    if (this.on('vanishing') && !(h.minGradNorm >= this.threshold('vanishing'))) return true;
    return this.on('dead_relu') && h.deadRelu >= this.threshold('dead_relu');
  }

  check(o: StepOutline, i: number, result: EventResult | null, layers: readonly LayerParams[]): ExceptionHit | null {
    const e = o.events[i];
    if (e.phase === 'forward' || e.phase === 'loss') return this.checkForward(o, i);
    if (e.phase === 'backward') return this.checkBackward(o, i, layers);
    if (e.param && this.on('nan_inf') && result?.kind === 'param') return this.checkParam(e.param, layers);
    return null;
  }

  private checkForward(o: StepOutline, i: number): ExceptionHit | null {
    const node = o.events[i].node!;
    if (this.on('nan_inf') && node.nonFinite > 0 && node.inputs.every((x) => this.isFinite(x))) {
      const size = node.outputs.reduce((s, t) => s + t.size, 0);
      return { filter: 'nan_inf', message: `${kindOf(node.outputs)} produced by ${node.name} (${node.op}): ${nonFiniteCount(node.outputs)} of ${size} values` };
    }
    if (this.on('dead_relu') && node.op === 'relu' && o.events[i].phase === 'forward') {
      const dead = deadFraction(node.outputs[0]);
      const limit = this.threshold('dead_relu');
      if (dead >= limit) return { filter: 'dead_relu', message: `${Math.round(dead * 100)}% of the ReLU units of ${node.name} are dead (zero for every example), at or above ${Math.round(limit * 100)}%` };
    }
    return null;
  }

  private checkBackward(o: StepOutline, i: number, layers: readonly LayerParams[]): ExceptionHit | null {
    const node = o.events[i].node!;
    if (this.on('nan_inf') && node.inputGrads) {
      const sent = node.inputGrads.filter((g): g is Tensor => g !== null);
      const incoming = node.outputs.every((y) => !y.grad || countNonFinite(y.grad) === 0);
      if (incoming && sent.some((g) => countNonFinite(g) > 0)) {
        return { filter: 'nan_inf', message: `${kindOf(sent)} gradient produced by the backward pass of ${node.name} (${node.op}): ${nonFiniteCount(sent)} values` };
      }
    }
    const done = o.gradientsDone.get(i);
    if (!done || !(this.on('exploding') || this.on('vanishing'))) return null;
    const norms = layerGradNorms(layers.filter((l) => done.includes(l.name)));
    for (const [layer, norm] of Object.entries(norms)) {
      if (this.on('exploding') && !(norm <= this.threshold('exploding'))) {
        return { filter: 'exploding', message: `gradient norm of layer ${layer} is ${formatNumber(norm)}, above ${formatNumber(this.threshold('exploding'))}` };
      }
      if (this.on('vanishing') && norm < this.threshold('vanishing')) {
        return { filter: 'vanishing', message: `gradient norm of layer ${layer} is ${formatNumber(norm)}, below ${formatNumber(this.threshold('vanishing'))}` };
      }
    }
    return null;
  }

  private checkParam(name: string, layers: readonly LayerParams[]): ExceptionHit | null {
    const p = layers.flatMap((l) => l.params).find((t) => t.name === name);
    if (!p || countNonFinite(p) === 0) return null;
    return { filter: 'nan_inf', message: `the update made ${name} non-finite: ${nonFiniteCount([p])} of ${p.size} values` };
  }

  /** Inputs of a step are op outputs (their count is on the tape), parameters or data: each scanned once. */
  private isFinite(x: Tensor): boolean {
    let v = this.finite.get(x);
    if (v === undefined) {
      v = countNonFinite(x) === 0;
      this.finite.set(x, v);
    }
    return v;
  }
}

// Counted by statsOf: a recording's statistics-only tensor answers from its recorded counts.
function nonFiniteCount(ts: readonly Tensor[]): string {
  let nan = 0;
  let inf = 0;
  for (const t of ts) {
    const s = statsOf(t);
    nan += s.nanCount;
    inf += s.infCount;
  }
  return nonFiniteText(nan, inf);
}

function kindOf(ts: readonly Tensor[]): string {
  return ts.some((t) => statsOf(t).nanCount > 0) ? 'NaN' : 'Inf';
}

/** Fraction of units (columns of the last axis) that are 0 in every row. */
export function deadFraction(t: Tensor): number {
  const units = t.rank === 0 ? 1 : t.shape[t.rank - 1];
  const rows = t.size / units;
  let dead = 0;
  for (let u = 0; u < units; u++) {
    let alive = false;
    for (let r = 0; r < rows && !alive; r++) alive = t.data[r * units + u] > 0;
    if (!alive) dead++;
  }
  return units ? dead / units : 0;
}
