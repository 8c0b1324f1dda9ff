import katex from 'katex';
import { el, replace } from './dom';

/**
 * Renders LaTeX with KaTeX into `target`. `katex.render` builds DOM nodes and sets their styles
 * through the CSSOM, which the webview's CSP allows (an HTML string with style attributes would not).
 * A formula KaTeX cannot parse is shown as its source, so the learner still sees it.
 */
export function renderFormula(target: HTMLElement, latex: string, display = true): void {
  try {
    katex.render(latex, target, { displayMode: display, throwOnError: true, strict: 'ignore', trust: false, output: 'htmlAndMathml' });
    target.classList.remove('formula-source');
  } catch (error) {
    target.classList.add('formula-source');
    replace(target, el('code', {}, latex), el('span', { class: 'muted' }, ` (${error instanceof Error ? error.message : 'could not be typeset'})`));
  }
}

export function formula(latex: string, display = true): HTMLElement {
  const node = el('div', { class: 'formula' });
  renderFormula(node, latex, display);
  return node;
}
