// Reading the Run and Debug views (Call Stack, Variables) and the lines the editor highlights.
import type { Page } from 'playwright-core';
import { goToLine, runCommand, textEditor, type WaitOptions } from './workbench';

export interface StackFrameRow {
  kind: 'frame' | 'thread' | 'session' | 'other';
  /** Frame name, thread or session name. */
  name: string;
  /** For frames: the file name and `line:column` VS Code shows beside it. */
  file?: string;
  position?: string;
}

export interface VariableRow {
  kind: 'scope' | 'variable';
  name: string;
  value: string;
  /** 1 for scopes, 2 for their variables, 3 for children of an expanded variable… */
  depth: number;
  expandable: boolean;
  expanded: boolean;
}

/** The rows of the Call Stack view (only those drawn: it is a virtual list). */
export async function readCallStack(page: Page): Promise<StackFrameRow[]> {
  return page.locator('.debug-call-stack .monaco-list-row').evaluateAll((rows) =>
    rows.map((row) => {
      const text = (selector: string): string => row.querySelector(selector)?.textContent?.trim() ?? '';
      if (row.querySelector('.stack-frame')) {
        return { kind: 'frame' as const, name: text('.stack-frame .label'), file: text('.file-name'), position: text('.line-number') };
      }
      if (row.querySelector('.thread')) return { kind: 'thread' as const, name: text('.thread .name') };
      if (row.querySelector('.session')) return { kind: 'session' as const, name: text('.session .name') };
      return { kind: 'other' as const, name: (row.textContent ?? '').trim() };
    }),
  );
}

/** Waits until the Call Stack's top frame is named `name` (a substring or pattern) and returns the rows. */
export async function waitForTopFrame(page: Page, name: string | RegExp, { timeoutMs = 30_000 }: WaitOptions = {}): Promise<StackFrameRow[]> {
  const deadline = Date.now() + timeoutMs;
  let rows: StackFrameRow[] = [];
  while (Date.now() < deadline) {
    rows = await readCallStack(page);
    const top = rows.find((row) => row.kind === 'frame');
    if (top && (typeof name === 'string' ? top.name.includes(name) : name.test(top.name))) return rows;
    await page.waitForTimeout(200);
  }
  throw new Error(`top frame never matched ${String(name)}; the Call Stack shows: ${JSON.stringify(rows)}`);
}

/** The state in the Call Stack header, e.g. `Paused on entry`, `Paused on step` ('' when running). */
export async function callStackState(page: Page): Promise<string> {
  const state = page.locator('.call-stack-state-message .label').first();
  return (await state.isVisible()) ? ((await state.textContent()) ?? '').trim() : '';
}

/** The rows of the Variables view (only those drawn). */
export async function readVariables(page: Page): Promise<VariableRow[]> {
  return page.locator('.debug-variables .monaco-list-row').evaluateAll((rows) =>
    rows.map((row) => {
      const text = (selector: string): string => row.querySelector(selector)?.textContent?.trim() ?? '';
      const expandedAttr = row.getAttribute('aria-expanded');
      const scope = row.querySelector('.scope');
      return {
        kind: scope ? ('scope' as const) : ('variable' as const),
        // VS Code draws `name =` (or `name:` for some adapters); the separator is not part of the name.
        name: scope ? text('.scope') : text('.expression .name').replace(/\s*[=:]$/, ''),
        value: scope ? '' : text('.expression .value'),
        depth: Number(row.getAttribute('aria-level') ?? 0),
        expandable: expandedAttr !== null,
        expanded: expandedAttr === 'true',
      };
    }),
  );
}

/**
 * Waits until the Variables view shows a variable named `name` — with the value `value` when given
 * (after a step the view refreshes a moment after the Call Stack) — and returns its row.
 */
export async function waitForVariable(
  page: Page,
  name: string,
  { timeoutMs = 30_000, value }: WaitOptions & { value?: string | RegExp } = {},
): Promise<VariableRow> {
  const deadline = Date.now() + timeoutMs;
  let rows: VariableRow[] = [];
  while (Date.now() < deadline) {
    rows = await readVariables(page);
    const row = rows.find((r) => r.kind === 'variable' && r.name === name && matches(r.value, value));
    if (row) return row;
    await page.waitForTimeout(200);
  }
  const shown = rows.map((r) => `${r.name} = ${r.value}`).join('; ');
  throw new Error(`no variable "${name}"${value === undefined ? '' : ` = ${String(value)}`} in the Variables view; it shows: ${shown}`);
}

function matches(text: string, expected: string | RegExp | undefined): boolean {
  return expected === undefined || (typeof expected === 'string' ? text === expected : expected.test(text));
}

