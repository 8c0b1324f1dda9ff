import type { InspectorView, OpView, Phase, TensorSlice } from '../../../engine/protocol';
import { el, replace } from '../../shared/dom';
import { formula } from '../../shared/formula';
import { collapsible, type Section } from '../section';
import { tensorCard } from '../tensorCard';

const RULE: Record<Phase, string> = { forward: 'Formula', loss: 'Loss', backward: 'Gradient rule', update: 'Update rule' };

/** The op the debugger stopped at: its formula, the formula with today's numbers, its tensors. */
export class OpSection implements Section {
  readonly id = 'op';
  private readonly box = collapsible('op', 'Current op');
  readonly element = this.box.element;
  private layer: string | null = null;
  private lastNode = '';

  constructor(private readonly loadSlice: (name: string, start: number, count: number) => Promise<TensorSlice>) {}

  update(view: InspectorView): boolean {
    const op = view.op;
    this.layer = view.stop.location.layer;
    if (!op) return false;
    this.box.setDescription(`${op.op} · ${op.phase}`);
    // The same stop sent twice (a re-send on show) keeps its expanded value tables.
    const key = `${view.stop.location.trainingStep}/${view.stop.location.eventIndex}/${op.node}`;
    if (key === this.lastNode) return true;
    this.lastNode = key;
    replace(this.box.body, ...this.render(op));
    return true;
  }

  private render(op: OpView): HTMLElement[] {
    const title = el('div', { class: 'op-title' }, el('code', { class: 'node' }, op.node), ' ', el('vscode-badge', { variant: 'counter' }, op.op), ' ', el('span', { class: `phase phase-${op.phase}` }, op.phase));
    const scope = op.scope.length > 0 ? el('div', { class: 'scope', 'aria-label': 'scope' }, op.scope.join(' › ')) : null;
    const sameNumbers = op.formulaWithValues.trim() === '' || op.formulaWithValues === op.formula;
    const blocks: HTMLElement[] = [title];
    if (scope) blocks.push(scope);
    blocks.push(el('h3', {}, RULE[op.phase]), formula(op.formula));
    if (!sameNumbers) blocks.push(el('h3', {}, 'With the current numbers'), el('div', { class: 'with-values' }, formula(op.formulaWithValues)));
    else {
      const first = firstElement(op);
      if (first) blocks.push(el('h3', {}, 'On the first element'), el('div', { class: 'with-values' }, formula(first)));
    }
    const group = (heading: string, kind: 'input' | 'output' | 'gradient', items: OpView['inputs']): HTMLElement | null =>
      items.length === 0 ? null : el('div', { class: `tensors ${kind}s` }, el('h3', {}, heading), ...items.map((t) => tensorCard(t, kind, this.loadSlice)));
    for (const part of [group('Inputs', 'input', op.inputs), group('Outputs', 'output', op.outputs), group('Gradients sent to the inputs', 'gradient', op.grads)]) if (part) blocks.push(part);
    return blocks;
  }

  layers(): readonly string[] {
    return this.layer ? [this.layer] : [];
  }
}

/** LaTeX for a symbol as the op names it: `x`, `gamma` → `\gamma`, `θ before` → `\text{θ before}`. */
function symbol(role: string): string {
  if (/^[a-zA-Z]$/.test(role)) return role;
  if (/^(alpha|beta|gamma|delta|epsilon|theta|lambda|mu|sigma|tau)$/.test(role)) return `\\${role}`;
  return `\\text{${role.replace(/[\\{}$&#^_%~]/g, '')}}`;
}

function number(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? '\\text{NaN}' : `${v < 0 ? '-' : ''}\\infty`;
  const [mantissa, exponent] = String(Number(v.toPrecision(4))).split('e');
  return exponent === undefined ? mantissa : `${mantissa} \\times 10^{${Number(exponent)}}`;
}

/** The first element of a tensor the op names `role` (a gradient `∂L/∂x` as a fraction). */
function term(role: string): string {
  const grad = /^∂L\/∂(.+)$/.exec(role);
  return grad ? `\\left(\\frac{\\partial L}{\\partial ${symbol(grad[1])}}\\right)_{0}` : `${symbol(role)}_{0}`;
}

/**
 * When the tensors are too big to substitute, the formula worked on their first element: for an
 * elementwise op (every tensor the same shape) `x_0 = 1.2,\ y_0 = 0.768`. Null for other ops.
 */
function firstElement(op: OpView): string | null {
  const all = [...op.inputs, ...op.outputs, ...op.grads];
  const shape = op.outputs[0]?.tensor.shape.join('×');
  if (!shape || all.some((t) => t.tensor.shape.join('×') !== shape || t.tensor.preview.length === 0)) return null;
  return all.map((t) => `${term(t.role)} = ${number(t.tensor.preview[0])}`).join(',\\quad ');
}
