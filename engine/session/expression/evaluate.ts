import { didYouMean } from '../../model/suggest';
import { Tensor } from '../../tensor/tensor';
import { ExpressionError, NotComputedError, type BinaryOp, type Expr, type IndexPart } from './ast';
import { parseExpression } from './parser';
import { sliceTensor, type AxisIndex } from './slicing';
import { asNumber, bool, describeValue, mapTensor, num, tensor, type Value } from './value';

/** The names an expression can use, resolved against the session's current state. */
export interface NameScope {
  /** A tensor or number by name; undefined when nothing has that name. */
  lookup(name: string): Tensor | number | undefined;
  /** Every name, for "did you mean". */
  names(): Iterable<string>;
  /** Why a name the lookup did not give is not computed yet at this stop (undefined: it is simply unknown). */
  pending?(name: string): string | undefined;
}

export const FUNCTIONS = ['grad', 'norm', 'mean', 'min', 'max', 'sum', 'abs', 'shape', 'size', 'std'] as const;

/** Parses and evaluates; errors are ExpressionErrors located in the text. */
export function evaluateText(text: string, scope: NameScope): Value {
  return new Evaluator(text, scope).eval(parseExpression(text));
}

export function evaluateExpr(text: string, expr: Expr, scope: NameScope): Value {
  return new Evaluator(text, scope).eval(expr);
}

class Evaluator {
  constructor(
    private readonly text: string,
    private readonly scope: NameScope,
  ) {}

  eval(e: Expr): Value {
    switch (e.kind) {
      case 'number':
        return num(e.value);
      case 'name':
        return this.name(e);
      case 'index':
        return tensor(this.index(this.tensorOf(this.eval(e.target), e.target), e.parts, this.source(e)));
      case 'unary':
        return this.unary(e);
      case 'binary':
        return this.binary(e);
      case 'call':
        return this.call(e);
    }
  }

  private source(e: Expr): string {
    return this.text.slice(e.span.start, e.span.end);
  }

  private name(e: Extract<Expr, { kind: 'name' }>): Value {
    const v = this.scope.lookup(e.name);
    if (v === undefined) {
      const why = this.scope.pending?.(e.name);
      if (why !== undefined) throw new NotComputedError(`${e.name} is not computed yet: ${why}`, e.span);
      const near = didYouMean(e.name, this.scope.names());
      throw new ExpressionError(`unknown name ${e.name}${near ? ` — did you mean ${near}?` : ''}`, e.span);
    }
    return typeof v === 'number' ? num(v) : tensor(v);
  }

  private tensorOf(v: Value, e: Expr): Tensor {
    if (v.kind === 'tensor') return v.tensor;
    throw new ExpressionError(`${this.source(e)} is ${describeValue(v)}, not a tensor`, e.span);
  }

  private numberOf(v: Value, e: Expr): number {
    const n = asNumber(v);
    if (n === null) throw new ExpressionError(`${this.source(e)} is ${describeValue(v)}; use norm(), mean(), min() or max() to get one number`, e.span);
    return n;
  }

  private index(t: Tensor, parts: readonly IndexPart[], name: string): Tensor {
    const axes: AxisIndex[] = parts.map((p) => {
      if (p.kind === 'at') return { at: this.integer(p.index) };
      return { from: p.from ? this.integer(p.from) : 0, to: p.to ? this.integer(p.to) : Number.MAX_SAFE_INTEGER };
    });
    try {
      return sliceTensor(t, axes, name);
    } catch (err) {
      const span = { start: parts.length ? spanOfPart(parts[0]).start : 0, end: parts.length ? spanOfPart(parts[parts.length - 1]).end : 0 };
      throw new ExpressionError(`${(err as Error).message} in ${name}`, span);
    }
  }

  private integer(e: Expr): number {
    const n = this.numberOf(this.eval(e), e);
    if (!Number.isInteger(n)) throw new ExpressionError(`an index must be a whole number, got ${n}`, e.span);
    return n;
  }

  private unary(e: Extract<Expr, { kind: 'unary' }>): Value {
    const v = this.eval(e.arg);
    if (e.op === '!') return bool(!this.truth(v, e.arg));
    if (v.kind === 'tensor') return tensor(mapTensor(v.tensor, (x) => -x, this.source(e)));
    return num(-this.numberOf(v, e.arg));
  }

  private truth(v: Value, e: Expr): boolean {
    return v.kind === 'bool' ? v.value : this.numberOf(v, e) !== 0;
  }

  private binary(e: Extract<Expr, { kind: 'binary' }>): Value {
    if (e.op === '&&') return bool(this.truth(this.eval(e.left), e.left) && this.truth(this.eval(e.right), e.right));
    if (e.op === '||') return bool(this.truth(this.eval(e.left), e.left) || this.truth(this.eval(e.right), e.right));
    const a = this.eval(e.left);
    const b = this.eval(e.right);
    if (isComparison(e.op)) return bool(compare(e.op, this.numberOf(a, e.left), this.numberOf(b, e.right)));
    if (a.kind === 'tensor' || b.kind === 'tensor') return tensor(this.elementwise(e, a, b));
    return num(arith(e.op, this.numberOf(a, e.left), this.numberOf(b, e.right)));
  }

