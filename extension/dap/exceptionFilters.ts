import type { DebugProtocol } from '@vscode/debugprotocol';
import { EXCEPTION_FILTERS, exceptionFilterDef, thresholdProblem } from '../../engine/model/catalog/exceptionFilters';
import type { ExceptionFilterOffer, ExceptionFilterSetting } from '../../engine/protocol';

/** The sentence that ends a thresholded filter's description (the Breakpoints view's hover). */
export const CONDITION_NOTE = 'A condition (Edit Condition…) replaces the threshold in the label.';

/**
 * The exception filters in DAP's words. What they are, their labels and defaults come from the
 * engine's table; what is on at start from the engine's offers (engine/session/startup.ts). A
 * threshold is written as the filter's condition (`100`, `> 100` or `1e-6`); an empty condition
 * means the threshold the label shows.
 */
export function dapFilters(offers: readonly ExceptionFilterOffer[]): DebugProtocol.ExceptionBreakpointsFilter[] {
  return offers.map((o) => ({
    filter: o.filter,
    label: o.label,
    // VS Code draws a condition after the label, which still shows the offered threshold: the hover says which one holds.
    description: o.threshold === undefined ? o.description : `${o.description} ${CONDITION_NOTE}`,
    default: o.on,
    supportsCondition: o.threshold !== undefined,
    ...(o.conditionDescription ? { conditionDescription: o.conditionDescription } : {}),
  }));
}

/** A threshold as written in a condition: a number, optionally after `>`, `>=`, `<` or `<=`, within the table's bounds. */
export function parseThreshold(filter: string, condition: string): number | string {
  const def = exceptionFilterDef(filter);
  if (!def) return `unknown exception filter "${filter}"`;
  const text = condition.trim().replace(/^(>=|<=|>|<)\s*/, '');
  const value = text === '' ? NaN : Number(text);
  if (Number.isNaN(value)) return `the threshold of "${def.label}" must be a positive number, got "${condition}"`;
  return thresholdProblem(def, value) ?? value;
}

export interface FilterRequest {
  readonly settings: ExceptionFilterSetting[];
  /** One entry per requested filter, in order (DAP's answer to setExceptionBreakpoints). */
  readonly results: DebugProtocol.Breakpoint[];
}

/**
 * Reads `filters` and `filterOptions` of a setExceptionBreakpoints request against the filters that
 * were offered: an empty condition is the offer's threshold; bad ones are unverified.
 */
export function readFilterRequest(args: DebugProtocol.SetExceptionBreakpointsArguments, offers: readonly ExceptionFilterOffer[]): FilterRequest {
  const offered = new Map<string, ExceptionFilterOffer>(offers.map((o) => [o.filter, o]));
  const requested: { id: string; condition?: string }[] = [...(args.filters ?? []).map((id) => ({ id })), ...(args.filterOptions ?? []).map((o) => ({ id: o.filterId, condition: o.condition }))];
  const settings = new Map<string, ExceptionFilterSetting>();
  const results: DebugProtocol.Breakpoint[] = [];
  for (const { id, condition } of requested) {
    const offer = offered.get(id);
    if (!offer) {
      results.push({ verified: false, message: `unknown exception filter "${id}"; Backstep has ${offers.map((o) => o.filter).join(', ')}` });
      continue;
    }
    const threshold = offer.threshold === undefined ? undefined : condition?.trim() ? parseThreshold(id, condition) : offer.threshold;
    if (typeof threshold === 'string') {
      results.push({ verified: false, message: threshold });
      continue;
    }
    settings.set(id, threshold === undefined ? { filter: offer.filter } : { filter: offer.filter, threshold });
    results.push({ verified: true });
  }
  return { settings: [...settings.values()], results };
}

/** Launch option `breakOn: { nan_inf: true, exploding: 100, … }`, checked; a string says what is wrong. */
export function readBreakOn(value: unknown): ExceptionFilterSetting[] | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return '`breakOn` is an object such as { "nan_inf": true, "exploding": 100 }';
  const out: ExceptionFilterSetting[] = [];
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    const def = exceptionFilterDef(key);
    if (!def) return `\`breakOn\` has no filter "${key}"; it takes ${EXCEPTION_FILTERS.map((f) => f.filter).join(', ')}`;
    if (v === false) continue;
    if (v === true) out.push({ filter: def.filter });
    else if (typeof v === 'number' && def.threshold) {
      const problem = thresholdProblem(def, v);
      if (problem) return `\`breakOn.${key}\`: ${problem}`;
      out.push({ filter: def.filter, threshold: v });
    } else return `\`breakOn.${key}\` is ${def.threshold ? 'true, false or a threshold number' : 'true or false'}, got ${JSON.stringify(v)}`;
  }
  return out;
}
