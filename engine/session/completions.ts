import { BackstepError } from '../errors';
import { LIMITS, overLimit } from '../limits';
import { count } from '../model/budget';
import type { CompletionView } from '../protocol/values';
import { Tensor } from '../tensor/tensor';
import { FUNCTIONS } from './expression';
import { shapeText } from './format';
import type { SessionNames } from './names';
import type { SessionState } from './state';

/**
 * Completions in the Debug Console and Watch: the names an expression can use at the cursor that
 * begin with the word typed before it — only those SessionNames gives (what the stepping has
 * computed), the functions, and short names that mean a tensor here (`gate_f` at memory/t3).
 *
 * Bounded for tapes of thousands of tensors: names are filtered by the word first (a prefix, any
 * case); a `/` scope is offered once, `memory/t3/`, not its tensors, until the word reaches into it;
 * the answer is sorted (short names first, then by name with numbers in order, t2 before t10) and
 * cut at MAX_COMPLETIONS — type more of the name to see the rest.
 */
export const MAX_COMPLETIONS = 100;

type FunctionName = (typeof FUNCTIONS)[number];

/** What each function of the expressions gives, as its completion says. */
const FUNCTION_DETAIL: Readonly<Record<FunctionName, string>> = {
  grad: 'grad(x): the gradient of a named tensor, indexed like it',
  norm: 'norm(x): the L2 norm',
  mean: 'mean(x)',
  min: 'min(x)',
  max: 'max(x)',
  sum: 'sum(x)',
  abs: 'abs(x): elementwise',
  shape: 'shape(x)',
  size: 'size(x): the number of values',
  std: 'std(x): the standard deviation',
};

/** The word being typed before `column`: where it starts and its text; null in a number or past a non-name. */
export function wordBefore(text: string, column: number): { readonly start: number; readonly prefix: string } | null {
  let start = column;
  while (start > 0 && NAME_CHAR.test(text[start - 1])) start--;
  const prefix = text.slice(start, column);
  return prefix === '' || NAME_START.test(prefix[0]) ? { start, prefix } : null;
}

export function completions(s: SessionState, text: string, column: number): CompletionView[] {
  if (text.length > LIMITS.expressionLength.max) throw new BackstepError('E_ARGUMENT', overLimit(LIMITS.expressionLength, `the text to complete is ${count(text.length)} characters long`));
  if (!Number.isSafeInteger(column) || column < 0 || column > text.length) throw new BackstepError('E_ARGUMENT', `the cursor column ${column} is outside the text (${text.length} characters)`);
  const word = wordBefore(text, column);
  if (!word) return [];
  const found = new Finder(s, word.prefix).all();
  return found.slice(0, MAX_COMPLETIONS).map(({ near: _near, ...c }) => ({ ...c, start: word.start, length: column - word.start }));
}

type Found = Omit<CompletionView, 'start' | 'length'> & { readonly near: boolean };

class Finder {
  private readonly names: SessionNames;
  private readonly lower: string;
  private readonly found = new Map<string, Found>();
  /** Names under each scope offered, for its detail. */
  private readonly under = new Map<string, number>();

  constructor(
    private readonly s: SessionState,
    private readonly prefix: string,
  ) {
    this.names = s.names();
    this.lower = prefix.toLowerCase();
  }

  all(): Found[] {
    const params = new Set(this.s.trainer.layers.flatMap((l) => l.params.map((p) => p.name)));
    this.shortNames(params);
    for (const name of this.names.names()) {
      if (!this.matches(name) || this.found.has(name)) continue;
      const cut = name.indexOf('/', this.prefix.length);
      if (cut >= 0) this.scope(name.slice(0, cut + 1));
      else this.name(name, params.has(name) ? 'property' : 'variable');
    }
    for (const fn of FUNCTIONS) if (this.matches(fn) && !this.found.has(fn)) this.found.set(fn, { label: fn, text: `${fn}(`, type: 'function', detail: FUNCTION_DETAIL[fn], near: false });
    for (const [label, n] of this.under) this.found.set(label, { label, type: 'module', detail: `scope of ${n} name${n === 1 ? '' : 's'}`, near: false });
    return [...this.found.values()].sort((a, b) => Number(b.near) - Number(a.near) || ORDER.compare(a.label, b.label));
  }

  /** Names of the current scope without it, `gate_f` for memory/t3/gate_f, when they mean that tensor here. */
  private shortNames(params: ReadonlySet<string>): void {
    const prefixes = this.names.shortPrefixes();
    for (const name of this.names.names()) {
      for (const p of prefixes) {
        if (!name.startsWith(p)) continue;
        const short = name.slice(p.length);
        if (short.includes('/') || !this.matches(short) || this.found.has(short)) continue;
        // It means that tensor here when it is what the short name finds (tape tensors and parameters carry their names).
        const t = this.names.lookup(short);
        if (t instanceof Tensor && t.name === name) this.found.set(short, { label: short, type: params.has(name) ? 'property' : 'variable', detail: `${tensorDetail(t)} · ${name}`, near: true });
      }
    }
  }

  private name(name: string, type: 'property' | 'variable'): void {
    // The stepping's rule: a name counts once its value is computed (loss after the loss op, a time step once reached).
    const v = this.names.shapeOf(name);
    if (v === undefined) return;
    this.found.set(name, { label: name, type, detail: typeof v === 'number' ? 'number' : tensorDetail(v), near: false });
  }

  private scope(label: string): void {
    this.under.set(label, (this.under.get(label) ?? 0) + 1);
  }

  private matches(name: string): boolean {
    return name.length >= this.prefix.length && name.slice(0, this.prefix.length).toLowerCase() === this.lower;
  }
}

function tensorDetail(t: { readonly shape: readonly number[]; readonly dtype: string }): string {
  return `${shapeText(t.shape)} ${t.dtype}`;
}

const ORDER = new Intl.Collator('en', { numeric: true });
const NAME_START = /[A-Za-z_]/;
/** The characters of a name as the lexer reads it, `.` and `/` between its parts included. */
const NAME_CHAR = /[A-Za-z0-9_./]/;
