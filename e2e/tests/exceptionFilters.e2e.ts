// The model file's `debug.break_on` in VS Code's Breakpoints view (issue 12): after F5 on the LSTM
// sample the exception filters are ticked as the file says, with the file's thresholds in their
// labels; a condition edited and a box unticked in the view change where the session stops.
// Run: bash tools/package.sh && npm --prefix e2e test
import type { Page } from 'playwright-core';
import {
  callStackState,
  editExceptionCondition,
  exceptionBreakpointHover,
  makeTempWorkspace,
  openFromExplorer,
  pressKeys,
  readExceptionBreakpoints,
  setExceptionBreakpoint,
  showBreakpointsView,
  toggleBreakpoint,
  useVSCode,
  waitForElement,
  type ExceptionBreakpointRow,
} from '../harness';
import { lineOf, packagedVsix, sampleText } from './backstep/samples';
import { expectSeen, until } from './backstep/wait';
import { focusEditor, frames } from './backstep/workbench';

const LSTM = 'lstm-memory.nn.yaml';

describe('Backstep in VS Code: the Breakpoints view shows and changes the model file’s break_on', function () {
  const lstm = sampleText(LSTM);
  const breakOn = breakOnOf(lstm);
  const updateLine = lineOf(lstm, /^\s*optimizer:/, LSTM);
  const vscode = useVSCode(() => ({
    name: 'backstep-exception-filters',
    // A copy: a test never writes into samples/ (VS Code may save breakpoints beside it).
    folder: makeTempWorkspace({ [LSTM]: lstm }).folder,
    extensions: [{ vsix: packagedVsix() }],
    viewport: { width: 1400, height: 900 },
  }));

  /** Waits until the session is paused with a Call Stack state matching `state`; returns the frames. */
  async function pausedOn(page: Page, state: RegExp, expected: string): Promise<string[]> {
    const seen = await until(page, expected, async () => {
      const now = await callStackState(page);
      const names = (await frames(page)).map((f) => f.name);
      return { ok: state.test(now) && names.length > 0, seen: { state: now, frames: names } };
    }, 60_000);
    return seen.frames;
  }

  async function filterRows(page: Page): Promise<ExceptionBreakpointRow[]> {
    await showBreakpointsView(page);
    return readExceptionBreakpoints(page);
  }

  it('1. F5: the Breakpoints view ticks the filters of debug.break_on, with the file’s thresholds in their labels', async function () {
    const { page } = vscode();
    await openFromExplorer(page, LSTM);
    // F5 finds Backstep's debugger once the extension is active: its CodeLens shows that.
    await until(page, `step 1: the CodeLens "Debug model" in ${LSTM}`, async () => {
      const lenses = await page.locator('.part.editor .codelens-decoration').allInnerTexts();
      return { ok: lenses.some((l) => l.includes('Debug model')), seen: lenses };
    }, 60_000);
    await focusEditor(page, LSTM);
    await pressKeys(page, 'F5');
    await waitForElement(page, '.debug-toolbar', { timeoutMs: 60_000 });
    await pausedOn(page, /^Paused on entry/, 'step 1: the session stops on entry');
    const rows = await until(page, 'step 1: the Breakpoints view lists five exception filters', async () => {
      const now = await filterRows(page);
      return { ok: now.length === 5, seen: now };
    });
    const row = (label: string): ExceptionBreakpointRow | undefined => rows.find((r) => r.label.startsWith(label));
    const expected: [string, boolean, RegExp][] = [
      ['NaN or Inf', breakOn.get('nan_inf') === 'true', /^NaN or Inf$/],
      ['Exploding gradients', true, new RegExp(`^Exploding gradients: ‖∇‖ > ${escape(breakOn.get('exploding')!)}$`)],
      ['Vanishing gradients', true, new RegExp(`^Vanishing gradients: ‖∇‖ < ${escape(breakOn.get('vanishing')!)}$`)],
      ['Dead ReLUs', breakOn.has('dead_relu'), /^Dead ReLUs: dead fraction ≥ /],
      ['Op errors', true, /^Op errors$/], // a failing op always stops the session
    ];
    for (const [label, checked, text] of expected) {
      const r = row(label);
      expectSeen(r !== undefined && r.checked === checked && text.test(r.label) && r.condition === '', `step 1: "${label}" ${checked ? 'ticked' : 'unticked'}, labelled ${String(text)}, no condition`, rows);
    }
    await page.mouse.move(10, 890);
    await vscode().screenshot('1-breakpoints-view');
    // Where the tick comes from is said in the filter's description, which VS Code shows on hover.
    const hover = await exceptionBreakpointHover(page, 'Vanishing gradients');
    expectSeen(hover.includes(`On in ${LSTM} (debug.break_on)`), `step 1: the hover of "Vanishing gradients" says it is on in ${LSTM}`, hover);
    await vscode().screenshot('1-breakpoints-hover');
    await page.mouse.move(10, 890);
  });

  it('2. a condition edited in the view applies: Vanishing gradients at ‖∇‖ < 1e9 stops at the first gradient after Continue', async function () {
    const { page } = vscode();
    await showBreakpointsView(page);
    await editExceptionCondition(page, 'Vanishing gradients', '1e9');
    const edited = (await readExceptionBreakpoints(page)).find((r) => r.label.startsWith('Vanishing gradients'));
    expectSeen(edited?.checked === true && edited.condition === '1e9', 'step 2: "Vanishing gradients" ticked with the condition 1e9', edited);
    // The label keeps the threshold offered at start, the condition is drawn after it: the hover says which holds.
    const hover = await exceptionBreakpointHover(page, 'Vanishing gradients');
    expectSeen(/condition .*replaces the threshold in the label/i.test(hover), 'step 2: the hover says that the condition replaces the threshold in the label', hover);
    await vscode().screenshot('2-vanishing-condition');
    await page.mouse.move(10, 890);
    await focusEditor(page, LSTM);
    await pressKeys(page, 'F5');
    // The stop's description is the Call Stack's state, the filter's label first (the header shows only its start).
    const stack = await pausedOn(page, /^Paused on Vanishing gradients: gradient norm of layer \w+ is .*, below 1e9$/, 'step 2: Continue stops on a vanishing gradient');
    expectSeen(stack.includes('backward') && stack.includes('step 1'), 'step 2: it stops in the backward pass of step 1', stack);
    const widget = await waitForElement(page, '.exception-widget');
    const text = (await widget.textContent()) ?? '';
    expectSeen(/vanishing/i.test(text), 'step 2: the exception widget names the vanishing gradient', text);
    await vscode().screenshot('2-vanishing-edited');
  });

  it('3. a filter unticked in the view applies: Continue passes the other gradients and stops at a breakpoint on the update', async function () {
    const { page } = vscode();
    await showBreakpointsView(page);
    await setExceptionBreakpoint(page, 'Vanishing gradients', false);
    await focusEditor(page, LSTM);
    await toggleBreakpoint(page, updateLine);
    await pressKeys(page, 'F5');
    const stack = await pausedOn(page, /^Paused on breakpoint/, `step 3: Continue stops at the breakpoint on line ${updateLine} (the update), not on a gradient`);
    expectSeen(stack.includes('step 1') && !stack.includes('backward'), 'step 3: the stop is the update of step 1, after its backward pass', stack);
    await vscode().screenshot('3-vanishing-unticked');
  });

  it('4. Stop, then F5 again: VS Code keeps the choices made in the view (same file, same offers), and the new session applies them', async function () {
    const { page } = vscode();
    await focusEditor(page, LSTM);
    await pressKeys(page, 'Shift+F5');
    await page.locator('.debug-toolbar').waitFor({ state: 'hidden', timeout: 30_000 });
    await pressKeys(page, 'F5');
    await pausedOn(page, /^Paused on entry/, 'step 4: the new session stops on entry');
    const rows = await filterRows(page);
    const vanishing = rows.find((r) => r.label.startsWith('Vanishing gradients'));
    const exploding = rows.find((r) => r.label.startsWith('Exploding gradients'));
    expectSeen(vanishing?.checked === false && vanishing.condition === '1e9' && exploding?.checked === true, 'step 4: "Vanishing gradients" still unticked with 1e9, "Exploding gradients" ticked', rows);
    await focusEditor(page, LSTM);
    await pressKeys(page, 'F5');
    const stack = await pausedOn(page, /^Paused on breakpoint/, `step 4: Continue passes the gradients and stops at the breakpoint on line ${updateLine}`);
    expectSeen(stack.includes('step 1') && !stack.includes('backward'), 'step 4: the stop is the update of step 1', stack);
  });
});

/** The keys of a model file's `break_on:` block and the values written for them (`100`, `1e-6`, `true`). */
function breakOnOf(text: string): Map<string, string> {
  const block = /^\s*break_on:\s*\n((?:\s{4,}\w+:.*\n?)+)/m.exec(text);
  if (!block) throw new Error(`${LSTM} has no debug.break_on block`);
  return new Map([...block[1]!.matchAll(/^\s*(\w+):\s*([^\s#]+)/gm)].map((m) => [m[1]!, m[2]!]));
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
