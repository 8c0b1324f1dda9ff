import katex from 'katex';
import { el, replace } from './dom';

/**
 * Typeset formulas by source: an op's formula is the same at every stop, only cloned again. The nodes
 * kept are the ones first typeset (in their place or detached since): nothing ever changes them.
 */
const cache = new Map<string, readonly Node[]>();
const CACHE_SIZE = 200;

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
      katex.render(latex, target, { displayMode: display, throwOnError: true, strict: 'ignore', trust: false, output: 'htmlAndMathml' });
      cache.set(key, Array.from(target.childNodes));
      if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
    }
    target.classList.remove('formula-source');
  } catch (error) {
    target.classList.add('formula-source');
    replace(target, el('code', {}, latex), el('span', { class: 'muted' }, ` (${error instanceof Error ? error.message : 'could not be typeset'})`));
  }
}

/** The source each target shows, so that an unchanged formula is neither cloned nor laid out again. */
const shown = new WeakMap<HTMLElement, string>();

/** `renderFormula`, skipped when `target` already shows `latex`. */
export function updateFormula(target: HTMLElement, latex: string, display = true): void {
  const key = `${display ? 'D' : 'I'}${latex}`;
  if (shown.get(target) === key) return;
  renderFormula(target, latex, display);
  shown.set(target, key);
}

/** Empties `target` (a formula that no longer applies must not linger in the page, hidden or not). */
export function clearFormula(target: HTMLElement): void {
  replace(target);
  shown.delete(target);
}

export function formula(latex: string, display = true): HTMLElement {
  const node = el('div', { class: 'formula' });
  renderFormula(node, latex, display);
  return node;
}
