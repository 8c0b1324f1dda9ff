import { count } from './budget';

/**
 * Bounds on the text of a model file, checked before the YAML parser builds anything (`prescan.ts`)
 * and again while the tree is read (`source.ts`), so a runaway or hostile file costs one linear
 * scan and ends in one located E_BUDGET error that names the limit. Sizes of the model itself
 * (parameters, tensor elements, steps) are the budget of `budget.ts`.
 */
export interface Limit {
  /** The key the error message names. */
  readonly name: string;
  readonly max: number;
  /** What is counted, after a number: "characters in a model file". */
  readonly unit: string;
}

export const LIMITS = {
  /** A sample is a few kilobytes; a megabyte holds some 200,000 inline numbers. */
  fileChars: { name: 'fileChars', max: 1_000_000, unit: 'characters in a model file' },
  /** A model file nests about 6 deep; the parser recurses once per level. */
  depth: { name: 'depth', max: 64, unit: 'levels of nesting' },
  /** Keys, list items and scalars, counted once per alias that repeats them; the parser takes 20–50 µs for each. */
  nodes: { name: 'nodes', max: 20_000, unit: 'values (keys, list items, numbers) once aliases are expanded' },
  /** `*name` references to anchors; each one can repeat a whole subtree. */
  aliases: { name: 'aliases', max: 100, unit: 'aliases (`*name`)' },
} as const satisfies Record<string, Limit>;

/** `the file nests deeper than 64 levels; the limit (depth) is 64 levels of nesting` */
export function overLimit(limit: Limit, what: string): string {
  return `${what}; the limit \`${limit.name}\` is ${count(limit.max)} ${limit.unit}`;
}
