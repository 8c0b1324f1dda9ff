import { LIMITS, overLimit } from '../limits';
import { count } from '../model/budget';
import { evaluateExpr, ExpressionError, parseExpression, type Expr, type NameScope, type Value } from './expression';

/**
 * A logpoint's message: text with `{expr}` parts (`loss={loss} ‖∇W‖={norm(grad(hidden.W))}`), `{{`
 * and `}}` for braces. Each part is parsed once, when the breakpoint is set; at every hit it is
 * evaluated in the names of that position, and a part that fails prints its error in place
 * (`<unknown name bogus>`) — a logpoint never stops the run.
 */
export type LogPart = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'expr'; readonly text: string; readonly expr: Expr | null; readonly error: string | null };

export interface LogMessage {
  readonly text: string;
  readonly parts: readonly LogPart[];
}

/** The message's parts, or a problem: too long, or a `{` never closed. */
export function parseLogMessage(text: string): LogMessage | { readonly problem: string } {
  if (text.length > LIMITS.expressionLength.max) return { problem: `log message: ${overLimit(LIMITS.expressionLength, `it is ${count(text.length)} characters long`)}` };
  const parts: LogPart[] = [];
  let literal = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if ((c === '{' || c === '}') && text[i + 1] === c) {
      literal += c;
      i++;
    } else if (c === '{') {
      const close = text.indexOf('}', i + 1);
      if (close < 0) return { problem: `log message: the { at column ${i + 1} is not closed (write {{ for a brace)` };
      if (literal) parts.push({ kind: 'text', text: literal });
      literal = '';
      parts.push(exprPart(text.slice(i + 1, close)));
      i = close;
    } else literal += c;
  }
  if (literal) parts.push({ kind: 'text', text: literal });
  return { text, parts };
}

function exprPart(text: string): LogPart {
  try {
    return { kind: 'expr', text, expr: parseExpression(text), error: null };
  } catch (e) {
    return { kind: 'expr', text, expr: null, error: e instanceof ExpressionError ? e.message : String(e) };
  }
}

/** The message with every part evaluated by `show` (the Debug Console's text of a value). */
export function renderLogMessage(m: LogMessage, names: NameScope, show: (v: Value) => string): string {
  return m.parts.map((p) => (p.kind === 'text' ? p.text : `${evaluatePart(p, names, show)}`)).join('');
}

function evaluatePart(p: Extract<LogPart, { kind: 'expr' }>, names: NameScope, show: (v: Value) => string): string {
  if (!p.expr) return `<${p.error}>`;
  try {
    return show(evaluateExpr(p.text, p.expr, names));
  } catch (e) {
    return `<${e instanceof ExpressionError ? e.message : String(e)}>`;
  }
}
