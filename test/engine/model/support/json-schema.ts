/**
 * A small validator for the part of JSON Schema (draft-07) that schemas/nn.schema.json uses, so tests
 * can check that the schema accepts what the parser accepts. Returns the paths that fail.
 */
type Schema = Record<string, unknown>;

export function validateJson(root: Schema, value: unknown): string[] {
  const errors: string[] = [];
  check(root, root, value, '$', errors);
  return errors;
}

function check(root: Schema, schema: Schema, v: unknown, path: string, errors: string[]): void {
  if (typeof schema.$ref === 'string') return check(root, resolve(root, schema.$ref), v, path, errors);
  if (schema.type !== undefined && !hasType(v, schema.type as string)) return void errors.push(`${path}: not ${String(schema.type)}`);
  if (Array.isArray(schema.enum) && !schema.enum.includes(v)) return void errors.push(`${path}: ${JSON.stringify(v)} not in enum`);
  if (schema.anyOf && !(schema.anyOf as Schema[]).some((s) => ok(root, s, v))) return void errors.push(`${path}: matches no anyOf branch`);
  if (schema.oneOf && (schema.oneOf as Schema[]).filter((s) => ok(root, s, v)).length !== 1) return void errors.push(`${path}: matches not exactly one oneOf branch`);
  if (typeof v === 'number') numberChecks(schema, v, path, errors);
  if (typeof v === 'string' && typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(v)) errors.push(`${path}: does not match ${schema.pattern}`);
  if (typeof v === 'string' && typeof schema.minLength === 'number' && v.length < schema.minLength) errors.push(`${path}: too short`);
  if (Array.isArray(v)) arrayChecks(root, schema, v, path, errors);
  else if (v !== null && typeof v === 'object') objectChecks(root, schema, v as Record<string, unknown>, path, errors);
}

function ok(root: Schema, schema: Schema, v: unknown): boolean {
  const e: string[] = [];
  check(root, schema, v, '', e);
  return e.length === 0;
}

function numberChecks(s: Schema, v: number, path: string, errors: string[]): void {
  if (typeof s.minimum === 'number' && v < s.minimum) errors.push(`${path}: < minimum`);
  if (typeof s.maximum === 'number' && v > s.maximum) errors.push(`${path}: > maximum`);
  if (typeof s.exclusiveMinimum === 'number' && v <= s.exclusiveMinimum) errors.push(`${path}: ≤ exclusiveMinimum`);
  if (typeof s.exclusiveMaximum === 'number' && v >= s.exclusiveMaximum) errors.push(`${path}: ≥ exclusiveMaximum`);
}

function arrayChecks(root: Schema, s: Schema, v: unknown[], path: string, errors: string[]): void {
  if (typeof s.minItems === 'number' && v.length < s.minItems) errors.push(`${path}: fewer than ${s.minItems} items`);
  if (s.items) v.forEach((item, i) => check(root, s.items as Schema, item, `${path}[${i}]`, errors));
}

function objectChecks(root: Schema, s: Schema, v: Record<string, unknown>, path: string, errors: string[]): void {
  const props = (s.properties ?? {}) as Record<string, Schema>;
  const keys = Object.keys(v);
  for (const r of (s.required ?? []) as string[]) if (!(r in v)) errors.push(`${path}: missing ${r}`);
  if (typeof s.maxProperties === 'number' && keys.length > s.maxProperties) errors.push(`${path}: too many properties`);
  if (typeof s.minProperties === 'number' && keys.length < s.minProperties) errors.push(`${path}: too few properties`);
  for (const k of keys) {
    if (props[k]) check(root, props[k], v[k], `${path}.${k}`, errors);
    else if (s.additionalProperties === false) errors.push(`${path}: unexpected ${k}`);
    else if (typeof s.additionalProperties === 'object') check(root, s.additionalProperties as Schema, v[k], `${path}.${k}`, errors);
    if (s.propertyNames) check(root, s.propertyNames as Schema, k, `${path}.<${k}>`, errors);
  }
}

function hasType(v: unknown, type: string): boolean {
  switch (type) {
    case 'integer':
      return Number.isInteger(v);
    case 'number':
      return typeof v === 'number';
    case 'array':
      return Array.isArray(v);
    case 'object':
      return v !== null && typeof v === 'object' && !Array.isArray(v);
    case 'null':
      return v === null;
    default:
      return typeof v === type;
  }
}

function resolve(root: Schema, ref: string): Schema {
  const name = ref.replace('#/definitions/', '');
  const def = (root.definitions as Record<string, Schema>)[name];
  if (!def) throw new Error(`unknown $ref ${ref}`);
  return def;
}
