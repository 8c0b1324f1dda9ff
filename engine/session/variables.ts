import { classMappingText, classNamesOf, type LoadedData } from '../data/loaded';
import { BackstepError } from '../errors';
import type { EvaluateResult, Precision, TensorSlice, VariableView } from '../protocol/values';
import { hasValues } from '../tensor/stats';
import { Tensor } from '../tensor/tensor';
import { evaluateText, type Value } from './expression';
import { optimizerOf, scheduleOf } from './extras';
import { formatNumber, numberText, shapeText, tensorText } from './format';
import type { EventInfo } from './outline';
import { computedAt } from './present';
import type { SessionState } from './state';
import { opRoles } from './opRoles';
import { totalGradNorm } from './summary';

/**
 * The Variables view. Four scopes — Op (the current event's inputs, outputs and gradients, or the
 * update's numbers), Layer (its parameters and the tensors of the current time step), Model (every
 * layer's parameters), Training (step, loss, learning rate, gradient norm, optimizer state). A
 * tensor's value is one line (shape and stats); it expands into rows (paged), a row of a matrix into
 * its values, so no request ever ships more numbers than the user opened. References are strings:
 * `scope:op`, `layer:memory`, `x:<expression>` (a tensor by expression), `op:in:0` (a tensor of the
 * current event), each followed by `#i` per row opened.
 */
const MAX_CHILDREN = 1000;
export const MAX_SLICE = 10000;

export function scopes(s: SessionState): VariableView[] {
  const layer = s.location().layer;
  return [
    { name: 'Op', value: s.location().node ?? '', type: 'scope', ref: 'scope:op' },
    { name: 'Layer', value: layer ?? '', type: 'scope', ref: 'scope:layer' },
    { name: 'Model', value: s.model.spec.name, type: 'scope', ref: 'scope:model' },
    { name: 'Training', value: s.stepText(s.cursor.step), type: 'scope', ref: 'scope:training' },
  ];
}

export function variables(s: SessionState, ref: string, start = 0, count?: number): VariableView[] {
  const [base, ...rows] = ref.split('#');
  if (rows.length || base.startsWith('x:') || base.startsWith('op:')) return tensorChildren(s, ref, start, count);
  if (base === 'scope:op') return opScope(s);
  if (base === 'scope:layer') return layerScope(s);
  if (base === 'scope:model') return modelScope(s);
  if (base === 'scope:training') return trainingScope(s);
  if (base.startsWith('layer:')) return paramsOf(s, base.slice('layer:'.length));
  if (base === 'optimizer') return optimizerScope(s);
  if (base === 'classes') return classRows(s);
  throw new BackstepError('E_ARGUMENT', `unknown variables reference "${ref}"`);
}

/** An expression's value: a number (or a tensor of one value) as a number, rounded or `exact`; a tensor as its summary. */
export function evaluate(s: SessionState, expression: string, precision: Precision = 'shown'): EvaluateResult {
  const v = evaluateText(expression, s.names());
  if (v.kind === 'bool') return { value: valueText(v), type: 'boolean', ref: null };
  if (v.kind === 'number') return { value: valueText(v, precision), type: 'number', ref: null };
  const t = v.tensor;
  // A recording's statistics-only tensor has no values to expand.
  const expandable = t.rank > 0 && hasValues(t);
  return { value: valueText(v, precision), type: tensorType(t), ref: expandable ? `x:${expression}` : null, childCount: expandable ? t.shape[0] : 0 };
}

/** `tensor float64`; with the shape when the value, one number, does not show it: `tensor float64 [1,1]`. */
function tensorType(t: Tensor): string {
  return t.size === 1 ? `tensor ${t.dtype} ${shapeText(t.shape)}` : `tensor ${t.dtype}`;
}

/** A window of a tensor's flat values: `name` is any expression that gives a tensor. */
export function tensorSlice(s: SessionState, name: string, start: number, count: number): TensorSlice {
  const t = resolveTensor(s, name.startsWith('x:') || name.startsWith('op:') ? name : `x:${name}`);
  if (!Number.isInteger(start) || start < 0 || !Number.isInteger(count) || count < 0) throw new BackstepError('E_INDEX', `a slice needs whole numbers start ≥ 0 and count ≥ 0, got ${start} and ${count}`);
  const from = Math.min(start, t.size);
  const n = Math.min(count, MAX_SLICE, t.size - from);
  return { name, shape: [...t.shape], start: from, values: Array.from(t.data.subarray(from, from + n)) };
}

