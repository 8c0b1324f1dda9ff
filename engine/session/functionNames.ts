import { dict } from '../dict';
import { LIMITS, overLimit } from '../limits';
import { count } from '../model/budget';
import type { Phase } from '../protocol/location';
import type { StepOutline } from './outline';

/**
 * What a function breakpoint's name means. One table of name kinds, read in order: a training step
 * (`step 100`), a phase (`forward`, `loss`, `backward`, `update`), an op kind of this model
 * (`softmax`), a tensor-name pattern (`decoder/*`, or a star and `/gate_f`: `*` is any run of
 * characters, `/` included, matched against the whole name of an event's node or `update/<param>`),
 * a layer's or a module frame's name (a recording's module path, `encoder` or `encoder.layers.0`: where
 * it begins, in every phase).
 */
export type FunctionTarget =
  | { readonly kind: 'step'; readonly step: number }
  | { readonly kind: 'phase'; readonly phase: Phase }
  | { readonly kind: 'op'; readonly op: string }
  | { readonly kind: 'name'; readonly pattern: string }
  | { readonly kind: 'module'; readonly layer: string };

/** The names one training step of this model has: what a name can match, and what a message lists. */
export interface FunctionCatalogue {
  readonly ops: ReadonlySet<string>;
  /** Event names of a step: node names and `update/<param>`. */
  readonly names: readonly string[];
  /** Layers of a step's events (a recording's modules). */
  readonly layers: ReadonlySet<string>;
  readonly totalSteps: number;
  /** The number the UI shows for each step (a recording's own); absent: 1 to totalSteps. */
  readonly stepNumbers?: readonly number[];
}

const PHASES: Readonly<Record<string, Phase>> = dict([
  ['forward', 'forward'],
  ['loss', 'loss'],
  ['backward', 'backward'],
  ['update', 'update'],
]);

interface NameKind {
  /** The target the text names, undefined when it is not of this kind, or a problem when it is but is wrong. */
  read(text: string, c: FunctionCatalogue): FunctionTarget | string | undefined;
}

const KINDS: readonly NameKind[] = [
  {
    read: (text, c) => {
      const m = /^step\s+(\d{1,16})$/.exec(text);
      if (!m) return undefined;
      if (c.stepNumbers) {
        const k = c.stepNumbers.indexOf(Number(m[1]));
        return k >= 0 ? { kind: 'step', step: k + 1 } : `there is no recorded step ${m[1]}: the recording has steps ${stepRange(c.stepNumbers)}`;
      }
      const step = Number(m[1]);
      return step >= 1 && step <= c.totalSteps ? { kind: 'step', step } : `there is no training step ${m[1]}: the run has steps 1 to ${c.totalSteps}`;
    },
  },
  { read: (text) => (Object.hasOwn(PHASES, text) ? { kind: 'phase', phase: PHASES[text] } : undefined) },
  { read: (text, c) => (c.ops.has(text) ? { kind: 'op', op: text } : undefined) },
  { read: (text, c) => (c.layers.has(text) ? { kind: 'module', layer: text } : undefined) },
  {
    read: (text, c) => {
      if (!text.includes('*') && !text.includes('/')) return undefined;
      return c.names.some((n) => globMatches(text, n)) ? { kind: 'name', pattern: text } : `no op of this model is named like ${text}`;
    },
  },
];

/** The target a name stands for, or why it stands for none (with the names that exist). */
export function readFunctionName(name: string, c: FunctionCatalogue): FunctionTarget | { readonly problem: string } {
  const text = name.trim();
  if (text.length > LIMITS.expressionLength.max) return { problem: overLimit(LIMITS.expressionLength, `the name is ${count(text.length)} characters long`) };
  for (const kind of KINDS) {
    const read = kind.read(text, c);
    if (typeof read === 'string') return { problem: `${read}. ${namesHere(c)}` };
    if (read) return read;
  }
  return { problem: `"${text}" names nothing in this model. ${namesHere(c)}` };
}

