import { findOp } from '../ops/registry';
import { recordedRoles } from '../trace/recognise';

/** How an op's tensors are labelled and what formula it shows. */
export interface OpRoles {
  input(k: number): string;
  output(k: number): string;
  readonly formula: string;
  readonly gradFormula: string;
}

/**
 * The registry's names and formulas for an engine op; for a recorded op whose meaning is known
 * (a fused attention: engine/trace/recognise.ts) PyTorch's; for any other op the engine does not
 * define (a recording's `aten::addmm`, `AddmmBackward0`) inputs x0, x1, …, outputs y0, y1, … and
 * its name as the formula.
 */
export function opRoles(name: string): OpRoles {
  const op = findOp(name);
  if (!op) {
    const recorded = recordedRoles(name);
    if (recorded) return { input: (k) => recorded.inputs[k] ?? `x${k}`, output: (k) => recorded.outputs[k] ?? `y${k}`, formula: recorded.formula, gradFormula: recorded.formula };
    const formula = `\\texttt{${name.replace(/[^A-Za-z0-9_:.]/g, '').replace(/_/g, '\\_')}}`;
    return { input: (k) => `x${k}`, output: (k) => `y${k}`, formula, gradFormula: formula };
  }
  const outputs = op.outputs ?? ['y'];
  return { input: (k) => op.inputs[k] ?? `${op.inputs[0]}${k}`, output: (k) => outputs[k] ?? `y${k}`, formula: op.formula, gradFormula: op.gradFormula ?? op.formula };
}
