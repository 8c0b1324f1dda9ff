// "View in Backstep", Jump to Cursor and completions in VS Code (issue 14), on the LSTM sample as a
// person meets them: right-click a weight in Variables and see it pinned in the Inspector as a
// heatmap that follows the steps; put the cursor on a layer's line and jump there in another training
// step; type a tensor name in the Debug Console and pick it from the suggestions.
// Screenshots under test-artifacts/e2e/backstep-view-in-backstep/.
// Run: bash tools/package.sh && cd e2e && npx mocha --config .mocharc.json tests/viewInBackstep.e2e.ts
import type { Frame } from 'playwright-core';
import { callStackState, goToLine, launchJson, makeTempWorkspace, openFromExplorer, pressKeys, readVariables, runCommand, toggleVariable, useVSCode, waitForElement } from '../harness';
import { inSight } from './backstep/inSight';
import { lineOf, numberAfter, packagedVsix, sampleText } from './backstep/samples';
import { inspectorFrame, readInspector } from './backstep/views';
import { expectSeen, until } from './backstep/wait';
import { activePanelTab, focusEditor, frames, stepWith } from './backstep/workbench';

const LSTM = 'lstm-memory.nn.yaml';
const VIEWPORT = { width: 1600, height: 1000 };
const PINNED = 'memory.W_f';
const STEPS = 100_000;

interface PinnedBlock {
  title: string;
  caption: string;
  heatmap: { label: string; rows: number; cols: number } | null;
}

