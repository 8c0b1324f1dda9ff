/**
 * The expression language of Watch, Evaluate and breakpoint conditions: names (`memory.W_f`,
 * `memory/t3/gate_f`, `loss`, `lr`), indexing and slices (`x[0]`, `x[1:3, 2]`, `x[-1]`), the
 * functions grad, norm, mean, min, max, sum, std, abs, shape, size, arithmetic, comparisons and
 * `&&` `||` `!`. Parsed by hand and evaluated over the session's state — never `eval`.
 */
export { ExpressionError, NotComputedError, freeNames, type Expr, type Span } from './expression/ast';
export { parseExpression } from './expression/parser';
export { evaluateExpr, evaluateText, FUNCTIONS, type NameScope } from './expression/evaluate';
export { asNumber, type Value } from './expression/value';
