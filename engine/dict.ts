/**
 * Records keyed by what a user wrote — keys of a model file, layer and data-field names, names typed
 * in an expression. A plain object literal answers `constructor`, `toString` or `__proto__` from
 * Object.prototype, and assigning `__proto__` replaces its prototype; a record without a prototype
 * holds those words like any other key. Tables written as literals (the catalogue) are read with
 * `own`, which sees only their own keys.
 */
export function dict<V>(entries: Iterable<readonly [string, V]> = []): Record<string, V> {
  const out = Object.create(null) as Record<string, V>;
  for (const [k, v] of entries) out[k] = v;
  return out;
}

/** The value a table holds under `key` itself, never one inherited from Object.prototype. */
export function own<V>(table: Readonly<Record<string, V>>, key: string): V | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
