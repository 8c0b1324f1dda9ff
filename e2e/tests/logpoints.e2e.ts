// A logpoint in VS Code (issue 14): "Debug: Add Logpoint…" on the loss line of the MLP sample, a
// message with expressions in braces; F5 runs the six training steps of the launch configuration,
// and the Debug Console shows one line per training step, each expression evaluated there.
// Run: bash tools/package.sh && cd e2e && npx mocha --config .mocharc.json tests/logpoints.e2e.ts
import type { Page } from 'playwright-core';
import { callStackState, goToLine, launchJson, makeTempWorkspace, openFromExplorer, pressKeys, readVariables, runCommand, showBreakpointsView, toggleVariable, useVSCode, waitForElement } from '../harness';
import { lineOf, packagedVsix, sampleText } from './backstep/samples';
import { expectSeen, until } from './backstep/wait';
import { activePanelTab, focusEditor, frames, topFrame } from './backstep/workbench';

const MLP = 'mlp-xor.nn.yaml';
const STEPS = 6;
const MESSAGE = 'step={step} loss={loss} bogus={bogus}';

describe('Backstep in VS Code: a logpoint prints to the Debug Console at every hit', function () {
  const mlp = sampleText(MLP);
  const lossLine = lineOf(mlp, /^loss:/, MLP);
  const vscode = useVSCode(() => ({
    name: 'backstep-logpoints',
    folder: makeTempWorkspace({
      [MLP]: mlp,
      '.vscode/launch.json': launchJson({ type: 'backstep', request: 'launch', name: `Debug ${STEPS} steps`, program: `\${workspaceFolder}/${MLP}`, steps: STEPS }),
    }).folder,
    extensions: [{ vsix: packagedVsix() }],
    viewport: { width: 1400, height: 900 },
  }));

  it(`1. Add Logpoint on the loss line, F5 twice: ${STEPS} lines in the Debug Console, one per training step`, async function () {
    const { page } = vscode();
    await openFromExplorer(page, MLP);
    await until(page, `step 1: the CodeLens "Debug model" in ${MLP}`, async () => {
      const lenses = await page.locator('.part.editor .codelens-decoration').allInnerTexts();
      return { ok: lenses.some((l) => l.includes('Debug model')), seen: lenses };
    }, 60_000);
    await focusEditor(page, MLP);
    await goToLine(page, lossLine);
    await runCommand(page, 'Debug: Add Logpoint...');
    await waitForElement(page, '.breakpoint-widget');
    await until(page, 'step 1: the logpoint widget has the keyboard', async () => {
      const focused = await page.evaluate(() => document.activeElement?.closest('.breakpoint-widget') !== null && document.activeElement !== null);
      return { ok: focused, seen: focused };
    });
    // Inserted as text: typed keys would let the editor close each brace it opens.
    await page.keyboard.insertText(MESSAGE);
    await vscode().screenshot('1-logpoint-widget');
    await pressKeys(page, 'Enter');
    await until(page, `step 1: a logpoint glyph on line ${lossLine}`, async () => {
      const glyphs = await page.locator('.part.editor .codicon-debug-breakpoint-log').count();
      return { ok: glyphs > 0, seen: glyphs };
    });

    await focusEditor(page, MLP);
    await pressKeys(page, 'F5');
    await pausedOn(page, /^Paused on entry/, 'step 1: the session stops on entry');
    await focusEditor(page, MLP);
    await pressKeys(page, 'F5');
    await pausedOn(page, /Training finished/, `step 1: Continue runs the ${STEPS} steps to the end, the logpoint never stopping it`);

    // VS Code shows the Debug Console when a session starts; the palette only when another tab is up.
    if (!(await activePanelTab(page)).startsWith('Debug Console')) await runCommand(page, 'Debug Console: Focus on Debug Console View');
    const lines = await until(page, `step 1: the Debug Console shows ${STEPS} logpoint lines`, async () => {
      const now = (await consoleLines(page)).filter((l) => l.startsWith('step='));
      return { ok: now.length === STEPS, seen: now };
    });
    lines.forEach((line, k) => expectSeen(new RegExp(`^step=${k + 1} loss=\\d.*bogus=<unknown name bogus>$`).test(line), `step 1: line ${k + 1} is step ${k + 1} with its loss and the error in place`, line));
    await vscode().screenshot('1-debug-console');
  });

  it('2. "+ Function Breakpoint" in the Breakpoints view: `tanh` stops at the tanh op after a restart, `softmax` is unverified', async function () {
    const { page } = vscode();
    for (const name of ['tanh', 'softmax']) {
      await showBreakpointsView(page);
      await runCommand(page, 'Add Function Breakpoint');
      const input = page.locator('.debug-breakpoints .monaco-list-row .monaco-inputbox input').first();
      await input.waitFor({ state: 'visible', timeout: 30_000 });
      await input.fill(name);
      await input.press('Enter');
    }
    const rows = await until(page, 'step 2: tanh verified and softmax unverified in the Breakpoints view', async () => {
      const now = await functionBreakpoints(page);
      const icon = (name: string): string => now.find((r) => r.name === name)?.icon ?? '';
      return { ok: /function(?!-unverified)/.test(icon('tanh')) && /function-unverified/.test(icon('softmax')), seen: now };
    });
    await vscode().screenshot('2-function-breakpoints');
    expectSeen(rows.length === 2, 'step 2: two function breakpoints', rows);
    await runCommand(page, 'Debug: Restart');
    await until(page, 'step 2: the restarted session stops at its first layer', async () => {
      const names = (await frames(page)).map((f) => f.name);
      return { ok: names.at(-1) === 'step 1' && /^hidden\b/.test(names[0] ?? ''), seen: names };
    }, 60_000);
    await focusEditor(page, MLP);
    await pressKeys(page, 'F5');
    await until(page, 'step 2: Continue stops at a tanh op', async () => {
      const top = await topFrame(page);
      return { ok: /= tanh\(/.test(top), seen: top };
    }, 60_000);
    await pausedOn(page, /^Paused on function breakpoint \d+ at /, 'step 2: the Call Stack says which function breakpoint');
    // The Op scope follows a moment after the Call Stack: tanh's input x and output y.
    await until(page, 'step 2: the Variables view shows the tanh op', async () => {
      const names = (await readVariables(page)).map((v) => v.name);
      return { ok: names.includes('x') && names.includes('y'), seen: names };
    });
    await vscode().screenshot('2-stopped-at-tanh');
  });

  it('3. "Break on Value Change" on hidden.W in Variables: Continue stops at the update of hidden.W', async function () {
    const { page } = vscode();
    await runCommand(page, 'Remove All Breakpoints');
    await toggleVariable(page, 'Model');
    await toggleVariable(page, 'hidden');
    const row = page.locator('.debug-variables .monaco-list-row').filter({ has: page.locator('.expression .name').getByText(/^hidden\.W\s*[=:]?$/) }).first();
    await row.click({ button: 'right' });
    const item = page.locator('.context-view .action-item', { hasText: 'Break on Value Change' }).first();
    await item.waitFor({ state: 'visible', timeout: 30_000 });
    await vscode().screenshot('3-break-on-value-change');
    await item.click();
    await until(page, 'step 3: the data breakpoint in the Breakpoints view', async () => {
      const now = await page.locator('.debug-breakpoints .monaco-list-row').allInnerTexts();
      return { ok: now.some((t) => t.includes('hidden.W')), seen: now };
    });
    await focusEditor(page, MLP);
    await pressKeys(page, 'F5');
    await pausedOn(page, /^Paused on data breakpoint \d+: hidden\.W changed by ‖Δ‖\/‖W‖ = /, 'step 3: Continue stops where hidden.W changes');
    await until(page, 'step 3: the top frame is the update of hidden.W', async () => {
      const top = await topFrame(page);
      return { ok: /hidden\.W/.test(top), seen: top };
    });
    await until(page, 'step 3: the Op scope shows the update of hidden.W', async () => {
      const names = (await readVariables(page)).map((v) => v.name);
      return { ok: names.includes('hidden.W') && names.includes('before') && names.includes('after'), seen: names };
    });
    await vscode().screenshot('3-stopped-at-update');
  });
});

/** The function breakpoints of the Breakpoints view: name and the icon's classes (verified or not). */
async function functionBreakpoints(page: Page): Promise<{ name: string; icon: string }[]> {
  return page.locator('.debug-breakpoints .monaco-list-row').evaluateAll((rows) =>
    rows
      .map((row) => ({ icon: row.querySelector('.codicon[class*="debug-breakpoint-function"]')?.className ?? '', name: row.querySelector('.name')?.textContent?.trim() ?? '' }))
      .filter((r) => r.icon !== ''),
  );
}

/** Waits until the Call Stack's state matches `state`. */
async function pausedOn(page: Page, state: RegExp, expected: string): Promise<void> {
  await until(page, expected, async () => {
    const now = await callStackState(page);
    return { ok: state.test(now), seen: now };
  }, 60_000);
}

/** The Debug Console's output, line by line. */
async function consoleLines(page: Page): Promise<string[]> {
  const rows = await page.locator('.repl .monaco-list-row').allInnerTexts();
  return rows.flatMap((r) => r.split('\n')).map((l) => l.trim()).filter(Boolean);
}
