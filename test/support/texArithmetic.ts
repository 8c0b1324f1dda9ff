/**
 * Evaluates the arithmetic of a worked formula as the engine writes it: numbers (`1.5 \times 10^{-3}`),
 * `+ -`, `\cdot`, parentheses and braces, `\frac{a}{b}`, `\sqrt{a}`, powers `x^{k}` / `x^2`. A parser,
 * not `eval`: a formula with anything else fails to parse, and the test says where.
 */
export function evaluateTex(tex: string): number {
  const tokens = tex.match(/\\[a-zA-Z]+|\d+(?:\.\d+)?|[-+(){}^]|\S/g) ?? [];
  let at = 0;
  const peek = (): string | undefined => tokens[at];
  const take = (expected?: string): string => {
    const t = tokens[at++];
    if (t === undefined || (expected !== undefined && t !== expected)) throw new Error(`"${tex}": expected ${expected ?? 'more'} at token ${at - 1}, got ${t ?? 'the end'}`);
    return t;
  };
  const sum = (): number => {
    let x = peek() === '-' ? (take(), -product()) : product();
    while (peek() === '+' || peek() === '-') x = take() === '+' ? x + product() : x - product();
    return x;
  };
  const product = (): number => {
    let x = power();
    while (peek() === '\\cdot' || peek() === '\\times') {
      take();
      x *= power();
    }
    return x;
  };
  const power = (): number => {
    const base = atom();
    if (peek() !== '^') return base;
    take('^');
    return base ** atom();
  };
  const group = (): number => (take('{'), finish(sum(), '}'));
  const finish = (x: number, close: string): number => (take(close), x);
  const atom = (): number => {
    const t = take();
    if (/^\d/.test(t)) return Number(t);
    if (t === '(') return finish(sum(), ')');
    if (t === '{') return finish(sum(), '}');
    if (t === '-') return -atom();
    if (t === '\\frac') return group() / group();
    if (t === '\\sqrt') return Math.sqrt(group());
    throw new Error(`"${tex}": cannot evaluate ${t} at token ${at - 1}`);
  };
  const value = sum();
  if (at !== tokens.length) throw new Error(`"${tex}": unexpected ${tokens[at]} at token ${at}`);
  return value;
}
