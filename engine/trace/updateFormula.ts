/**
 * The rule a recorded optimizer applied, as LaTeX, by its PyTorch class name (PyTorch's defaults
 * of each: no momentum shown for SGD, bias-corrected moments for Adam/AdamW); a class not listed
 * shows as a function of θ and g.
 */
const FORMULAS: ReadonlyMap<string, string> = new Map([
  ['SGD', '\\theta \\leftarrow \\theta - \\eta\\, g'],
  ['Adam', '\\theta \\leftarrow \\theta - \\eta\\, \\frac{\\hat m}{\\sqrt{\\hat v} + \\epsilon}'],
  ['AdamW', '\\theta \\leftarrow \\theta (1 - \\eta \\lambda) - \\eta\\, \\frac{\\hat m}{\\sqrt{\\hat v} + \\epsilon}'],
  ['Adagrad', '\\theta \\leftarrow \\theta - \\eta\\, \\frac{g}{\\sqrt{\\textstyle\\sum g^2} + \\epsilon}'],
  ['RMSprop', '\\theta \\leftarrow \\theta - \\eta\\, \\frac{g}{\\sqrt{v} + \\epsilon}'],
]);

export function updateFormula(optimizer: string): string {
  return FORMULAS.get(optimizer) ?? `\\theta \\leftarrow \\mathrm{${optimizer.replace(/[^A-Za-z0-9]/g, '')}}(\\theta, g)`;
}
