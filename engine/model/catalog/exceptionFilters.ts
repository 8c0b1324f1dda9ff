import type { ExceptionFilter } from '../../protocol/session';
import { formatNumber } from '../../numberText';

/**
 * The exception-style breakpoints: one row each. The model file's `debug.break_on` (catalogue, JSON
 * Schema, hover docs), the Breakpoints view's filters, the launch option `breakOn` and the session's
 * checks all read this table; nothing else states a label, a default or a bound.
 */
export interface ThresholdDef {
  /** The threshold when a filter is on without one (`exploding: true`, an empty condition). */
  readonly default: number;
  /** A threshold lies in (min, max]. */
  readonly min: number;
  readonly max?: number;
  /** The stop condition as the label shows it: `‖∇‖ > 100`. */
  readonly quantity: string;
  readonly comparison: '>' | '<' | '≥';
  /** What the Breakpoints view's condition field takes. */
  readonly conditionDescription: string;
}

export interface ExceptionFilterDef {
  readonly filter: ExceptionFilter;
  readonly label: string;
  readonly description: string;
  /** On when neither the launch configuration nor the model file says otherwise. */
  readonly on: boolean;
  /** A key of the model file's `debug.break_on` (a failing op always stops: op_error is not one). */
  readonly inFile: boolean;
  readonly threshold?: ThresholdDef;
}

export const EXCEPTION_FILTERS: readonly ExceptionFilterDef[] = [
  { filter: 'nan_inf', label: 'NaN or Inf', description: 'Stop when a forward value or a gradient becomes NaN or ±Inf.', on: true, inFile: true },
  {
    filter: 'exploding',
    label: 'Exploding gradients',
    description: "Stop when a layer's gradient norm exceeds the threshold.",
    on: false,
    inFile: true,
    threshold: { default: 100, min: 0, quantity: '‖∇‖', comparison: '>', conditionDescription: 'gradient-norm threshold, e.g. 50 (empty: the one in the label)' },
  },
  {
    filter: 'vanishing',
    label: 'Vanishing gradients',
    description: "Stop when a layer's gradient norm falls below the threshold.",
    on: false,
    inFile: true,
    threshold: { default: 1e-6, min: 0, quantity: '‖∇‖', comparison: '<', conditionDescription: 'gradient-norm threshold, e.g. 1e-5 (empty: the one in the label)' },
  },
  {
    filter: 'dead_relu',
    label: 'Dead ReLUs',
    description: "Stop when at least this fraction of a ReLU layer's units output 0 for the whole batch.",
    on: false,
    inFile: true,
    threshold: { default: 0.9, min: 0, max: 1, quantity: 'dead fraction', comparison: '≥', conditionDescription: 'fraction of dead units in (0, 1], e.g. 0.5 (empty: the one in the label)' },
  },
  { filter: 'op_error', label: 'Op errors', description: 'Stop at an op that fails (wrong shapes, a bad value) instead of ending the session.', on: true, inFile: false },
];

const byId = new Map<string, ExceptionFilterDef>(EXCEPTION_FILTERS.map((f) => [f.filter, f]));

/** The row of a filter id as a user or a client wrote it; undefined for an unknown one. */
export function exceptionFilterDef(id: string): ExceptionFilterDef | undefined {
  return byId.get(id);
}

/** The filters a model file's `debug.break_on` may name, in table order. */
export const FILE_FILTERS = EXCEPTION_FILTERS.filter((f) => f.inFile);

/** The threshold a filter applies when it is on without one. */
export function defaultThreshold(filter: 'exploding' | 'vanishing' | 'dead_relu'): number {
  return byId.get(filter)!.threshold!.default;
}

/** Why `value` cannot be the threshold of `def`, or null when it can. */
export function thresholdProblem(def: ExceptionFilterDef, value: number): string | null {
  const t = def.threshold;
  if (!t) return `"${def.label}" takes no threshold`;
  if (!Number.isFinite(value) || value <= t.min) return `the threshold of "${def.label}" must be a positive number, got ${value}`;
  if (t.max !== undefined && value > t.max) return `the threshold of "${def.label}" is a fraction in (${t.min}, ${t.max}], got ${value}`;
  return null;
}

/** `Exploding gradients: ‖∇‖ > 100`: the label with the threshold an empty condition stands for. */
export function labelWithThreshold(def: ExceptionFilterDef, threshold: number | undefined): string {
  const t = def.threshold;
  return t ? `${def.label}: ${t.quantity} ${t.comparison} ${thresholdText(threshold ?? t.default)}` : def.label;
}

/** A threshold in full (`1e-6`, `0.9`, `100`), with an ASCII minus so that it can be typed back. */
export function thresholdText(x: number): string {
  return formatNumber(x, 12).replace(/−/g, '-');
}

/** The doc of a `debug.break_on` key and of the launch option `breakOn`: `… (true: 100).` */
export function switchDoc(def: ExceptionFilterDef): string {
  return def.threshold ? `${def.description.replace(/\.$/, '')} (true: ${thresholdText(def.threshold.default)}).` : def.description;
}
