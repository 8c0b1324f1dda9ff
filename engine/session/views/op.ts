import { opRoles } from '../opRoles';
import type { NamedTensor, OpView } from '../../protocol/views';
import type { Tensor } from '../../tensor/tensor';
import { optimizerOf } from '../extras';
import { texNumber } from '../../protocol/numberText';
import type { EventResult } from '../../train/contract';
import { formatNumber, valuesText } from '../format';
import { firstElementFormula } from './firstElement';
import { tensorView } from '../format';
import type { EventInfo } from '../outline';
import type { SessionState } from '../state';

/** Values small enough to read inside a formula. */
const INLINE = 4;

/** The current event: its formula (forward, gradient or update rule) and the numbers in it. */
export function opView(s: SessionState, e: EventInfo): OpView {
  const scope = e.node ? [...e.node.scope] : ['update'];
  if (e.node) return nodeView(s, e, scope);
  const r = s.timeline.results[s.cursor.event];
  const base = { node: e.name, op: e.op, phase: e.phase, scope };
  if (r?.kind === 'clip') return { ...base, ...clipFormulas(r), inputs: [], outputs: [], grads: [] };
  if (r?.kind === 'param') {
    const v = r.update.values;
    const inputs: NamedTensor[] = v ? [...(v.grad ? [named('g', v.grad)] : []), named('θ before', v.before), ...v.state.flatMap((c) => (c.before ? [named(`${c.symbol} before`, c.before)] : []))] : [];
    const outputs: NamedTensor[] = v ? [named('θ after', v.after), ...v.state.map((c) => named(`${c.symbol} after`, c.after))] : [];
    const worked = r.update.worked;
    const caption = `On the first element, ${r.update.param}[${v ? v.before.shape.map(() => 0).join(',') : 0}], at t = ${r.update.step} (η = ${formatNumber(r.update.lr)})`;
    return { ...base, formula: r.update.formula, formulaWithValues: worked ?? r.update.formula, ...(worked ? { valuesCaption: caption } : {}), inputs, outputs, grads: [] };
  }
  const formula = optimizerOf(s.trainer)?.formula ?? '';
  return { ...base, formula, formulaWithValues: formula, inputs: [], outputs: [], grads: [] };
}

function nodeView(s: SessionState, e: EventInfo, scope: string[]): OpView {
  const node = e.node!;
  const op = opRoles(node.op);
  const role = op.input;
  const inputs = node.inputs.map((x, k) => named(role(k), x));
  const outputs = node.outputs.map((y, k) => named(op.output(k), y));
  const backward = e.phase === 'backward';
  const executed = s.timeline.executed > s.cursor.event;
  const grads = backward && executed && node.inputGrads ? node.inputGrads.flatMap((g, k) => (g ? [named(`∂L/∂${role(k)}`, g)] : [])) : [];
  const formula = backward ? op.gradFormula : op.formula;
  const shown = [...inputs, ...outputs, ...grads].filter((n) => n.tensor.shape.reduce((a, b) => a * b, 1) <= INLINE);
  const values = shown.map((n) => `${n.role} = ${valuesText(n.tensor.preview)}`);
  const base = { node: node.name, op: node.op, phase: e.phase, scope, formula, inputs, outputs, grads };
  if (values.length > 0) return { ...base, formulaWithValues: `${formula} \\quad (${values.join(',\\ ')})` };
  // An op without outputs has no element to work through.
  const first = outputs.length > 0 ? firstElementFormula([...inputs, ...outputs, ...grads]) : null;
  return first ? { ...base, formulaWithValues: first, valuesCaption: 'On the first element' } : { ...base, formulaWithValues: formula };
}

/** The clip's rule, and the same with this step's total norm and threshold. */
function clipFormulas(r: Extract<EventResult, { kind: 'clip' }>): Pick<OpView, 'formula' | 'formulaWithValues'> {
  const norm = `\\lVert g \\rVert = ${texNumber(r.totalNorm)}`;
  if (r.mode === 'value') return { formula: 'g \\leftarrow \\mathrm{clip}(g, -c, c)', formulaWithValues: `g \\leftarrow \\mathrm{clip}(g, ${texNumber(-r.maxNorm)}, ${texNumber(r.maxNorm)}), \\quad ${norm} \\text{ before}` };
  const factor = `\\min\\left(1, \\frac{${texNumber(r.maxNorm)}}{${texNumber(r.totalNorm)}}\\right)`;
  return { formula: 'g \\leftarrow g \\cdot \\min\\left(1, \\frac{c}{\\lVert g \\rVert}\\right)', formulaWithValues: `${norm}, \\quad g \\leftarrow g \\cdot ${factor} = g \\cdot ${texNumber(r.factor)}` };
}

function named(role: string, t: Tensor): NamedTensor {
  return { role, tensor: tensorView(t) };
}
