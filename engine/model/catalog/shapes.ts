import type { AttrValue } from '../attrs';
import { ShapeIssue, type ShapeContext, type Value } from './types';

/** Small checks the shape rules share; each failure is a ShapeIssue that names the source and shapes. */

export function fmt(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}

export function one(ctx: ShapeContext, slot: string): Value {
  const v = ctx.inputs[slot];
  if (v === undefined || Array.isArray(v)) throw new ShapeIssue(`input \`${slot}\` is missing`, { slot });
  return v as Value;
}

export function maybe(ctx: ShapeContext, slot: string): Value | undefined {
  const v = ctx.inputs[slot];
  return v === undefined || Array.isArray(v) ? undefined : (v as Value);
}

export function many(ctx: ShapeContext, slot: string): readonly Value[] {
  const v = ctx.inputs[slot];
  return v === undefined ? [] : Array.isArray(v) ? v : [v as Value];
}

export function from(ctx: ShapeContext, slot: string): string {
  return ctx.sources[slot] ?? `input \`${slot}\``;
}

/** A float input of at least `rank` axes (features last). */
export function floats(ctx: ShapeContext, slot: string, rank = 1, what = 'numbers'): Value {
  const v = one(ctx, slot);
  if (v.kind === 'index') {
    throw new ShapeIssue(`${from(ctx, slot)} gives token/class ids ${fmt(v.shape)}, but this layer needs ${what}; put an \`embedding\` layer first`, { slot });
  }
  if (v.kind !== 'float') throw new ShapeIssue(`${from(ctx, slot)} gives ${describe(v)}, but this layer needs ${what}`, { slot });
  if (v.shape.length < rank) {
    throw new ShapeIssue(`${from(ctx, slot)} gives ${fmt(v.shape)}, but this layer needs ${what} with at least ${rank} axes${rank >= 2 ? ' (…, time, features)' : ''}`, { slot });
  }
  return v;
}

export function describe(v: Value): string {
  if (v.kind === 'text') return 'a text corpus';
  if (v.kind === 'state') return `the final state of a ${v.cell} layer ${fmt(v.shape)}`;
  return `${v.kind === 'index' ? 'ids' : 'numbers'} ${fmt(v.shape)}`;
}

export function last(shape: readonly number[]): number {
  return shape[shape.length - 1];
}

/** The input's width, checked against a declared setting (`in: 3`) when the user wrote one. */
export function width(ctx: ShapeContext, slot: string, v: Value, attr: string): number {
  const w = last(v.shape);
  const declared = ctx.attrs[attr];
  if (typeof declared === 'number' && declared !== w) {
    throw new ShapeIssue(`\`${attr}: ${declared}\` does not fit: ${from(ctx, slot)} gives ${fmt(v.shape)}, whose last axis is ${w}`, { attr });
  }
  return w;
}

export function withLast(shape: readonly number[], size: number): number[] {
  return [...shape.slice(0, -1), size];
}

export function float(shape: readonly number[]): Value {
  return { kind: 'float', shape };
}

export function num(attrs: Readonly<Record<string, AttrValue>>, key: string): number {
  return attrs[key] as number;
}

/** Leading (batch) axes of two inputs must agree, e.g. queries and keys of one example. */
export function sameLeading(a: Value, b: Value, keep: number, what: string): void {
  const la = a.shape.slice(0, a.shape.length - keep);
  const lb = b.shape.slice(0, b.shape.length - keep);
  if (la.length !== lb.length || la.some((d, i) => d !== lb[i])) throw new ShapeIssue(`${what}: leading axes ${fmt(la)} and ${fmt(lb)} differ`);
}
