// Driving the VS Code workbench: readiness, the command palette, keys, the Explorer, the editor.
import type { Locator, Page } from 'playwright-core';

export interface WaitOptions {
  timeoutMs?: number;
}

const SLOW_MACHINE_MS = 90_000;

/** Resolves once the workbench is drawn (status bar, activity bar and editor area). */
export async function waitForWorkbench(page: Page, { timeoutMs = SLOW_MACHINE_MS }: WaitOptions = {}): Promise<void> {
  for (const part of ['.part.statusbar', '.part.activitybar', '.part.editor']) {
    await page.locator(`.monaco-workbench ${part}`).first().waitFor({ state: 'visible', timeout: timeoutMs });
  }
}

export async function waitForElement(page: Page, selector: string, { timeoutMs = 30_000 }: WaitOptions = {}): Promise<Locator> {
  const element = page.locator(selector).first();
  await element.waitFor({ state: 'visible', timeout: timeoutMs });
  return element;
}

/** Waits for visible text (a substring) anywhere in the page, or inside `within`. */
export async function waitForText(
  page: Page,
  text: string | RegExp,
  { timeoutMs = 30_000, within = 'body' }: WaitOptions & { within?: string } = {},
): Promise<Locator> {
  const element = page.locator(within).getByText(text).first();
  await element.waitFor({ state: 'visible', timeout: timeoutMs });
  return element;
}

/** Presses keys one after the other, e.g. `pressKeys(page, 'F10', 'F10')`, `pressKeys(page, 'Shift+F5')`. */
export async function pressKeys(page: Page, ...keys: readonly string[]): Promise<void> {
  for (const key of keys) await page.keyboard.press(key);
}

/**
 * Runs a command by its palette label (`Category: Title`, e.g. `Backstep: Open Sample…`). Retries until
 * the command is listed — an extension registers its commands only once it has activated.
 */
export async function runCommand(page: Page, label: string, { timeoutMs = 30_000 }: WaitOptions = {}): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 1; ; attempt++) {
    const row = await findPaletteRow(page, `>${label}`, label);
    if (row) {
      await row.click();
      return;
    }
    const listed = await paletteLabels(page);
    await page.keyboard.press('Escape');
    if (Date.now() > deadline) {
      throw new Error(`command "${label}" is not in the palette after ${attempt} tries; it lists: ${listed.join(' | ') || 'nothing'}`);
    }
    await page.waitForTimeout(1000);
  }
}

/** Picks the item labelled `label` in the quick pick that is open now (e.g. one a command showed). */
export async function pickQuickItem(page: Page, label: string, { timeoutMs = 30_000 }: WaitOptions = {}): Promise<void> {
  const row = page
    .locator('.quick-input-widget .quick-input-list .monaco-list-row')
    .filter({ has: page.locator('.label-name').getByText(label, { exact: true }) })
    .first();
  try {
    await row.waitFor({ state: 'visible', timeout: timeoutMs });
  } catch {
    throw new Error(`no quick-pick item "${label}"; the quick pick lists: ${(await paletteLabels(page)).join(' | ') || 'nothing'}`);
  }
  await row.click();
}

/** Moves the cursor of the active text editor to `line` (1-based) through Go to Line. */
export async function goToLine(page: Page, line: number, { timeoutMs = 30_000 }: WaitOptions = {}): Promise<void> {
  await page.keyboard.press('F1');
  const box = page.locator('.quick-input-widget .quick-input-box input');
  await box.waitFor({ state: 'visible', timeout: 10_000 });
  await box.fill(`:${line}`);
  await page.locator('.quick-input-widget .quick-input-list .monaco-list-row').first().waitFor({ state: 'visible', timeout: timeoutMs });
  await page.keyboard.press('Enter');
  const deadline = Date.now() + timeoutMs;
  while ((await cursorPosition(page).catch(() => undefined))?.line !== line) {
    if (Date.now() > deadline) throw new Error(`the cursor never reached line ${line}`);
    await page.waitForTimeout(100);
  }
}

/** Opens a file through Quick Open (the palette without `>`), by its path relative to the workspace. */
export async function quickOpen(page: Page, relativePath: string, options: WaitOptions = {}): Promise<void> {
  const name = relativePath.split('/').pop() ?? relativePath;
  const row = await findPaletteRow(page, relativePath, name);
  if (!row) {
    await page.keyboard.press('Escape');
    throw new Error(`Quick Open found no file "${relativePath}"`);
  }
  await row.click();
  await waitForActiveTab(page, name, options);
}

