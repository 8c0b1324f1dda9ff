/** A span of the expression text: 0-based, end exclusive. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export type IndexPart =
  | { readonly kind: 'at'; readonly index: Expr }
  /** `a:b`, either end optional. */
  | { readonly kind: 'range'; readonly from: Expr | null; readonly to: Expr | null };

export type Expr =
  | { readonly kind: 'number'; readonly value: number; readonly span: Span }
  /** A tensor or value name: `memory.W_f`, `memory/t3/gate_f`, `loss`. */
  | { readonly kind: 'name'; readonly name: string; readonly span: Span }
  | { readonly kind: 'call'; readonly fn: string; readonly args: readonly Expr[]; readonly span: Span }
  | { readonly kind: 'index'; readonly target: Expr; readonly parts: readonly IndexPart[]; readonly span: Span }
  | { readonly kind: 'unary'; readonly op: '-' | '!'; readonly arg: Expr; readonly span: Span }
  | { readonly kind: 'binary'; readonly op: BinaryOp; readonly left: Expr; readonly right: Expr; readonly span: Span };

export type BinaryOp = '+' | '-' | '*' | '/' | '<' | '<=' | '>' | '>=' | '==' | '!=' | '&&' | '||';

/** A user-facing error in an expression, with the span it is about. */
export class ExpressionError extends Error {
  constructor(
    message: string,
    readonly span: Span,
  ) {
    super(message);
    this.name = 'ExpressionError';
  }

  /** `unknown name memory.W_g — did you mean memory.W_f? (at column 6)` */
  describe(): string {
    return `${this.message} (at column ${this.span.start + 1})`;
  }
}

/** A name the stepping has not reached: a breakpoint condition on it does not hold (rather than failing). */
export class NotComputedError extends ExpressionError {}

/** The names an expression reads (not the functions it calls). */
export function freeNames(e: Expr, out = new Set<string>()): Set<string> {
  switch (e.kind) {
    case 'name':
      out.add(e.name);
      break;
    case 'call':
      e.args.forEach((a) => freeNames(a, out));
      break;
    case 'index':
      freeNames(e.target, out);
      for (const p of e.parts) {
        if (p.kind === 'at') freeNames(p.index, out);
        else [p.from, p.to].forEach((x) => x && freeNames(x, out));
      }
      break;
    case 'unary':
      freeNames(e.arg, out);
      break;
    case 'binary':
      freeNames(e.left, out);
      freeNames(e.right, out);
      break;
    default:
      break;
  }
  return out;
}
