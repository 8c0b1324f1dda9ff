// What a person does in the workbench around Backstep: give the keyboard back to the editor after
// clicking in a webview, press the debug toolbar's buttons, step until the Call Stack reaches an op;
// and what they see of it: which part has the keyboard, which tab the panel shows.
import type { Page } from 'playwright-core';
import { pickQuickItem, pressKeys, readCallStack, runCommand, textEditor, type StackFrameRow } from '../../harness';
import { until } from './wait';

/** The Call Stack's frames (threads and sessions left out), innermost first. */
export async function frames(page: Page): Promise<StackFrameRow[]> {
  return (await readCallStack(page)).filter((row) => row.kind === 'frame');
}

/** The top frame's name, '' when there is none. */
export async function topFrame(page: Page): Promise<string> {
  return (await frames(page))[0]?.name ?? '';
}

/**
 * Gives the keyboard to the text editor showing `file` (tab name), as a click into its text would,
 * without moving its cursor. Needed after a click inside a webview, which keeps the focus.
 */
export async function focusEditor(page: Page, file: string): Promise<void> {
  const editor = await textEditor(page, file);
  await editor.waitFor({ state: 'visible', timeout: 30_000 });
  await editor.evaluate((root) => root.querySelector<HTMLElement>('.native-edit-context, textarea.inputarea')?.focus());
  await until(page, `the editor of ${file} has the keyboard focus`, async () => {
    return { ok: await editorHasFocus(page, file), seen: await page.evaluate(() => document.activeElement?.className ?? 'nothing focused') };
  });
}

/** What "View: Move View" does for a person: puts `view` (its name) into `container` (its title). */
export async function moveView(page: Page, view: string, container: string): Promise<void> {
  await runCommand(page, 'View: Move View');
  await pickQuickItem(page, view);
  await pickQuickItem(page, container);
}

/** Does the text editor showing `file` (tab name) have the keyboard focus? */
export async function editorHasFocus(page: Page, file: string): Promise<boolean> {
  return (await textEditor(page, file)).evaluate((root) => root.contains(document.activeElement));
}

/** The title of the panel's tab that is shown, '' when the panel is hidden. */
export async function activePanelTab(page: Page): Promise<string> {
  const panel = page.locator('.part.panel');
  if (!(await panel.isVisible())) return '';
  const tab = panel.locator('.composite-bar .action-item.checked .action-label').first();
  return (await tab.count()) ? ((await tab.getAttribute('aria-label')) ?? (await tab.innerText())).trim() : '';
}

/** Clicks a button of the floating debug toolbar by its title (`Step Back`, `Continue`, `Stop`…). */
export async function clickDebugToolbar(page: Page, title: string): Promise<void> {
  const button = page.locator(`.debug-toolbar .action-item a[aria-label^="${title}"]`).first();
  await button.waitFor({ state: 'visible', timeout: 30_000 });
  await button.click();
}

/** Presses `key` and waits until the top frame is another one than before (the step has landed). */
export async function stepWith(page: Page, key: string): Promise<string> {
  const before = JSON.stringify((await frames(page)).slice(0, 2));
  await pressKeys(page, key);
  await until(page, `after ${key} the Call Stack moves on from ${before}`, async () => {
    const now = (await frames(page)).slice(0, 2);
    return { ok: now.length > 0 && JSON.stringify(now) !== before, seen: now };
  });
  return topFrame(page);
}

/**
 * Presses `key` (one press at a time, each waited for) until the top frame matches `target`; at most
 * `maxPresses`. Returns the frame names passed on the way.
 */
export async function stepUntilFrame(page: Page, key: string, target: RegExp, maxPresses: number): Promise<string[]> {
  const path = [await topFrame(page)];
  while (!target.test(path[path.length - 1] ?? '')) {
    if (path.length > maxPresses) throw new Error(`${key} pressed ${maxPresses} times never reached a frame matching ${String(target)}; the frames were: ${path.join(' → ')}`);
    path.push(await stepWith(page, key));
  }
  return path;
}