describe('Backstep in VS Code: View in Backstep, Jump to Cursor and completions', function () {
  const lstm = sampleText(LSTM);
  const readoutLine = lineOf(lstm, /^\s*-\s*linear:.*name:\s*readout/, LSTM);
  const hidden = numberAfter(lstm, 'hidden', LSTM);
  const vscode = useVSCode(() => ({
    name: 'backstep-view-in-backstep',
    // Long enough that a Continue is still running when step 5 presses Restart.
    folder: makeTempWorkspace({ [LSTM]: lstm, '.vscode/launch.json': launchJson({ type: 'backstep', request: 'launch', name: `Debug ${STEPS} steps`, program: `\${workspaceFolder}/${LSTM}`, steps: STEPS }) }).folder,
    extensions: [{ vsix: packagedVsix() }],
    viewport: VIEWPORT,
  }));
  async function screenshot(name: string): Promise<void> {
    await vscode().page.mouse.move(VIEWPORT.width / 2, VIEWPORT.height - 60); // no tooltip left over
    await vscode().screenshot(name);
  }

  it(`1. F5, then "View in Backstep" on ${PINNED} in Variables: the Inspector shows it pinned, a heatmap with its shape in the title`, async function () {
    const { page } = vscode();
    await openFromExplorer(page, LSTM);
    await until(page, `step 1: the CodeLens "Debug model" in ${LSTM}`, async () => {
      const lenses = await page.locator('.part.editor .codelens-decoration').allInnerTexts();
      return { ok: lenses.some((l) => l.includes('Debug model')), seen: lenses };
    }, 60_000);
    await focusEditor(page, LSTM);
    await pressKeys(page, 'F5');
    await waitForElement(page, '.debug-toolbar', { timeoutMs: 60_000 });
    await until(page, 'step 1: the session stops on entry', async () => {
      const state = await callStackState(page);
      return { ok: /^Paused on entry/.test(state), seen: state };
    }, 60_000);
    await until(page, 'step 1: the Variables view shows the Model scope', async () => {
      const names = (await readVariables(page)).map((v) => v.name);
      return { ok: names.includes('Model'), seen: names };
    });
    await toggleVariable(page, 'Model');
    await until(page, 'step 1: Model lists the memory layer', async () => {
      const names = (await readVariables(page)).map((v) => v.name);
      return { ok: names.includes('memory'), seen: names };
    });
    await toggleVariable(page, 'memory');
    const row = page.locator('.debug-variables .monaco-list-row').filter({ has: page.locator('.expression .name').getByText(new RegExp(`^${PINNED.replace('.', '\\.')}\\s*[=:]?$`)) }).first();
    await row.waitFor({ state: 'visible', timeout: 30_000 });
    await row.click({ button: 'right' });
    const item = page.locator('.context-view .action-item', { hasText: 'View in Backstep' }).first();
    await item.waitFor({ state: 'visible', timeout: 30_000 });
    await vscode().screenshot('1-context-menu');
    await item.click();

    const frame = await inspectorFrame(page);
    const block = await until(page, `step 1: the Inspector shows ${PINNED} pinned as a heatmap`, async () => {
      const seen = await pinnedBlocks(frame);
      return { ok: seen.length === 1 && seen[0]!.heatmap !== null, seen };
    });
    const tab = await activePanelTab(page);
    expectSeen(/^Backstep Inspector/.test(tab), 'step 1: the panel shows the Backstep Inspector', tab);
    // W_f maps [x, h] (one input bit and the hidden state) to the gate: hidden × (1 + hidden).
    const shape = `[${hidden}×${1 + hidden}]`;
    expectSeen(block[0]!.title.replace(/\s/g, '').includes(`${PINNED}·${shape}`), `step 1: the pinned title names ${PINNED} and its shape ${shape}`, block[0]);
    expectSeen(block[0]!.heatmap!.rows === hidden && block[0]!.heatmap!.cols === 1 + hidden, `step 1: the heatmap is ${hidden} × ${1 + hidden}`, block[0]);
    expectSeen(/^min .* max .* mean /.test(block[0]!.caption), 'step 1: the caption gives min, max and mean', block[0]);
    const sight = await until(page, 'step 1: the pinned heatmap is on screen, drawn and not covered', async () => {
      const now = await inSight(page, frame, '[data-section="pinned"] figure.heatmap canvas.heatmap-cells');
      return { ok: now.fraction > 0.9 && now.onTop && now.painted > 0.5, seen: now };
    });
    expectSeen(sight.box.width > 80 && sight.box.height > 40, 'step 1: the heatmap is large enough to read', sight.box);
    await screenshot('1-pinned');
  });

  it('2. F10: the pin follows the stop (the Inspector moves on, the heatmap stays); Close unpins it', async function () {
    const { page } = vscode();
    const frame = await inspectorFrame(page);
    const before = (await readInspector(frame)).where;
    await focusEditor(page, LSTM);
    await stepWith(page, 'F10');
    await until(page, `step 2: after F10 the Inspector leaves "${before}" and still shows ${PINNED}`, async () => {
      const where = (await readInspector(frame)).where;
      const pinned = await pinnedBlocks(frame);
      return { ok: where !== before && pinned.length === 1 && pinned[0]!.heatmap !== null, seen: { where, pinned } };
    });
    // VS Code shows the oldest stop it was told of until a `continued` event: not the entry any more.
    await until(page, 'step 2: the Call Stack header describes the step, no longer the entry', async () => {
      const state = await callStackState(page);
      return { ok: state !== '' && !/entry/.test(state), seen: state };
    });
    await screenshot('2-after-step');
    await frame.locator(`[data-section="pinned"] .pinned[data-expression="${PINNED}"] vscode-button`).click();
    await until(page, 'step 2: Close removes the pinned tensor and its section', async () => {
      const pinned = await pinnedBlocks(frame);
      const hidden = await frame.evaluate(() => (document.querySelector('[data-section="pinned"]') as HTMLElement | null)?.hidden ?? true);
      return { ok: pinned.length === 0 && hidden, seen: { pinned, hidden } };
    });
    await screenshot('2-closed');
  });

  it(`3. Jump to Cursor on the readout line: a pick list of training steps and phases; step 2's forward pass is where the Call Stack stops`, async function () {
    const { page } = vscode();
    await focusEditor(page, LSTM);
    await goToLine(page, readoutLine);
    await runCommand(page, 'Debug: Jump to Cursor');
    const labels = await until(page, 'step 3: a pick list of the places of the readout line', async () => {
      const now = await page.locator('.quick-input-widget .quick-input-list .monaco-list-row .label-name').allInnerTexts();
      return { ok: now.includes('step 2 › forward › readout'), seen: now };
    });
    expectSeen(labels.includes('step 1 › backward › readout'), 'step 3: the current step\'s backward pass is a target too', labels);
    await screenshot('3-jump-targets');
    await page.locator('.quick-input-widget .quick-input-list .monaco-list-row').filter({ hasText: 'step 2 › forward › readout' }).first().click();
    const stack = await until(page, 'step 3: the Call Stack stops at readout in step 2', async () => {
      const names = (await frames(page)).map((f) => f.name);
      return { ok: /^readout\b/.test(names[0] ?? '') && names.at(-1) === 'step 2', seen: names };
    }, 60_000);
    expectSeen(stack.includes('forward'), 'step 3: in the forward pass', stack);
    const state = await callStackState(page);
    expectSeen(/^Went to step 2 › forward › readout/.test(state), 'step 3: the Call Stack says where it went', state);
    await screenshot('3-jumped');
  });

  it(`4. Typing "memory.W" in the Debug Console suggests ${PINNED}`, async function () {
    const { page } = vscode();
    await runCommand(page, 'Debug Console: Focus on Debug Console View');
    await page.locator('.repl-input-wrapper .monaco-editor').first().waitFor({ state: 'visible', timeout: 30_000 });
    await page.keyboard.type('memory.W');
    await page.keyboard.press('Control+Space');
    const suggestions = await until(page, `step 4: the suggestions list ${PINNED}`, async () => {
      const now = await page.locator('.suggest-widget .monaco-list-row').allInnerTexts();
      return { ok: now.some((s) => s.includes(PINNED) || s.startsWith('W_f')), seen: now };
    });
    expectSeen(suggestions.length >= 2, 'step 4: more than one weight of memory is suggested', suggestions);
    await screenshot('4-completions');
    await page.keyboard.press('Escape');
  });
  it('5. F5, then Debug: Restart while the training runs: the new run stops on entry, says so in the Call Stack, and the Inspector keeps the run it ended as faded lines', async function () {
    const { page } = vscode();
    await focusEditor(page, LSTM);
    await pressKeys(page, 'F5');
    await page.waitForTimeout(2000); // a few training steps
    const running = await callStackState(page);
    expectSeen(/^(Running)?$/.test(running), `step 5: the ${STEPS} training steps are running (no stop in the Call Stack header)`, running);
    await runCommand(page, 'Debug: Restart');
    const stack = await until(page, 'step 5: the restarted session stops on entry at memory, step 1', async () => {
      const names = (await frames(page)).map((f) => f.name);
      return { ok: names[0] === 'memory (lstm)' && names.at(-1) === 'step 1', seen: names };
    }, 60_000);
    expectSeen(stack.length === 3, 'step 5: frames memory › forward › step 1', stack);
    await until(page, 'step 5: the Call Stack header says "Paused on entry", not the Jump to Cursor before', async () => {
      const state = await callStackState(page);
      return { ok: /^Paused on entry/.test(state), seen: state };
    });
    // The Debug Console of step 4 is still the panel's tab: the person clicks the Inspector's.
    await page.locator('.part.panel .composite-bar .action-item .action-label[aria-label^="Backstep Inspector"]').first().click();
    const frame = await inspectorFrame(page);
    const note = await until(page, 'step 5: the Inspector draws the ended run as faded lines', async () => {
      const text = await frame.evaluate(() => document.querySelector('.previous-run-note')?.textContent ?? '');
      return { ok: /run 1, before the last Restart/.test(text), seen: text };
    });
    expectSeen(note.includes('Dismiss'), 'step 5: the note has its Dismiss button', note);
    await frame.locator('.previous-run-note').first().scrollIntoViewIfNeeded();
    await screenshot('5-restarted');
  });
});

/** The pinned tensors the Inspector shows: title, caption and the heatmap's size and accessible name. */
function pinnedBlocks(frame: Frame): Promise<PinnedBlock[]> {
  return frame.evaluate(() => {
    const section = document.querySelector<HTMLElement>('[data-section="pinned"]');
    if (!section || section.hidden) return [];
    const text = (el: Element | null | undefined): string => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
    return [...section.querySelectorAll<HTMLElement>('.pinned')].map((block) => {
      const canvas = block.querySelector<HTMLCanvasElement>('canvas.heatmap-cells');
      const shown = canvas !== null && !(canvas.closest('[hidden]') !== null);
      return {
        title: text(block.querySelector('.pinned-title')),
        caption: text(block.querySelector('.pinned-caption')),
        heatmap: shown ? { label: canvas!.getAttribute('aria-label') ?? '', rows: Number(canvas!.dataset.rows), cols: Number(canvas!.dataset.cols) } : null,
      };
    });
  });
}

