import { EXCEPTION_FILTERS, labelWithThreshold } from '../model/catalog/exceptionFilters';
import { parseModel } from '../model/parse';
import type { DebugSpec } from '../model/spec';
import type { ExceptionFilterOffer, ExceptionFilterSetting, LaunchOverrides } from '../protocol/session';
import { filtersFromFile } from './exceptions';

/**
 * How a session starts: the launch configuration's overrides, else the model file's `debug:`
 * section, else the defaults of the table (engine/model/catalog/exceptionFilters.ts). The session
 * starts with these, and a debugger UI offers the same filters before the session exists, so what
 * the Breakpoints view shows ticked is what the session checks.
 */
export interface Startup {
  readonly stopOnEntry: boolean;
  readonly filters: readonly ExceptionFilterSetting[];
}

/** `debug` is null when the file has none that could be read: the table's defaults then. */
export function startupOf(debug: DebugSpec | null, launch: LaunchOverrides = {}): Startup {
  const fromTable = EXCEPTION_FILTERS.filter((f) => f.on).map((f) => ({ filter: f.filter }));
  const filters = launch.exceptionFilters ?? (debug ? filtersFromFile(debug.breakOn) : fromTable);
  // The session cannot go past a failing op: op_error is always on.
  const opError = filters.some((f) => f.filter === 'op_error') ? [] : [{ filter: 'op_error' as const }];
  return { stopOnEntry: launch.stopOnEntry ?? debug?.stopOnEntry ?? true, filters: [...filters, ...opError] };
}

/** Where a model file's start-up filters come from, for the offers' descriptions. */
export interface StartupSource {
  /** The model file's path or URI. */
  readonly file: string;
  readonly text: string;
  readonly launch?: LaunchOverrides;
}

/**
 * The exception filters for a debugger UI to offer before the session starts: every filter of the
 * table, on as the start-up decides, the threshold an empty condition means in its label. A filter
 * that a file or launch configuration switches on says so in its description: VS Code keeps the
 * ticks of an offer it has seen before (same label and description), so "on in this file" must be
 * an offer of its own. Without a source (nothing known before launch), the table's defaults.
 */
export function exceptionFilterOffers(source: StartupSource | null): ExceptionFilterOffer[] {
  const debug = source ? (parseModel(source.text).spec?.debug ?? null) : null;
  const startup = startupOf(debug, source?.launch);
  const on = new Map(startup.filters.map((s) => [s.filter, s]));
  const origin = source?.launch?.exceptionFilters ? 'the launch configuration (breakOn)' : source ? `${baseName(source.file)} (debug.break_on)` : null;
  return EXCEPTION_FILTERS.map((def) => {
    const setting = on.get(def.filter);
    const threshold = def.threshold ? (setting?.threshold ?? def.threshold.default) : undefined;
    const description = setting && origin && def.inFile ? `On in ${origin}. ${def.description}` : def.description;
    return {
      filter: def.filter,
      label: labelWithThreshold(def, threshold),
      description,
      on: setting !== undefined,
      ...(def.threshold ? { threshold, conditionDescription: def.threshold.conditionDescription } : {}),
    };
  });
}

function baseName(file: string): string {
  return file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
}
