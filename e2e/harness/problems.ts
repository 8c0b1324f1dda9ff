// Reading the Problems view (diagnostics of every file).
import type { Page } from 'playwright-core';
import { runCommand, type WaitOptions } from './workbench';

export interface Problem {
  /** Absolute path of the file the problem is in. */
  file: string;
  severity: 'error' | 'warning' | 'info' | 'hint' | 'unknown';
  message: string;
  /** 1-based, as the view shows them (`[Ln 2, Col 3]`). */
  line: number;
  column: number;
}

/** Shows the Problems view and returns its problem rows (those drawn: it is a virtual list). */
export async function readProblems(page: Page, { timeoutMs = 30_000 }: WaitOptions = {}): Promise<Problem[]> {
  const panel = page.locator('.markers-panel');
  if (!(await panel.isVisible())) await runCommand(page, 'View: Focus Problems (Errors, Warnings, Infos)', { timeoutMs });
  await panel.waitFor({ state: 'visible', timeout: timeoutMs });
  return panel.locator('.monaco-list-row').evaluateAll((rows) => {
    let file = '';
    const problems: Problem[] = [];
    for (const row of rows) {
      const resource = row.querySelector('.resource-label-container .monaco-icon-label');
      if (resource) {
        file = resource.getAttribute('aria-label') ?? '';
        continue;
      }
      const icon = row.querySelector('.marker-icon');
      if (!icon) continue;
      const position = /Ln (\d+), Col (\d+)/.exec(row.querySelector('.marker-line')?.textContent ?? '');
      const severity = (['error', 'warning', 'info', 'hint'] as const).find((s) => icon.classList.contains(s)) ?? 'unknown';
      problems.push({
        file,
        severity,
        message: row.querySelector('.marker-message')?.textContent?.trim() ?? '',
        line: position ? Number(position[1]) : 0,
        column: position ? Number(position[2]) : 0,
      });
    }
    return problems;
  });
}

/** Polls the Problems view until `accept` holds for its problems, and returns them. */
export async function waitForProblems(
  page: Page,
  accept: (problems: Problem[]) => boolean,
  { timeoutMs = 30_000 }: WaitOptions = {},
): Promise<Problem[]> {
  const deadline = Date.now() + timeoutMs;
  let problems: Problem[] = [];
  while (Date.now() < deadline) {
    problems = await readProblems(page, { timeoutMs });
    if (accept(problems)) return problems;
    await page.waitForTimeout(300);
  }
  throw new Error(`the Problems view never showed what was expected; it shows: ${JSON.stringify(problems)}`);
}