/** Expands (or collapses) the variable or scope row named `name`, then waits for its children. */
export async function toggleVariable(page: Page, name: string): Promise<void> {
  const row = page
    .locator('.debug-variables .monaco-list-row')
    .filter({ has: page.locator('.expression .name, .scope').getByText(new RegExp(`^${escapeRegExp(name)}\\s*[=:]?$`)) })
    .first();
  const before = await row.getAttribute('aria-expanded');
  if (before === null) throw new Error(`variable "${name}" has no children to expand`);
  await row.locator('.monaco-tl-twistie').click();
  await row.page().waitForFunction(
    ([id, was]) => document.getElementById(id)?.getAttribute('aria-expanded') !== was,
    [(await row.getAttribute('id')) ?? '', before] as const,
  );
}

/**
 * Line numbers (1-based, visible lines only) of a text editor (see `textEditor`; `file` picks it by
 * its tab's name) that carry a decoration with a class matching `decoration`: drawn behind the text
 * (the debugger's current line `debug-top-stack-frame-line`, an extension's `isWholeLine` decoration
 * `ced-…`) or in the margin (a breakpoint glyph `codicon-debug-breakpoint…`). [] when no text editor
 * is shown.
 */
export async function decoratedLines(page: Page, decoration: string | RegExp, file?: string): Promise<number[]> {
  const editor = await textEditor(page, file);
  if ((await editor.count()) === 0) return [];
  const pattern = typeof decoration === 'string' ? `^${escapeRegExp(decoration)}$` : decoration.source;
  return editor.evaluate((root, source) => {
    const matcher = new RegExp(source);
    const carries = (el: Element): boolean => [...el.classList].some((c) => matcher.test(c));
    const lineAtTop = new Map<string, number>();
    for (const row of root.querySelectorAll<HTMLElement>('.margin-view-overlays > div')) {
      const number = row.querySelector('.line-numbers')?.textContent;
      if (number) lineAtTop.set(row.style.top, Number(number));
    }
    const tops: string[] = [];
    // Rows of the text and margin overlays are positioned by `top`, one per visible line.
    for (const row of root.querySelectorAll<HTMLElement>('.view-overlays > div, .margin-view-overlays > div')) {
      if ([...row.querySelectorAll('*')].some(carries)) tops.push(row.style.top);
    }
    // Glyph-margin widgets (breakpoints) are positioned one by one.
    for (const glyph of root.querySelectorAll<HTMLElement>('.glyph-margin-widgets > *')) {
      if (carries(glyph)) tops.push(glyph.style.top);
    }
    const lines = tops.map((top) => lineAtTop.get(top)).filter((line): line is number => line !== undefined);
    return [...new Set(lines)].sort((a, b) => a - b);
  }, pattern);
}

/** The line(s) where the debugger stopped, as highlighted in the editor (of `file`, when given). */
export function stoppedLines(page: Page, file?: string): Promise<number[]> {
  return decoratedLines(page, /^debug-(top|focused)-stack-frame-line$/, file);
}

/** Lines with a breakpoint glyph (plain, conditional, disabled, unverified…) in the editor's margin. */
export function breakpointLines(page: Page, file?: string): Promise<number[]> {
  return decoratedLines(page, /^codicon-debug-breakpoint/, file);
}

/**
 * Toggles a breakpoint on `line` of the active text editor (Go to Line, then F9). VS Code accepts it
 * only in a language some installed debugger declares under `contributes.breakpoints`.
 */
export async function toggleBreakpoint(page: Page, line: number): Promise<void> {
  await goToLine(page, line);
  await page.keyboard.press('F9');
}

/**
 * Evaluates `expression` in the Debug Console (as a user typing it, while stopped) and returns the
 * text of the result VS Code shows.
 */
export async function evaluateInDebugConsole(page: Page, expression: string, { timeoutMs = 30_000 }: WaitOptions = {}): Promise<string> {
  await runCommand(page, 'Debug Console: Focus on Debug Console View', { timeoutMs });
  const results = page.locator('.repl .monaco-list-row .evaluation-result');
  const before = await results.count();
  await page.locator('.repl-input-wrapper .monaco-editor').first().waitFor({ state: 'visible', timeout: timeoutMs });
  await page.keyboard.type(expression);
  await page.keyboard.press('Enter');
  const deadline = Date.now() + timeoutMs;
  while ((await results.count()) <= before) {
    if (Date.now() > deadline) throw new Error(`the Debug Console showed no result for "${expression}"`);
    await page.waitForTimeout(100);
  }
  return ((await results.last().textContent()) ?? '').trim();
}

/** Lines carrying any decoration an extension made with `createTextEditorDecorationType`. */
export function extensionDecoratedLines(page: Page, file?: string): Promise<number[]> {
  return decoratedLines(page, /^ced-/, file);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
