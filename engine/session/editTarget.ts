import { BackstepError, fail } from '../errors';
import { Tensor } from '../tensor/tensor';
import type { Hyperparameter } from '../train/contract';
import type { Edit, EditTarget } from './edits';
import { asNumber, evaluateExpr, evaluateText, ExpressionError, parseExpression, type Expr } from './expression';
import type { IndexPart } from './expression/ast';
import { sliceTensor, type AxisIndex } from './expression/slicing';
import type { Value } from './expression/value';
import { hyperparameterOf, optimizerOf } from './extras';
import type { SessionNames } from './names';
import type { SessionState } from './state';

/** Names that read a value the run computes or counts: what to do instead of assigning them. */
const READ_ONLY: ReadonlyMap<string, string> = new Map([
  ['step', 'step counts the training steps; Goto or Continue moves to another one'],
  ['loss', 'loss is computed from the parameters and the batch; edit a parameter or an activation before the loss op'],
  ['grad_norm', 'grad_norm is computed by the backward pass; edit a parameter, an activation or clip'],
]);

const HYPERPARAMETERS: ReadonlySet<string> = new Set<Hyperparameter>(['lr', 'clip']);

/**
 * Reads `target = value` at the cursor (the semantics are in ./edits.ts). The target is a name with
 * optional indices and slices (`hidden.W[0, 1]`, `memory.b_f`, `hidden.W[0][1]`, `lr`); the value any
 * expression giving a number (every selected element gets it) or a tensor of the selection's shape.
 * Throws an error naming the problem; nothing is changed.
 */
export function readEdit(s: SessionState, targetText: string, valueText: string): Edit {
  if (s.fault) fail('E_ARGUMENT', 'the session stopped on an error; Step Back or Restart before editing a value');
  const event = s.timeline.current === s.cursor.step ? s.timeline.outline?.events[s.cursor.event] : undefined;
  if (!event) fail('E_ARGUMENT', 'there is no training step at the cursor to edit');
  const { base, groups } = splitTarget(parseExpression(targetText));
  const names = s.names();
  const at = { step: s.cursor.step, event: s.cursor.event };
  const after = event.phase === 'update' ? s.cursor.event + 1 : 0;
  const text = `${targetText.trim()} = ${valueText.trim()}`;
  if (HYPERPARAMETERS.has(base.name)) return hyperEdit(s, base, groups.length > 0, valueText, names, { at, after, text });
  const readOnly = READ_ONLY.get(base.name);
  if (readOnly) fail('E_ARGUMENT', `${base.name} cannot be set: ${readOnly}`);
  const found = evaluateExpr(targetText, base, names);
  if (found.kind !== 'tensor') fail('E_ARGUMENT', `${base.name} is a number the session computes and cannot be set`);
  const t = found.tensor;
  const target = classify(s, t, base.name);
  if (target.kind === 'activation' && event.phase === 'update') {
    fail('E_ARGUMENT', `${base.name} is an activation: nothing reads it in the update phase (edit it in the forward or backward pass, or edit a parameter, lr or clip)`);
  }
  const selection = select(t, groups, targetText, names);
  const values = valuesFor(evaluateText(valueText, names), selection, targetText.trim());
  return { at, after, target, offsets: Array.from(selection.data), values, text };
}

/** `hidden.W[0][1, 2:]` → the name and its index groups, outermost last. */
function splitTarget(e: Expr): { base: Extract<Expr, { kind: 'name' }>; groups: (readonly IndexPart[])[] } {
  const groups: (readonly IndexPart[])[] = [];
  let x = e;
  while (x.kind === 'index') {
    groups.unshift(x.parts);
    x = x.target;
  }
  if (x.kind === 'name') return { base: x, groups };
  if (x.kind === 'call' && x.fn === 'shape') throw new ExpressionError("a tensor's shape is fixed by the model file and cannot be set", x.span);
  throw new ExpressionError('only a name with optional indices can be set: a parameter (hidden.W[0, 1]), an activation, lr or clip', e.span);
}