/** Opens a file by clicking through the Explorer tree (folders expanded on the way). */
export async function openFromExplorer(page: Page, relativePath: string, options: WaitOptions = {}): Promise<void> {
  const tree = page.locator('.explorer-folders-view');
  if (!(await tree.isVisible())) await runCommand(page, 'View: Show Explorer');
  await tree.waitFor({ state: 'visible', timeout: options.timeoutMs ?? 30_000 });
  const segments = relativePath.split('/').filter(Boolean);
  for (const [index, segment] of segments.entries()) {
    const row = tree.locator(`.monaco-list-row[aria-level="${index + 1}"][aria-label=${JSON.stringify(segment)}]`).first();
    await row.waitFor({ state: 'visible', timeout: options.timeoutMs ?? 30_000 });
    const isFolder = index < segments.length - 1;
    if (!isFolder || (await row.getAttribute('aria-expanded')) === 'false') await row.click();
  }
  await waitForActiveTab(page, segments[segments.length - 1] ?? relativePath, options);
}

/** Waits until the active editor tab is the file called `name`. */
export async function waitForActiveTab(page: Page, name: string, { timeoutMs = 30_000 }: WaitOptions = {}): Promise<void> {
  await page
    .locator('.editor-group-container.active .tab.active .label-name')
    .getByText(name, { exact: true })
    .waitFor({ state: 'visible', timeout: timeoutMs });
}

/**
 * The text editor to read: the one showing `file` (a name as on its tab) when given; else the active
 * group's, or — when the active group shows a webview — the first visible one.
 */
export async function textEditor(page: Page, file?: string): Promise<Locator> {
  const groups = page.locator('.editor-group-container');
  if (file) {
    return groups.filter({ has: page.locator('.tab.active .label-name').getByText(file, { exact: true }) }).locator('.monaco-editor').first();
  }
  const active = page.locator('.editor-group-container.active .monaco-editor').first();
  return (await active.isVisible()) ? active : groups.locator('.monaco-editor').first();
}

/** The visible lines of a text editor (see `textEditor`), top to bottom, joined with `\n`. */
export async function editorText(page: Page, file?: string): Promise<string> {
  const editor = (await textEditor(page, file)).locator('.view-lines');
  await editor.waitFor({ state: 'visible' });
  return editor.evaluate((lines) => {
    const rows = [...lines.querySelectorAll<HTMLElement>(':scope > .view-line')];
    rows.sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top));
    return rows.map((row) => (row.textContent ?? '').replace(/\u00a0/g, ' ')).join('\n');
  });
}

/** The cursor position the status bar shows (`Ln 3, Col 5`), 1-based. */
export async function cursorPosition(page: Page): Promise<{ line: number; column: number }> {
  const text = (await page.locator('#status\\.editor\\.selection').textContent()) ?? '';
  const match = /Ln (\d+), Col (\d+)/.exec(text);
  if (!match) throw new Error(`no cursor position in the status bar (it says "${text}")`);
  return { line: Number(match[1]), column: Number(match[2]) };
}

/** Texts of the notification toasts now shown (errors from an extension show up here). */
export async function notificationMessages(page: Page): Promise<string[]> {
  return page.locator('.notifications-toasts .notification-list-item-message').allInnerTexts();
}

async function findPaletteRow(page: Page, input: string, label: string): Promise<Locator | undefined> {
  await page.keyboard.press('F1');
  const box = page.locator('.quick-input-widget .quick-input-box input');
  await box.waitFor({ state: 'visible', timeout: 10_000 });
  try {
    // The palette closes when something else takes the focus (a view revealed as a session ends): try again.
    await box.fill(input, { timeout: 5000 });
  } catch {
    return undefined;
  }
  const row = page
    .locator('.quick-input-widget .quick-input-list .monaco-list-row')
    .filter({ has: page.locator('.label-name').getByText(label, { exact: true }) })
    .first();
  try {
    await row.waitFor({ state: 'visible', timeout: 3000 });
    return row;
  } catch {
    return undefined;
  }
}

async function paletteLabels(page: Page): Promise<string[]> {
  return page.locator('.quick-input-widget .quick-input-list .monaco-list-row .label-name').allInnerTexts();
}
