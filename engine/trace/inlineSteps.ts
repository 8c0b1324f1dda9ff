/** Where a version-1 index keeps each step, found without parsing it. */
export interface InlineSteps {
  /** The index's text with `steps` emptied (`"steps":[]`): the header, parsed at open. */
  readonly header: string;
  /** Each step's number and the span of its JSON object in the text, parsed when the step is reached. */
  readonly steps: readonly { readonly step: number; readonly start: number; readonly end: number }[];
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const BLANK = /^\s*$/;
const BETWEEN = /^\s*,\s*$/;
/** The recorder writes each step's number first: `{"step":100,`. */
const STEP_NUMBER = /\{\s*"step"\s*:\s*(-?\d{1,15})\s*,/y;

/**
 * Finds the steps of a version-1 index (every step's entries inside `steps`) by one pass over its
 * text that follows strings and brackets only, so opening costs no parse of the steps. Null when
 * the text is not laid out as the recorder wrote it (brackets that do not balance, `steps` not a
 * list of objects each starting with its number): the caller then parses the text whole, and
 * JSON.parse names what is wrong. Nothing in a step is trusted here: each is parsed and checked
 * when reached.
 */
export function findInlineSteps(text: string): InlineSteps | null {
  let depth = 0;
  let key = '';
  let open = -1;
  let close = -1;
  let start = -1;
  let last = -1;
  const steps: { step: number; start: number; end: number }[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = stringEnd(text, i);
      if (end < 0) return null;
      if (depth === 1) key = text.slice(i + 1, end);
      i = end;
    } else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth === 2 && c === 0x5b && key === 'steps' && open < 0) open = last = i + 1;
      else if (depth === 3 && open >= 0 && close < 0) {
        STEP_NUMBER.lastIndex = i;
        const number = STEP_NUMBER.exec(text);
        if (c !== 0x7b || !number || !(steps.length ? BETWEEN : BLANK).test(text.slice(last, i))) return null;
        start = i;
        steps.push({ step: Number(number[1]), start, end: -1 });
      }
    } else if (c === 0x7d || c === 0x5d) {
      if (depth === 3 && start >= 0) {
        steps[steps.length - 1].end = last = i + 1;
        start = -1;
      } else if (depth === 2 && open >= 0 && close < 0) {
        if (c !== 0x5d || !BLANK.test(text.slice(last, i))) return null;
        close = i;
      }
      if (--depth < 0) return null;
    }
  }
  if (depth !== 0 || close < 0) return null;
  return { header: `${text.slice(0, open)}]${text.slice(close + 1)}`, steps };
}

/** The index of the quote that ends the string opening at `i`, or -1. */
function stringEnd(text: string, i: number): number {
  for (let j = text.indexOf('"', i + 1); j >= 0; j = text.indexOf('"', j + 1)) {
    let escapes = 0;
    while (text.charCodeAt(j - 1 - escapes) === BACKSLASH) escapes++;
    if (escapes % 2 === 0) return j;
  }
  return -1;
}
