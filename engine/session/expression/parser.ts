import { LIMITS, overLimit } from '../../limits';
import { count } from '../../model/budget';
import { ExpressionError, type BinaryOp, type Expr, type IndexPart, type Span } from './ast';
import { tokenize, type Token } from './lexer';

/**
 * A small recursive-descent parser (never `eval`). Grammar, loosest first:
 *   or      := and ('||' and)*
 *   and     := compare ('&&' compare)*
 *   compare := sum (('<' | '<=' | '>' | '>=' | '==' | '!=') sum)?
 *   sum     := product (('+' | '-') product)*
 *   product := unary (('*' | '/') unary)*
 *   unary   := ('-' | '!') unary | postfix
 *   postfix := primary ('[' part (',' part)* ']')*      part := expr | expr? ':' expr?
 *   primary := number | name | name '(' args ')' | '(' or ')'
 * Bounds before work: the length is checked before the text is read, and the tree's depth while it
 * is built (parsing, evaluating and `freeNames` recurse that deep), so any text up to the limit gives
 * a tree or an ExpressionError in time linear in its length.
 */
export function parseExpression(text: string): Expr {
  if (text.length > LIMITS.expressionLength.max) {
    throw new ExpressionError(overLimit(LIMITS.expressionLength, `the expression is ${count(text.length)} characters long`), { start: LIMITS.expressionLength.max, end: text.length });
  }
  if (text.trim() === '') throw new ExpressionError('the expression is empty', { start: 0, end: text.length });
  const p = new Parser(tokenize(text));
  const e = p.or();
  p.expectEnd();
  return e;
}

const LEVELS: readonly (readonly BinaryOp[])[] = [['||'], ['&&'], ['<', '<=', '>', '>=', '==', '!='], ['+', '-'], ['*', '/']];

class Parser {
  private at = 0;
  /** Rules open at once that can recurse (a parenthesis, an argument, an index, a sign). */
  private nesting = 0;
  /** Height of every node built so far: leaves 1, a node one more than its tallest child. */
  private readonly heights = new WeakMap<Expr, number>();

  constructor(private readonly tokens: readonly Token[]) {}

  or(): Expr {
    return this.nested(() => this.binary(0));
  }

  expectEnd(): void {
    const t = this.peek();
    if (t.kind !== 'end') throw new ExpressionError(`unexpected ${describe(t)} after the expression`, t.span);
  }

  private binary(level: number): Expr {
    if (level === LEVELS.length) return this.unary();
    let left = this.binary(level + 1);
    const comparing = level === 2;
    for (;;) {
      const op = this.punct(LEVELS[level]);
      if (!op) return left;
      const right = this.binary(level + 1);
      left = this.node({ kind: 'binary', op: op as BinaryOp, left, right, span: join(left.span, right.span) }, [left, right]);
      if (comparing) return left;
    }
  }

  private unary(): Expr {
    const t = this.peek();
    const op = this.punct(['-', '!']);
    if (!op) return this.postfix();
    const arg = this.nested(() => this.unary());
    return this.node({ kind: 'unary', op: op as '-' | '!', arg, span: join(t.span, arg.span) }, [arg]);
  }

  private postfix(): Expr {
    let e = this.primary();
    while (this.punct(['['])) {
      const parts: IndexPart[] = [this.part()];
      while (this.punct([','])) parts.push(this.part());
      const close = this.expect(']', 'to close the index');
      const inner = parts.flatMap((p) => (p.kind === 'at' ? [p.index] : [p.from, p.to]));
      e = this.node({ kind: 'index', target: e, parts, span: join(e.span, close) }, [e, ...inner]);
    }
    return e;
  }

  private part(): IndexPart {
    const from = this.isPunct(':') ? null : this.or();
    if (!this.punct([':'])) {
      if (!from) throw new ExpressionError('expected an index', this.peek().span);
      return { kind: 'at', index: from };
    }
    const to = this.isPunct(',') || this.isPunct(']') ? null : this.or();
    return { kind: 'range', from, to };
  }

  private primary(): Expr {
    const t = this.next();
    if (t.kind === 'number') return this.node({ kind: 'number', value: t.value, span: t.span }, []);
    if (t.kind === 'punct' && t.text === '(') {
      const e = this.or();
      this.expect(')', 'to close the parenthesis');
      return e;
    }
    if (t.kind !== 'name') throw new ExpressionError(`expected a name, a number or "(", got ${describe(t)}`, t.span);
    if (!this.punct(['('])) return this.node({ kind: 'name', name: t.text, span: t.span }, []);
    const args: Expr[] = [];
    if (!this.isPunct(')')) {
      args.push(this.or());
      while (this.punct([','])) args.push(this.or());
    }
    const close = this.expect(')', `to close ${t.text}(`);
    return this.node({ kind: 'call', fn: t.text, args, span: join(t.span, close) }, args);
  }

  /** Runs a rule that may recurse, failing cleanly past the depth limit instead of overflowing the stack. */
  private nested(rule: () => Expr): Expr {
    if (++this.nesting > LIMITS.expressionDepth.max) throw tooDeep(this.peek().span);
    try {
      return rule();
    } finally {
      this.nesting--;
    }
  }

  /** A node one level above its children (null: an open end of a range). */
  private node<E extends Expr>(e: E, children: readonly (Expr | null)[]): E {
    let height = 1;
    for (const c of children) if (c) height = Math.max(height, 1 + (this.heights.get(c) ?? 1));
    if (height > LIMITS.expressionDepth.max) throw tooDeep(e.span);
    this.heights.set(e, height);
    return e;
  }

  private peek(): Token {
    return this.tokens[this.at];
  }

  private next(): Token {
    const t = this.tokens[this.at];
    if (t.kind !== 'end') this.at++;
    return t;
  }

  private isPunct(text: string): boolean {
    const t = this.peek();
    return t.kind === 'punct' && t.text === text;
  }

  private punct(options: readonly string[]): string | null {
    const t = this.peek();
    if (t.kind !== 'punct' || !options.includes(t.text)) return null;
    this.at++;
    return t.text;
  }

  private expect(text: string, why: string): Span {
    const t = this.peek();
    if (!this.punct([text])) throw new ExpressionError(`expected "${text}" ${why}, got ${describe(t)}`, t.span);
    return t.span;
  }
}

function tooDeep(at: Span): ExpressionError {
  return new ExpressionError(overLimit(LIMITS.expressionDepth, `the expression nests more than ${LIMITS.expressionDepth.max} levels deep (split it into smaller ones)`), at);
}

function join(a: Span, b: Span): Span {
  return { start: a.start, end: b.end };
}

function describe(t: Token): string {
  if (t.kind === 'end') return 'the end';
  if (t.kind === 'number') return `the number ${t.value}`;
  return `"${t.text}"`;
}