/** The Debug Console's text of a value (Evaluate, logpoints): a number as a number, rounded or `exact`; a tensor as its summary. */
export function valueText(v: Value, precision: Precision = 'shown'): string {
  if (v.kind === 'bool') return String(v.value);
  if (v.kind === 'number') return numberText(v.value, precision);
  return tensorText(v.tensor, precision);
}

export function tensorVariable(name: string, t: Tensor, ref: string, expression?: string): VariableView {
  const expandable = t.rank > 0 && t.size > 0 && hasValues(t);
  const view: VariableView = { name, value: tensorText(t), type: t.name && t.name !== name ? t.name : tensorType(t), ref: expandable ? ref : null, childCount: expandable ? t.shape[0] : 0 };
  return expression ? { ...view, expression } : view;
}

function numberVariable(name: string, x: number, expression?: string): VariableView {
  return { name, value: numberText(x), type: 'number', ref: null, ...(expression ? { expression } : {}) };
}

function textVariable(name: string, value: string): VariableView {
  return { name, value, type: 'string', ref: null };
}

/** A named tensor (a parameter, a tape tensor): expandable by its expression. */
function namedVariable(label: string, t: Tensor): VariableView {
  return tensorVariable(label, t, `x:${t.name}`, t.name);
}

function current(s: SessionState): EventInfo | null {
  return s.timeline.current === s.cursor.step ? (s.timeline.outline?.events[s.cursor.event] ?? null) : null;
}

function opScope(s: SessionState): VariableView[] {
  if (s.fault) return [textVariable('error', s.fault.error.describe()), ...eventVariables(s)];
  return eventVariables(s);
}

function eventVariables(s: SessionState): VariableView[] {
  const e = current(s);
  if (!e) return [];
  if (e.node) return nodeVariables(s, e);
  const r = s.timeline.results[s.cursor.event];
  if (e.param) return updateVariables(s, e.param);
  if (r?.kind === 'clip') {
    return [numberVariable('total norm', r.totalNorm), numberVariable('max norm', r.maxNorm), numberVariable('factor', r.factor), textVariable('mode', r.mode)];
  }
  return [textVariable('clip', 'not executed yet')];
}

function nodeVariables(s: SessionState, e: EventInfo): VariableView[] {
  const node = e.node!;
  const op = opRoles(node.op);
  const role = op.input;
  const out: VariableView[] = [];
  const names = s.names();
  // A tensor with a name the expressions know expands by that name, so its rows can be watched.
  const refOf = (t: Tensor, fallback: string): string => (t.name && names.tensor(t.name) === t ? `x:${t.name}` : fallback);
  node.inputs.forEach((x, k) => out.push(tensorVariable(role(k), x, refOf(x, `op:in:${k}`), x.name || undefined)));
  node.outputs.forEach((y, k) => out.push(tensorVariable(op.output(k), y, refOf(y, `op:out:${k}`), y.name)));
  if (e.phase !== 'backward') return out;
  node.outputs.forEach((y, k) => y.grad && out.push(tensorVariable(`∂L/∂${op.output(k)}`, y.grad, refOf(y, '') ? `x:grad(${y.name})` : `op:dy:${k}`, `grad(${y.name})`)));
  const executed = s.timeline.executed > s.cursor.event;
  node.inputGrads?.forEach((g, k) => executed && g && out.push(tensorVariable(`∂L/∂${role(k)} (sent)`, g, `op:dx:${k}`)));
  return out;
}

function updateVariables(s: SessionState, param: string): VariableView[] {
  const r = s.timeline.results[s.cursor.event];
  const p = s.trainer.layers.flatMap((l) => l.params).find((t) => t.name === param);
  const out: VariableView[] = [];
  if (p) out.push(namedVariable(param, p));
  if (r?.kind !== 'param') return [...out, textVariable('update', 'not executed yet')];
  const u = r.update;
  out.push(numberVariable('lr', u.lr), numberVariable('t', u.step), textVariable('rule', u.formula));
  if (u.skipped) out.push(textVariable('skipped', u.skipped));
  for (const [k, v] of Object.entries(u.scalars)) out.push(numberVariable(k, v));
  if (!u.values) return out;
  if (u.values.grad) out.push(tensorVariable('g (used)', u.values.grad, 'op:upd:grad'));
  out.push(tensorVariable('before', u.values.before, 'op:upd:before'), tensorVariable('after', u.values.after, 'op:upd:after'));
  u.values.state.forEach((c, k) => {
    if (c.before) out.push(tensorVariable(`${c.symbol} before`, c.before, `op:upd:state:${k}:before`));
    out.push(tensorVariable(`${c.symbol} after`, c.after, `op:upd:state:${k}:after`));
  });
  return out;
}

