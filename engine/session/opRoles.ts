import { findOp } from '../ops/registry';

/** How an op's tensors are labelled and what formula it shows. */
export interface OpRoles {
  input(k: number): string;
  output(k: number): string;
  readonly formula: string;
  readonly gradFormula: string;
}

/**
 * The registry's names and formulas for an engine op; for an op the engine does not define (a
 * recording's `aten::addmm`, `AddmmBackward0`) inputs x0, x1, …, outputs y0, y1, … and its name
 * as the formula.
 */
export function opRoles(name: string): OpRoles {
  const op = findOp(name);
  if (!op) {
    const formula = `\\texttt{${name.replace(/[^A-Za-z0-9_:.]/g, '').replace(/_/g, '\\_')}}`;
    return { input: (k) => `x${k}`, output: (k) => `y${k}`, formula, gradFormula: formula };
  }
  const outputs = op.outputs ?? ['y'];
  return { input: (k) => op.inputs[k] ?? `${op.inputs[0]}${k}`, output: (k) => outputs[k] ?? `y${k}`, formula: op.formula, gradFormula: op.gradFormula ?? op.formula };
}