  /** Tensor with number, or two tensors of one shape. */
  private elementwise(e: Extract<Expr, { kind: 'binary' }>, a: Value, b: Value): Tensor {
    const name = this.source(e);
    if (a.kind !== 'tensor') return mapTensor((b as { tensor: Tensor }).tensor, (y) => arith(e.op, this.numberOf(a, e.left), y), name);
    if (b.kind !== 'tensor') return mapTensor(a.tensor, (x) => arith(e.op, x, this.numberOf(b, e.right)), name);
    const [x, y] = [a.tensor, b.tensor];
    if (x.shape.join(',') !== y.shape.join(',')) {
      throw new ExpressionError(`shapes [${x.shape.join(',')}] and [${y.shape.join(',')}] differ in ${name}`, e.span);
    }
    const out = Tensor.zeros(x.shape, 'float64', name);
    for (let i = 0; i < x.size; i++) out.data[i] = arith(e.op, x.data[i], y.data[i]);
    return out;
  }

  private call(e: Extract<Expr, { kind: 'call' }>): Value {
    if (!(FUNCTIONS as readonly string[]).includes(e.fn)) {
      const near = didYouMean(e.fn, FUNCTIONS);
      throw new ExpressionError(`unknown function ${e.fn}()${near ? ` — did you mean ${near}()?` : `; the functions are ${FUNCTIONS.join(', ')}`}`, e.span);
    }
    if (e.args.length !== 1) throw new ExpressionError(`${e.fn}() takes one argument, got ${e.args.length}`, e.span);
    const arg = e.args[0];
    if (e.fn === 'grad') return tensor(this.grad(arg, this.source(e)));
    const v = this.eval(arg);
    if (v.kind !== 'tensor') return e.fn === 'abs' ? num(Math.abs(this.numberOf(v, arg))) : reduceNumber(e.fn, this.numberOf(v, arg));
    return reduceTensor(e.fn, v.tensor, this.source(e));
  }

  /** grad(x), grad(x[i]): the gradient of a named tensor (zeros until the backward pass reaches it), indexed like x. */
  private grad(arg: Expr, name: string): Tensor {
    if (arg.kind === 'index') return this.index(this.grad(arg.target, `grad(${this.source(arg.target)})`), arg.parts, name);
    if (arg.kind !== 'name') throw new ExpressionError('grad() takes the name of a tensor, e.g. grad(fc1.W)', arg.span);
    const v = this.name(arg);
    if (v.kind !== 'tensor') throw new ExpressionError(`${arg.name} is a number; grad() takes a tensor`, arg.span);
    const t = v.tensor;
    const g = t.grad ?? Tensor.zeros(t.shape, t.dtype);
    return new Tensor(g.data, t.shape, name);
  }
}

function spanOfPart(p: IndexPart): { start: number; end: number } {
  if (p.kind === 'at') return p.index.span;
  return { start: (p.from ?? p.to)?.span.start ?? 0, end: (p.to ?? p.from)?.span.end ?? 0 };
}

function isComparison(op: BinaryOp): boolean {
  return op === '<' || op === '<=' || op === '>' || op === '>=' || op === '==' || op === '!=';
}

function compare(op: BinaryOp, a: number, b: number): boolean {
  switch (op) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '==':
      return a === b;
    default:
      return a !== b;
  }
}

function arith(op: BinaryOp, a: number, b: number): number {
  if (op === '+') return a + b;
  if (op === '-') return a - b;
  if (op === '*') return a * b;
  return a / b;
}

function reduceNumber(fn: string, x: number): Value {
  if (fn === 'shape') return tensor(Tensor.of([], [0], 'float64', 'shape'));
  if (fn === 'size') return num(1);
  if (fn === 'norm') return num(Math.abs(x));
  return num(fn === 'std' ? 0 : x);
}

function reduceTensor(fn: string, t: Tensor, name: string): Value {
  if (fn === 'abs') return tensor(mapTensor(t, Math.abs, name));
  if (fn === 'shape') return tensor(Tensor.of(t.shape, [t.rank], 'float64', name));
  if (fn === 'size') return num(t.size);
  if (fn === 'sum') {
    let s = 0;
    for (let i = 0; i < t.size; i++) s += t.data[i];
    return num(s);
  }
  return num(reduce(fn, t.data));
}

/** Plain reductions in which NaN and ±Inf propagate as in arithmetic (unlike the display stats). */
function reduce(fn: string, d: ArrayLike<number>): number {
  const n = d.length;
  let sum = 0;
  let sq = 0;
  let lo = Infinity;
  let hi = -Infinity;
  let nan = false;
  for (let i = 0; i < n; i++) {
    const x = d[i];
    if (x !== x) nan = true;
    sum += x;
    sq += x * x;
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  if (fn === 'norm') return Math.sqrt(sq);
  if (n === 0) return NaN;
  const mean = sum / n;
  if (fn === 'mean') return mean;
  if (fn === 'std') return Math.sqrt(Math.max(0, sq / n - mean * mean));
  if (nan) return NaN;
  return fn === 'min' ? lo : hi;
}
