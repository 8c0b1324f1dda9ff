// A logpoint in VS Code (issue 14): "Debug: Add Logpoint…" on the loss line of the MLP sample, a
// message with expressions in braces; F5 runs the six training steps of the launch configuration,
// and the Debug Console shows one line per training step, each expression evaluated there.
// Run: bash tools/package.sh && cd e2e && npx mocha --config .mocharc.json tests/logpoints.e2e.ts
import type { Page } from 'playwright-core';
import { callStackState, goToLine, launchJson, makeTempWorkspace, openFromExplorer, pressKeys, runCommand, useVSCode, waitForElement } from '../harness';
import { lineOf, packagedVsix, sampleText } from './backstep/samples';
import { expectSeen, until } from './backstep/wait';
import { focusEditor } from './backstep/workbench';

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

    await runCommand(page, 'Debug Console: Focus on Debug Console View');
    const lines = await until(page, `step 1: the Debug Console shows ${STEPS} logpoint lines`, async () => {
      const now = (await consoleLines(page)).filter((l) => l.startsWith('step='));
      return { ok: now.length === STEPS, seen: now };
    });
    lines.forEach((line, k) => expectSeen(new RegExp(`^step=${k + 1} loss=\\d.*bogus=<unknown name bogus>$`).test(line), `step 1: line ${k + 1} is step ${k + 1} with its loss and the error in place`, line));
    await vscode().screenshot('1-debug-console');
  });
});

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
