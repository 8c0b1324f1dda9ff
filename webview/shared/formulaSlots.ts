/**
 * The numbers of a typeset formula, found again so that they can be rewritten in place. Every run of
 * digits in the TeX is typeset inside `\htmlClass{bs-n-<i>}` (its own span in KaTeX's HTML) and is
 * one `<mn>` of KaTeX's MathML, in source order. A formula whose TeX differs only in those digit runs
 * has the same boxes, so the new numbers can replace the old ones' text.
 */
const DIGITS = /\d+(?:\.\d+)?/g;
/** Digits that are not numbers of the formula: inside text, or a length (`2pt`). */
const UNSAFE = /\\(?:text|mathrm|operatorname|hspace|kern|mkern|rule|raisebox)\b|\d\s*(?:pt|em|ex|mu|px)\b/;

/** Where a typeset formula's numbers are. */
export interface Slots {
  readonly shape: string;
  readonly html: readonly Element[];
  readonly mathml: readonly Element[];
  readonly annotation: Element | null;
}

/** The formula with each number replaced by `#`; null when its digits cannot all be slots. */
export function shape(latex: string): string | null {
  return UNSAFE.test(latex) ? null : latex.replace(DIGITS, '#');
}

export function numbersOf(latex: string): string[] {
  return latex.match(DIGITS) ?? [];
}

/** The TeX to typeset: each number in a group of its own, marked with its index. */
export function slotted(latex: string): string {
  let i = 0;
  return latex.replace(DIGITS, (digits) => `{\\htmlClass{bs-n-${i++}}{${digits}}}`);
}

/**
 * The slots of a formula `slotted(latex)` typeset into `target`, checked against the numbers of
 * `latex`; null when KaTeX did not keep one span and one `<mn>` per number. The TeX annotation is
 * set back to `latex` (copied formulas must not carry the slot marks).
 */
export function slotsIn(target: HTMLElement, form: string, latex: string): Slots | null {
  const numbers = numbersOf(latex);
  const html = numbers.map((_, i) => target.querySelector(`.katex-html .bs-n-${i}`));
  const mathml = Array.from(target.querySelectorAll('.katex-mathml mn'));
  const annotation = target.querySelector('annotation');
  if (annotation) annotation.textContent = latex;
  const fits = mathml.length === numbers.length && numbers.every((n, i) => html[i]?.textContent === n && html[i]!.querySelectorAll('.mord').length <= 1 && mathml[i].textContent === n);
  return fits ? { shape: form, html: html as Element[], mathml, annotation } : null;
}

/** Writes `numbers` into the slots (only those that changed); false when the counts differ. */
export function fillNumbers(slots: Slots, numbers: readonly string[], latex: string): boolean {
  if (numbers.length !== slots.html.length) return false;
  numbers.forEach((n, i) => {
    const span = slots.html[i];
    if (span.textContent === n) return;
    // KaTeX gives the digits of a number one `mord` span; its box has the same height whatever they are.
    const digits = span.querySelector('.mord') ?? span;
    digits.textContent = n;
    slots.mathml[i].textContent = n;
  });
  if (slots.annotation) slots.annotation.textContent = latex;
  return true;
}
