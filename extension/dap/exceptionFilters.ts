import type { DebugProtocol } from '@vscode/debugprotocol';
import type { BreakOn } from '../../engine/model/spec';
import type { ExceptionFilter, ExceptionFilterSetting } from '../../engine/protocol';

/**
 * The exception-style breakpoints, as VS Code's Breakpoints view lists them. A threshold is written as
 * the filter's condition (`100`, `> 100` or `1e-6`); the model file's `debug.break_on` switches them on
 * at the start of a session, and what the user ticks in the view is added to it.
 */
interface FilterDef {
  readonly filter: ExceptionFilter;
  readonly label: string;
  readonly description: string;
  readonly default: boolean;
  readonly threshold?: { readonly description: string; readonly max?: number };
}

export const EXCEPTION_FILTERS: readonly FilterDef[] = [
  { filter: 'nan_inf', label: 'NaN or Inf', description: 'Stop when a forward value or a gradient becomes NaN or ±Inf.', default: true },
  {
    filter: 'exploding',
    label: 'Exploding gradients',
    description: "Stop when a layer's gradient norm exceeds the threshold (the condition; 1000 when empty).",
    default: false,
    threshold: { description: 'gradient-norm threshold, e.g. 100' },
  },
  {
    filter: 'vanishing',
    label: 'Vanishing gradients',
    description: "Stop when a layer's gradient norm falls below the threshold (the condition; 1e-7 when empty).",
    default: false,
    threshold: { description: 'gradient-norm threshold, e.g. 1e-6' },
  },
  {
    filter: 'dead_relu',
    label: 'Dead ReLUs',
    description: "Stop when at least this fraction of a ReLU layer's units output 0 for the whole batch (the condition; 0.9 when empty).",
    default: false,
    threshold: { description: 'fraction of dead units, e.g. 0.9', max: 1 },
  },
  { filter: 'op_error', label: 'Op errors', description: 'Stop at an op that fails (wrong shapes, a bad value) instead of ending the session.', default: true },
];

const byId = new Map(EXCEPTION_FILTERS.map((f) => [f.filter as string, f]));

export function capabilityFilters(): DebugProtocol.ExceptionBreakpointsFilter[] {
  return EXCEPTION_FILTERS.map((f) => ({
    filter: f.filter,
    label: f.label,
    description: f.description,
    default: f.default,
    supportsCondition: f.threshold !== undefined,
    conditionDescription: f.threshold?.description,
  }));
}

/** A threshold as written in a condition: a positive number, optionally after `>`, `>=`, `<` or `<=`. */
export function parseThreshold(filter: ExceptionFilter, condition: string): number | string {
  const def = byId.get(filter);
  const text = condition.trim().replace(/^(>=|<=|>|<)\s*/, '');
  const value = Number(text);
  if (text === '' || !Number.isFinite(value) || value <= 0) return `the threshold of "${def?.label ?? filter}" must be a positive number, got "${condition}"`;
  if (def?.threshold?.max !== undefined && value > def.threshold.max) return `the threshold of "${def.label}" is a fraction in (0, ${def.threshold.max}], got ${value}`;
  return value;
}

export interface FilterRequest {
  readonly settings: ExceptionFilterSetting[];
  /** One entry per requested filter, in order (DAP's answer to setExceptionBreakpoints). */
  readonly results: DebugProtocol.Breakpoint[];
}

/** Reads `filters` and `filterOptions` of a setExceptionBreakpoints request; bad ones are unverified. */
export function readFilterRequest(args: DebugProtocol.SetExceptionBreakpointsArguments): FilterRequest {
  const requested: { id: string; condition?: string }[] = [...(args.filters ?? []).map((id) => ({ id })), ...(args.filterOptions ?? []).map((o) => ({ id: o.filterId, condition: o.condition }))];
  const settings: ExceptionFilterSetting[] = [];
  const results: DebugProtocol.Breakpoint[] = [];
  for (const { id, condition } of requested) {
    const def = byId.get(id);
    if (!def) {
      results.push({ verified: false, message: `unknown exception filter "${id}"; Backstep has ${EXCEPTION_FILTERS.map((f) => f.filter).join(', ')}` });
      continue;
    }
    if (condition === undefined || condition.trim() === '' || !def.threshold) {
      settings.push({ filter: def.filter });
      results.push({ verified: true });
      continue;
    }
    const threshold = parseThreshold(def.filter, condition);
    if (typeof threshold === 'string') results.push({ verified: false, message: threshold });
    else {
      settings.push({ filter: def.filter, threshold });
      results.push({ verified: true });
    }
  }
  return { settings: dedupe(settings), results };
}

/** The model file's `debug.break_on` as filter settings. */
export function fromBreakOn(b: BreakOn): ExceptionFilterSetting[] {
  const out: ExceptionFilterSetting[] = [];
  if (b.nan_inf) out.push({ filter: 'nan_inf' });
  for (const filter of ['exploding', 'vanishing', 'dead_relu'] as const) {
    const v = b[filter];
    if (v !== false) out.push({ filter, threshold: v });
  }
  return out;
}

/** Launch option `breakOn: { nan_inf: true, exploding: 100, … }`, checked; a string says what is wrong. */
export function readBreakOn(value: unknown): ExceptionFilterSetting[] | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return '`breakOn` is an object such as { "nan_inf": true, "exploding": 100 }';
  const out: ExceptionFilterSetting[] = [];
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    const def = byId.get(key);
    if (!def) return `\`breakOn\` has no filter "${key}"; it takes ${EXCEPTION_FILTERS.map((f) => f.filter).join(', ')}`;
    if (v === false) continue;
    if (v === true) out.push({ filter: def.filter });
    else if (typeof v === 'number' && def.threshold) {
      const threshold = parseThreshold(def.filter, String(v));
      if (typeof threshold === 'string') return `\`breakOn.${key}\`: ${threshold}`;
      out.push({ filter: def.filter, threshold });
    } else return `\`breakOn.${key}\` is ${def.threshold ? 'true, false or a threshold number' : 'true or false'}, got ${JSON.stringify(v)}`;
  }
  return out;
}

/** The file's filters plus the ones ticked in the UI; a threshold written in the UI wins. */
export function unionFilters(base: readonly ExceptionFilterSetting[], ui: readonly ExceptionFilterSetting[]): ExceptionFilterSetting[] {
  const merged = new Map(base.map((s) => [s.filter, s]));
  for (const s of ui) merged.set(s.filter, s.threshold === undefined && merged.has(s.filter) ? merged.get(s.filter)! : s);
  return [...merged.values()];
}

function dedupe(settings: readonly ExceptionFilterSetting[]): ExceptionFilterSetting[] {
  return unionFilters([], settings);
}
