import katex from 'katex';
import { el, replace } from './dom';
import { fillNumbers, numbersOf, shape, slotted, type Slots, slotsIn } from './formulaSlots';

/**
 * Typeset formulas by source: an op's formula is the same at every stop, only cloned again. The nodes
 * kept are the ones first typeset (in their place or detached since): nothing ever changes them.
 */
const cache = new Map<string, readonly Node[]>();
const CACHE_SIZE = 200;

const OPTIONS = { throwOnError: true, strict: 'ignore', output: 'htmlAndMathml' } as const;
/** Only `\htmlClass`, which marks the number slots, is trusted; the TeX comes from the engine's formulas. */
const trust = (context: { command: string }): boolean => context.command === '\\htmlClass';

/**
 * Renders LaTeX with KaTeX into `target`. `katex.render` builds DOM nodes and sets their styles
 * through the CSSOM, which the webview's CSP allows (an HTML string with style attributes would not).
 * A formula KaTeX cannot parse is shown as its source, so the learner still sees it.
 */
export function renderFormula(target: HTMLElement, latex: string, display = true): void {
  try {
    const key = `${display ? 'D' : 'I'}${latex}`;
    const typeset = cache.get(key);
    if (typeset) replace(target, ...typeset.map((n) => n.cloneNode(true)));
    else {
      // Typeset straight into place: a formula seen for the first time (new numbers) is not copied.
      katex.render(latex, target, { ...OPTIONS, displayMode: display, trust: false });
      cache.set(key, Array.from(target.childNodes));
      if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
    }
    target.classList.remove('formula-source');
  } catch (error) {
    showSource(target, latex, error);
  }
}

function showSource(target: HTMLElement, latex: string, error: unknown): void {
  target.classList.add('formula-source');
  replace(target, el('code', {}, latex), el('span', { class: 'muted' }, ` (${error instanceof Error ? error.message : 'could not be typeset'})`));
}

/** The source each target shows, so that an unchanged formula is neither cloned nor laid out again. */
const shown = new WeakMap<HTMLElement, string>();

/** `renderFormula`, skipped when `target` already shows `latex`. */
export function updateFormula(target: HTMLElement, latex: string, display = true): void {
  const key = `${display ? 'D' : 'I'}${latex}`;
  if (shown.get(target) === key) return;
  renderFormula(target, latex, display);
  shown.set(target, key);
  slots.delete(target);
}

/** For each target of `updateNumbers`: the shape it shows and where its numbers are. */
const slots = new WeakMap<HTMLElement, Slots>();

/**
 * A formula whose numbers change from stop to stop (the worked example of an op). When only its
 * numbers differ from what `target` shows, they are rewritten in place: typesetting and laying out a
 * thousand KaTeX boxes again costs a stop tens of milliseconds, rewriting twenty numbers almost nothing.
 */
export function updateNumbers(target: HTMLElement, latex: string): void {
  const key = `D${latex}`;
  if (shown.get(target) === key) return;
  const now = slots.get(target);
  const form = shape(latex);
  if (now && form !== null && now.shape === form && fillNumbers(now, numbersOf(latex), latex)) {
    shown.set(target, key);
    return;
  }
  slots.delete(target);
  if (form === null) {
    updateFormula(target, latex);
    return;
  }
  try {
    katex.render(slotted(latex), target, { ...OPTIONS, displayMode: true, trust });
    target.classList.remove('formula-source');
    const found = slotsIn(target, form, latex);
    if (found) slots.set(target, found);
  } catch (error) {
    showSource(target, latex, error);
  }
  shown.set(target, key);
}

/** Empties `target` (a formula that no longer applies must not linger in the page, hidden or not). */
export function clearFormula(target: HTMLElement): void {
  replace(target);
  shown.delete(target);
  slots.delete(target);
}

export function formula(latex: string, display = true): HTMLElement {
  const node = el('div', { class: 'formula' });
  renderFormula(node, latex, display);
  return node;
}
