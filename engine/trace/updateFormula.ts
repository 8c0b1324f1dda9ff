/**
 * The rule of a recorded optimizer the engine has no twin of (recordedOptimizer.ts), as LaTeX: a
 * function of θ and g under PyTorch's class name — what it computed is in the recorded values.
 */
export function updateFormula(optimizer: string): string {
  return `\\theta \\leftarrow \\mathrm{${optimizer.replace(/[^A-Za-z0-9]/g, '')}}(\\theta, g)`;
}
