import { fail } from '../errors';

/**
 * Reading hyperparameters from plain option objects (as a model file writes them, e.g.
 * `{ kind: 'cosine', T_max: 20, eta_min: 0.001 }`): every option is a number with a range, a default
 * or none (required), and a meaning shown next to its value. Errors name the option and its owner.
 */
export interface NumberRule {
  /** What the option means, for display and error messages. */
  readonly meaning: string;
  /** Missing means the option is required. */
  readonly default?: number;
  readonly min?: number;
  readonly max?: number;
  /** The bound itself is not allowed (e.g. lr > 0). */
  readonly minExclusive?: boolean;
  readonly maxExclusive?: boolean;
  readonly integer?: boolean;
}

export type OptionSpec = Readonly<Record<string, NumberRule>>;
export type OptionValues<S extends OptionSpec> = { readonly [K in keyof S]: number };

/** A setting as the Inspector lists it: a number, or a flag (a recorded PyTorch optimizer's `nesterov`). */
export interface SettingDescription {
  readonly name: string;
  readonly value: number | boolean;
  readonly meaning: string;
}

/** One hyperparameter as the Inspector lists it: a number. */
export interface ParamDescription extends SettingDescription {
  readonly value: number;
}

/**
 * Validates `options` against `spec`; `owner` reads like `optimizer "adam"` or `schedule "cosine"`.
 * Keys in `ignore` (the `kind` discriminant) are skipped; any other unknown key is an error, so a
 * typo in a model file (`Tmax`) does not silently fall back to a default.
 */
export function readOptions<S extends OptionSpec>(
  owner: string,
  options: Readonly<Record<string, unknown>>,
  spec: S,
  ignore: readonly string[] = ['kind'],
): OptionValues<S> {
  if (options === null || typeof options !== 'object') fail('E_ATTR', `${owner}: options must be an object`);
  for (const key of Object.keys(options)) {
    if (!(key in spec) && !ignore.includes(key)) {
      fail('E_ATTR', `${owner}: unknown option "${key}"; expected ${listOf(Object.keys(spec))}`);
    }
  }
  const out: Record<string, number> = {};
  for (const [key, rule] of Object.entries(spec)) out[key] = readOne(owner, key, options[key], rule);
  return out as OptionValues<S>;
}

function readOne(owner: string, key: string, value: unknown, rule: NumberRule): number {
  if (value === undefined) {
    if (rule.default === undefined) fail('E_ATTR', `${owner}: option "${key}" (${rule.meaning}) is required`);
    return rule.default;
  }
  if (typeof value !== 'number' || !Number.isFinite(value) || !inRange(value, rule)) {
    fail('E_ATTR', `${owner}: option "${key}" (${rule.meaning}) must be ${rangeText(rule)}, got ${shown(value)}`);
  }
  return value;
}

function inRange(v: number, r: NumberRule): boolean {
  if (r.integer && !Number.isInteger(v)) return false;
  if (r.min !== undefined && (r.minExclusive ? v <= r.min : v < r.min)) return false;
  if (r.max !== undefined && (r.maxExclusive ? v >= r.max : v > r.max)) return false;
  return true;
}

/** `a number in [0, 1)`, `an integer ≥ 1`, `a number > 0`. */
export function rangeText(r: NumberRule): string {
  const what = r.integer ? 'an integer' : 'a number';
  if (r.min !== undefined && r.max !== undefined) {
    return `${what} in ${r.minExclusive ? '(' : '['}${r.min}, ${r.max}${r.maxExclusive ? ')' : ']'}`;
  }
  if (r.min !== undefined) return `${what} ${r.minExclusive ? '>' : '≥'} ${r.min}`;
  if (r.max !== undefined) return `${what} ${r.maxExclusive ? '<' : '≤'} ${r.max}`;
  return `a finite ${r.integer ? 'integer' : 'number'}`;
}

/** The values with their meanings, in the spec's order. */
export function describeOptions<S extends OptionSpec>(spec: S, values: OptionValues<S>): ParamDescription[] {
  return Object.entries(spec).map(([name, rule]) => ({ name, value: values[name], meaning: rule.meaning }));
}

/** NaN and Infinity as themselves (JSON would write null), strings quoted. */
function shown(value: unknown): string {
  return typeof value === 'number' ? String(value) : (JSON.stringify(value) ?? String(value));
}

function listOf(keys: readonly string[]): string {
  return keys.map((k) => `"${k}"`).join(', ');
}