function layerScope(s: SessionState): VariableView[] {
  const e = current(s);
  const layer = e?.layer;
  if (!e || !layer) return [];
  const out = paramsOf(s, layer, true);
  const o = s.timeline.outline!;
  const prefix = e.timeScope ?? layer;
  const seen = new Set<string>();
  const computed = computedAt(s);
  for (const [i, ev] of o.events.entries()) {
    // Tensors the cursor has not reached are not shown, though the forward pass has made them.
    if (!computed(i)) break;
    if (ev.phase !== 'forward' || !ev.node || !ev.node.name.startsWith(`${prefix}/`) || seen.has(ev.node.name)) continue;
    seen.add(ev.node.name);
    if (seen.size > 100) break;
    out.push(namedVariable(ev.node.name.slice(prefix.length + 1), ev.node.outputs[0]));
  }
  return out;
}

function paramsOf(s: SessionState, layer: string, quiet = false): VariableView[] {
  const l = s.trainer.layers.find((x) => x.name === layer);
  if (!l) {
    if (quiet) return [];
    throw new BackstepError('E_ARGUMENT', `no layer named "${layer}"`);
  }
  return l.params.map((p) => namedVariable(p.name, p));
}

function modelScope(s: SessionState): VariableView[] {
  return s.trainer.layers.map((l) => {
    const n = l.params.reduce((a, p) => a + p.size, 0);
    return { name: l.name, value: `${l.kind}${n ? `, ${n.toLocaleString('en-US')} parameters` : ''}`, type: l.kind, ref: l.params.length ? `layer:${l.name}` : null, childCount: l.params.length };
  });
}

function trainingScope(s: SessionState): VariableView[] {
  const run = s.timeline.run;
  const spec = s.model.spec.training;
  const out: VariableView[] = [textVariable('step', `${s.cursor.step} of ${s.totalSteps}`), textVariable('phase', s.location().phase)];
  const names = s.names();
  const loss = names.lookup('loss');
  if (typeof loss === 'number') out.push(numberVariable('loss', loss, 'loss'));
  else if (run) out.push(textVariable('loss', `not computed yet: ${names.pending('loss') ?? 'no loss op has run'}`));
  if (run) out.push(numberVariable('lr', run.lr, 'lr'));
  out.push(numberVariable('grad_norm', totalGradNorm(s.trainer.layers), 'grad_norm'));
  out.push(textVariable('optimizer', spec.optimizer.kind));
  const sched = scheduleOf(s.trainer);
  out.push(textVariable('schedule', sched ? sched.summary : spec.schedule.kind));
  const clip = s.timeline.results.find((r) => r?.kind === 'clip');
  if (clip?.kind === 'clip') out.push(textVariable('clip', `norm ${formatNumber(clip.totalNorm)} × ${formatNumber(clip.factor)} (max ${formatNumber(clip.maxNorm)})`));
  const classes = classNamesOf(loadedData(s));
  if (classes) out.push({ name: 'classes', value: classMappingText(classes), type: `${s.model.spec.data.source === 'table' ? (s.model.spec.data.column?.name ?? 'label') : 'label'} → class id`, ref: 'classes', childCount: classes.length });
  const opt = optimizerOf(s.trainer);
  if (opt) out.push({ name: 'optimizer state', value: `t = ${opt.t}`, type: opt.kind, ref: 'optimizer', childCount: opt.params.length });
  return out;
}

function loadedData(s: SessionState): LoadedData | undefined {
  const data = s.model.spec.data;
  return data.source === 'table' || data.source === 'arrays' ? data.loaded : undefined;
}