/** Which kind of value a tensor found by name is; data, optimizer state and stacks over time are refused. */
function classify(s: SessionState, t: Tensor, name: string): EditTarget {
  if (s.trainer.layers.some((l) => l.params.includes(t))) return { kind: 'param', name: t.name };
  for (const node of s.timeline.run?.tape.nodes ?? []) {
    if (node.outputs.includes(t)) return { kind: 'activation', name: t.name };
    if (node.inputs.includes(t)) fail('E_ARGUMENT', `${name} is data (the batch this step read) and cannot be set: edit a parameter or an activation computed from it`);
  }
  const opt = optimizerOf(s.trainer);
  if (opt?.params.some((_, i) => [...opt.stateOf(i).buffers.values()].includes(t))) fail('E_ARGUMENT', `${name} is optimizer state and cannot be set: edit the parameter or lr`);
  return fail('E_ARGUMENT', `${name} stacks the time steps computed so far and cannot be set: set one time step's tensor (its name has /t<k>/)`);
}

/** The flat offsets a target's indices select, in the selection's shape. */
function select(t: Tensor, groups: readonly (readonly IndexPart[])[], text: string, names: SessionNames): Tensor {
  let sel = Tensor.of(Float64Array.from({ length: t.size }, (_, i) => i), t.shape, 'float64');
  for (const parts of groups) {
    const axes: AxisIndex[] = parts.map((p) => (p.kind === 'at' ? { at: integer(p.index, text, names) } : { from: p.from ? integer(p.from, text, names) : 0, to: p.to ? integer(p.to, text, names) : Number.MAX_SAFE_INTEGER }));
    try {
      sel = sliceTensor(sel, axes, '');
    } catch (err) {
      throw new ExpressionError(`${(err as Error).message} in ${text.trim()}`, { start: 0, end: text.length });
    }
  }
  return sel;
}

function integer(e: Expr, text: string, names: SessionNames): number {
  const n = asNumber(evaluateExpr(text, e, names));
  if (n === null || !Number.isInteger(n)) throw new ExpressionError(`an index must be a whole number, got ${text.slice(e.span.start, e.span.end)}`, e.span);
  return n;
}

/** The new values, one per selected element: a number for all, or a tensor of the selection's shape. */
function valuesFor(v: Value, selection: Tensor, target: string): Float64Array {
  if (v.kind === 'bool') fail('E_ARGUMENT', `the value is a boolean; ${target} takes a number or a tensor of shape [${selection.shape.join(',')}]`);
  const n = asNumber(v);
  if (n !== null) return new Float64Array(selection.size).fill(n);
  const t = (v as Extract<Value, { kind: 'tensor' }>).tensor;
  if (t.shape.length !== selection.shape.length || t.shape.some((d, k) => d !== selection.shape[k])) {
    fail('E_SHAPE', `the value has shape [${t.shape.join(',')}] but ${target} has shape [${selection.shape.join(',')}]: give a number or a tensor of that shape`);
  }
  return Float64Array.from(t.data);
}

function hyperEdit(s: SessionState, base: Extract<Expr, { kind: 'name' }>, indexed: boolean, valueText: string, names: SessionNames, where: Pick<Edit, 'at' | 'after' | 'text'>): Edit {
  const name = base.name as Hyperparameter;
  const now = hyperparameterOf(s.trainer, name);
  if (now === undefined) fail('E_ARGUMENT', `${name} cannot be set: this trainer does not let edits change its hyperparameters`);
  if (now === null) fail('E_ARGUMENT', `${name} cannot be set: the model does not clip gradients (add clip: to training: and Restart)`);
  if (indexed) throw new ExpressionError(`${name} is a number and takes no index`, base.span);
  const v = asNumber(evaluateText(valueText, names));
  if (v === null) fail('E_SHAPE', `${name} takes one number, got a tensor`);
  if (!Number.isFinite(v) || v < 0 || (name === 'clip' && v === 0)) {
    throw new BackstepError('E_ARGUMENT', `${name} must be a finite number ${name === 'clip' ? '> 0' : '≥ 0'}, got ${v}`);
  }
  return { ...where, target: { kind: 'hyper', name }, offsets: [0], values: Float64Array.of(v) };
}
