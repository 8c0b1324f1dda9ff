// The optimizer's path on the loss surface in VS Code (issue 18), on the optimizers sample as a person
// meets it: F5, the Inspector draws the valley with the cursor marked; "Race the other optimizers"
// draws the five racers; stepping over an update moves the mark and the racers on, Step Back moves it
// back. Screenshots under test-artifacts/e2e/backstep-loss-surface/.
// Run: bash tools/package.sh && cd e2e && npx mocha --config .mocharc.json tests/lossSurface.e2e.ts
import type { Frame } from 'playwright-core';
import { callStackState, makeTempWorkspace, openFromExplorer, pressKeys, runCommand, useVSCode, waitForElement } from '../harness';
import { inSight } from './backstep/inSight';
import { packagedVsix, sampleText } from './backstep/samples';
import { inspectorFrame } from './backstep/views';
import { expectSeen, until } from './backstep/wait';
import { clickDebugToolbar, focusEditor, stepWith } from './backstep/workbench';

const SAMPLE = 'optimizers.nn.yaml';
const VIEWPORT = { width: 1600, height: 1000 };

/** The screen-reader tables of the section: the cursor's row of the path, and the racers' rows. */
async function tables(frame: Frame): Promise<{ cursor: string[]; racers: string[][] }> {
  return frame.evaluate(() => {
    const cells = (tr: Element): string[] => Array.from(tr.children, (c) => c.textContent ?? '');
    const cursor = document.querySelector('[data-section="lossSurface"] table.surface-path tr.cursor');
    const racers = Array.from(document.querySelectorAll('[data-section="lossSurface"] table.surface-racers tbody tr'), cells);
    return { cursor: cursor ? cells(cursor) : [], racers };
  });
}

describe('Backstep in VS Code: optimizer paths on the loss surface', function () {
  const vscode = useVSCode(() => ({
    name: 'backstep-loss-surface',
    folder: makeTempWorkspace({ [SAMPLE]: sampleText(SAMPLE) }).folder,
    extensions: [{ vsix: packagedVsix() }],
    viewport: VIEWPORT,
  }));

  it('1. F5: the Inspector draws the loss over (w1, w2) with the cursor at the initialisation (step 0)', async function () {
    const { page } = vscode();
    await openFromExplorer(page, SAMPLE);
    await until(page, `step 1: the CodeLens "Debug model" in ${SAMPLE}`, async () => {
      const lenses = await page.locator('.part.editor .codelens-decoration').allInnerTexts();
      return { ok: lenses.some((l) => l.includes('Debug model')), seen: lenses };
    }, 60_000);
    await focusEditor(page, SAMPLE);
    await pressKeys(page, 'F5');
    await waitForElement(page, '.debug-toolbar', { timeoutMs: 60_000 });
    await until(page, 'step 1: the session stops on entry', async () => {
      const state = await callStackState(page);
      return { ok: /^Paused on entry/.test(state), seen: state };
    }, 60_000);
    const frame = await inspectorFrame(page);
    // The panel under the editor is shorter than the plot: a person makes it taller.
    await runCommand(page, 'View: Toggle Maximized Panel');
    await frame.locator('[data-section="lossSurface"] canvas.surface').scrollIntoViewIfNeeded();
    await until(page, 'step 1: the loss surface is on screen, drawn and not covered', async () => {
      const now = await inSight(page, frame, '[data-section="lossSurface"] canvas.surface');
      return { ok: now.fraction > 0.9 && now.onTop && now.painted > 0.5, seen: now };
    });
    const t = await tables(frame);
    expectSeen(t.cursor[0] === '0 (cursor)', 'step 1: the cursor is at step 0, the initialisation', t);
    await vscode().screenshot('1-entry');
    await runCommand(page, 'View: Toggle Maximized Panel'); // the editor back, for the keys of step 2
  });

  it('2. "Race the other optimizers" draws five racers; F10 over an update moves the cursor to step 1, Step Back moves it back', async function () {
    const { page } = vscode();
    const frame = await inspectorFrame(page);
    await frame.locator('[data-section="lossSurface"] vscode-button', { hasText: 'Race the other optimizers' }).click();
    await until(page, 'step 2: the racers are listed', async () => {
      const t = await tables(frame);
      return { ok: t.racers.length === 5, seen: t };
    });
    await focusEditor(page, SAMPLE);
    let cursor = '';
    for (let i = 0; i < 8 && !cursor.startsWith('1'); i++) {
      await stepWith(page, 'F10');
      cursor = (await tables(frame)).cursor[0] ?? '';
    }
    expectSeen(cursor === '1 (cursor)', 'step 2: after the update the cursor is at step 1', cursor);
    const racers = (await tables(frame)).racers;
    expectSeen(racers.length === 5 && racers.every((r) => r[1] === '1'), 'step 2: the five racers are shown at step 1 too', racers);
    await vscode().screenshot('2-raced-step-1');
    for (let i = 0; i < 10 && cursor !== '0 (cursor)'; i++) {
      const before = await callStackState(page);
      await clickDebugToolbar(page, 'Step Back');
      await until(page, 'step 2: Step Back moves the stop', async () => {
        const now = await callStackState(page);
        return { ok: now !== before, seen: now };
      });
      await until(page, 'step 2: the Inspector follows', async () => {
        cursor = (await tables(frame)).cursor[0] ?? '';
        return { ok: cursor !== '', seen: cursor };
      });
    }
    expectSeen(cursor === '0 (cursor)', 'step 2: Step Back over the update moves the cursor back to step 0', cursor);
    await vscode().screenshot('2-stepped-back');
  });
});
