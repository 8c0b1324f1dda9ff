// Reading and changing the exception breakpoints (an adapter's exception filters) in the Run and
// Debug side bar's Breakpoints view, as a person does: read the rows, tick a box, edit a condition.
import type { Locator, Page } from 'playwright-core';
import { runCommand, type WaitOptions } from './workbench';

export interface ExceptionBreakpointRow {
  /** The filter's label as drawn. */
  label: string;
  checked: boolean;
  /** The condition VS Code draws beside the label ('' when there is none). */
  condition: string;
}

const ROWS = '.debug-breakpoints .monaco-list-row';

/** Shows and focuses the Breakpoints view (it may be collapsed under Call Stack). */
export async function showBreakpointsView(page: Page, options: WaitOptions = {}): Promise<void> {
  await runCommand(page, 'Run and Debug: Focus on Breakpoints View', options);
  await page.locator(ROWS).first().waitFor({ state: 'visible', timeout: options.timeoutMs ?? 30_000 });
}

/** The exception-breakpoint rows of the Breakpoints view (those drawn: it is a virtual list). */
export async function readExceptionBreakpoints(page: Page): Promise<ExceptionBreakpointRow[]> {
  return page.locator(ROWS).evaluateAll((rows) =>
    rows
      .filter((row) => row.querySelector('.breakpoint.exception'))
      .map((row) => ({
        label: row.querySelector('.name')?.textContent?.trim() ?? '',
        checked: row.querySelector<HTMLInputElement>('input[type=checkbox]')?.checked ?? false,
        condition: row.querySelector('.condition')?.textContent?.trim() ?? '',
      })),
  );
}

/** The row of the exception breakpoint whose label starts with `label`. */
export function exceptionBreakpointRow(page: Page, label: string): Locator {
  return page.locator(ROWS).filter({ has: page.locator('.breakpoint.exception .name', { hasText: label }) }).first();
}

/** Ticks or unticks the exception breakpoint whose label starts with `label` (a click on its box). */
export async function setExceptionBreakpoint(page: Page, label: string, checked: boolean): Promise<void> {
  const box = exceptionBreakpointRow(page, label).locator('input[type=checkbox]');
  if ((await box.isChecked()) !== checked) await box.click();
  await page.waitForFunction(
    ([name, want]) =>
      [...document.querySelectorAll('.debug-breakpoints .breakpoint.exception')].some(
        (b) => b.querySelector('.name')?.textContent?.startsWith(name) && b.querySelector<HTMLInputElement>('input[type=checkbox]')?.checked === want,
      ),
    [label, checked] as const,
  );
}

/**
 * Edits the condition of the exception breakpoint whose label starts with `label` through its
 * pencil ("Edit Condition..."): types `condition` into the box VS Code opens in the row, then Enter.
 */
export async function editExceptionCondition(page: Page, label: string, condition: string, { timeoutMs = 30_000 }: WaitOptions = {}): Promise<void> {
  const row = exceptionBreakpointRow(page, label);
  await row.hover();
  await row.locator('a[aria-label^="Edit Condition"]').click();
  const input = page.locator('.debug-breakpoints .monaco-list-row input[type=text], .debug-breakpoints .monaco-list-row .monaco-inputbox input').first();
  await input.waitFor({ state: 'visible', timeout: timeoutMs });
  await input.fill(condition);
  await input.press('Enter');
  await row.locator('.condition', { hasText: condition }).waitFor({ state: 'visible', timeout: timeoutMs });
}

/**
 * The hover VS Code shows over the exception breakpoint whose label starts with `label` (the filter's
 * description), after its delay; '' when none comes within `timeoutMs`.
 */
export async function exceptionBreakpointHover(page: Page, label: string, { timeoutMs = 10_000 }: WaitOptions = {}): Promise<string> {
  const target = exceptionBreakpointRow(page, label).locator('.breakpoint.exception');
  const shown = async (): Promise<string[]> => (await page.locator('.workbench-hover').filter({ visible: true }).allTextContents()).map((t) => t.trim());
  // Away first: a hover already open over the row (after Edit Condition) would be taken for the old one.
  await page.mouse.move(0, 0);
  await page.waitForTimeout(500);
  const before = new Set(await shown());
  const box = await target.boundingBox();
  if (!box) throw new Error(`the exception breakpoint "${label}" is not drawn`);
  // A managed hover opens after the mouse rests on the element.
  await page.mouse.move(box.x + box.width / 3, box.y + box.height / 2, { steps: 3 });
  await page.mouse.move(box.x + box.width / 3 + 2, box.y + box.height / 2, { steps: 2 });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const fresh = (await shown()).filter((t) => !before.has(t));
    if (fresh.length) return fresh.join(' | ');
    await page.waitForTimeout(200);
  }
  return '';
}