/** The class mapping, one row per id: `[0]` = `setosa`. */
function classRows(s: SessionState): VariableView[] {
  return (classNamesOf(loadedData(s)) ?? []).map((n, i) => textVariable(`[${i}]`, n));
}

function optimizerScope(s: SessionState): VariableView[] {
  const opt = optimizerOf(s.trainer);
  if (!opt) return [];
  const out: VariableView[] = [];
  opt.params.forEach((p, i) => {
    const st = opt.stateOf(i);
    out.push(numberVariable(`${st.name} t`, st.step));
    for (const b of st.buffers.values()) out.push(namedVariable(b.name, b));
    void p;
  });
  return out;
}

/** Rows of a tensor (paged); a vector's values; and a named tensor's gradient first. */
function tensorChildren(s: SessionState, ref: string, start: number, count?: number): VariableView[] {
  const t = resolveTensor(s, ref);
  const expr = expressionOf(ref);
  const n = t.rank === 0 ? 0 : t.shape[0];
  const from = Math.max(0, Math.min(start, n));
  const to = Math.min(n, from + Math.min(count ?? MAX_CHILDREN, MAX_CHILDREN));
  const out: VariableView[] = [];
  if (from === 0 && !ref.includes('#') && ref.startsWith('x:') && t.grad) out.push(tensorVariable('grad', t.grad, `x:grad(${expr})`, `grad(${expr})`));
  for (let i = from; i < to; i++) {
    const rowExpr = expr !== null ? `${expr}[${i}]` : undefined;
    if (t.rank === 1) out.push(numberVariable(`[${i}]`, t.data[i], rowExpr));
    else out.push(tensorVariable(`[${i}]`, row(t, i), `${ref}#${i}`, rowExpr));
  }
  return out;
}

/** `x:memory.W_f#2#0` → the expression `memory.W_f[2][0]`; null for tensors of the current event. */
function expressionOf(ref: string): string | null {
  const [base, ...rows] = ref.split('#');
  if (!base.startsWith('x:')) return null;
  return base.slice(2) + rows.map((r) => `[${r}]`).join('');
}

function resolveTensor(s: SessionState, ref: string): Tensor {
  const [base, ...rows] = ref.split('#');
  let t = baseTensor(s, base);
  for (const r of rows) {
    const i = Number(r);
    if (t.rank === 0 || !Number.isInteger(i) || i < 0 || i >= t.shape[0]) throw new BackstepError('E_INDEX', `row ${r} is out of range in ${ref}`);
    t = row(t, i);
  }
  return t;
}

function baseTensor(s: SessionState, base: string): Tensor {
  if (base.startsWith('x:')) {
    const v = evaluateText(base.slice(2), s.names());
    if (v.kind !== 'tensor') return Tensor.scalar(v.kind === 'number' ? v.value : Number(v.value), 'float64', base.slice(2));
    return v.tensor;
  }
  const t = eventTensor(s, base.slice('op:'.length).split(':'));
  if (!t) throw new BackstepError('E_ARGUMENT', `"${base}" is not a tensor of the current ${s.location().phase} event`);
  return t;
}

function eventTensor(s: SessionState, parts: string[]): Tensor | null {
  const e = current(s);
  const node = e?.node;
  const k = Number(parts[1]);
  if (node && parts[0] === 'in') return node.inputs[k] ?? null;
  if (node && parts[0] === 'out') return node.outputs[k] ?? null;
  if (node && parts[0] === 'dy') return node.outputs[k]?.grad ?? null;
  if (node && parts[0] === 'dx') return node.inputGrads?.[k] ?? null;
  const r = s.timeline.results[s.cursor.event];
  if (parts[0] !== 'upd' || r?.kind !== 'param' || !r.update.values) return null;
  const v = r.update.values;
  if (parts[1] === 'grad') return v.grad;
  if (parts[1] === 'before') return v.before;
  if (parts[1] === 'after') return v.after;
  const c = v.state[Number(parts[2])];
  return c ? (parts[3] === 'before' ? c.before : c.after) : null;
}

/** Row i along the first axis, as a view over the same numbers. */
function row(t: Tensor, i: number): Tensor {
  const inner = t.shape.slice(1);
  const size = inner.reduce((a, b) => a * b, 1);
  return new Tensor(t.data.subarray(i * size, (i + 1) * size), inner, `${t.name}[${i}]`);
}