/** `Function breakpoints take an op kind (…), a tensor-name pattern (hidden/*, …), a phase (…) or a training step (step 1 to step 200).` */
function namesHere(c: FunctionCatalogue): string {
  const scopes = [...new Set(c.names.filter((n) => n.includes('/')).map((n) => n.split('/')[0]))].map((s) => `${s}/*`);
  const ops = c.ops.size ? [...c.ops].sort().join(', ') : 'none known: step 1 did not run';
  const steps = c.stepNumbers ? `a recorded step (step ${stepRange(c.stepNumbers)})` : `a training step (step 1 to step ${c.totalSteps})`;
  const modules = c.layers.size ? `, a layer (${[...c.layers].sort().join(', ')})` : '';
  return `Function breakpoints take an op kind of this model (${ops}), a tensor-name pattern (${scopes.join(', ') || '*/name'})${modules}, a phase (${Object.keys(PHASES).join(', ')}) or ${steps}.`;
}

/**
 * Whether `name` matches `pattern`, where `*` is any run of characters: the classic two-pointer glob
 * match (on a mismatch, the last star takes one more character), O(pattern × name) however many
 * stars the user typed — a regular expression built from the pattern could backtrack exponentially.
 */
export function globMatches(pattern: string, name: string): boolean {
  let p = 0;
  let n = 0;
  let star = -1;
  let from = 0;
  while (n < name.length) {
    if (p < pattern.length && pattern[p] !== '*' && pattern[p] === name[n]) {
      p++;
      n++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      from = n;
    } else if (star >= 0) {
      p = star + 1;
      n = ++from;
    } else return false;
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}

/** Whether event i of `step` is where the target stops: the op, a phase's first event, a step's first. */
export function functionFires(t: FunctionTarget, o: StepOutline, i: number, step: number): boolean {
  const e = o.events[i];
  switch (t.kind) {
    case 'step':
      return step === t.step && i === 0;
    case 'phase':
      return e.phase === t.phase && o.span(i, 'phase').start === i;
    case 'op':
      return e.node !== null && e.op === t.op;
    case 'name':
      return globMatches(t.pattern, e.name);
    case 'module': {
      if (e.phase === 'update') return false;
      if (e.layer === t.layer) return o.span(i, 'layer').start === i;
      const d = e.frames.findIndex((f) => f.kind === 'module' && modulePath(f.scope) === t.layer);
      return d >= 0 && o.span(i, d + 1).start === i;
    }
  }
}

/** `stops at every softmax op (forward and backward)` */
export function describeFunction(t: FunctionTarget): string {
  switch (t.kind) {
    case 'step':
      return `stops at the start of training step ${t.step}`;
    case 'phase':
      return `stops at the start of every ${t.phase} phase`;
    case 'op':
      return `stops at every ${t.op} op (forward and backward)`;
    case 'name':
      return `stops at every op named like ${t.pattern} (forward and backward)`;
    case 'module':
      return `stops where layer ${t.layer} begins (forward and backward)`;
  }
}

/** The catalogue of a step's outline (null: no step has run, so no ops are known). */
export function catalogueOf(o: StepOutline | null, totalSteps: number, stepNumbers?: readonly number[]): FunctionCatalogue {
  const events = o?.events ?? [];
  const layers = new Set(events.flatMap((e) => (e.layer && e.phase !== 'update' ? [e.layer] : [])));
  for (const e of events) for (const f of e.frames) if (f.kind === 'module') layers.add(modulePath(f.scope));
  return { ops: new Set(events.flatMap((e) => (e.node ? [e.op] : []))), names: [...new Set(events.map((e) => e.name))], layers, totalSteps, ...(stepNumbers ? { stepNumbers } : {}) };
}

/** A module frame's name for a breakpoint: its scope joined by dots, a recording's module path (`encoder.layers.0.self_attn`). */
function modulePath(scope: readonly string[]): string {
  return scope.join('.');
}

/** `100 to 102`, or the numbers themselves when they are not consecutive. */
function stepRange(numbers: readonly number[]): string {
  const consecutive = numbers.every((n, k) => k === 0 || n === numbers[k - 1] + 1);
  return consecutive && numbers.length > 2 ? `${numbers[0]} to ${numbers[numbers.length - 1]}` : numbers.join(', ');
}
