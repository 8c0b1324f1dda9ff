// Backstep in a real VS Code (code-server 1.100 in Debian's Chromium), installed from the packaged
// .vsix, driven as a person would: open a sample, press F5 and find the Inspector's gates on screen
// (nothing moved or widened by hand), step into an LSTM's gates, run to the backward pass, step
// back, open the graph, look at attention, move the Inspector into the side bar and find it there at
// the next F5, break a model file, and do it again in Restricted Mode. Each step asserts what is on the screen, saves a screenshot under
// test-artifacts/e2e/<suite>/, and when it fails says which step and what the screen showed instead.
// Run: bash tools/package.sh && npm --prefix e2e test
import type { Page } from 'playwright-core';
import {
  breakpointLines,
  callStackState,
  decoratedLines,
  extensionDecoratedLines,
  makeTempWorkspace,
  openFromExplorer,
  pressKeys,
  readProblems,
  readVariables,
  runCommand,
  stoppedLines,
  toggleBreakpoint,
  useVSCode,
  waitForElement,
  waitForProblems,
  waitForText,
  webviewFrame,
  type VariableRow,
} from '../harness';
import { SAMPLES, layerNames, lineOf, numberAfter, packagedVsix, sampleText } from './backstep/samples';
import { graphFrame, inspectorFrame, readGradientBars, readGraph, readHeatmaps, readInspector, type InspectorState, type TensorCard } from './backstep/views';
import { expectSeen, until } from './backstep/wait';
import { inSight } from './backstep/inSight';
import { activePanelTab, clickDebugToolbar, editorHasFocus, focusEditor, frames, moveView, stepUntilFrame, stepWith, topFrame } from './backstep/workbench';

const VIEWPORT = { width: 1600, height: 1000 };
const LSTM = 'lstm-memory.nn.yaml';
const ATTENTION = 'attention-reverse.nn.yaml';

describe('Backstep in VS Code: the LSTM sample, step by step', function () {
  const vscode = useVSCode(() => ({ name: 'backstep-lstm', folder: SAMPLES, extensions: [{ vsix: packagedVsix() }], viewport: VIEWPORT }));
  const lstm = sampleText(LSTM);
  const lstmLine = lineOf(lstm, /^\s*-\s*lstm:/, LSTM);
  const readoutLine = lineOf(lstm, /^\s*-\s*linear:.*name:\s*readout/, LSTM);
  // The gate tensors are batch × hidden; the heatmaps time step × unit.
  const batch = numberAfter(lstm, 'batch_size', LSTM);
  const hidden = numberAfter(lstm, 'hidden', LSTM);
  const sequence = numberAfter(lstm, 'length', LSTM);
  const gateShape = `[${batch},${hidden}]`;
  /** Saves test-artifacts/e2e/backstep-lstm/<name>.png with the Inspector scrolled to `section`. */
  async function screenshot(page: Page, name: string, section?: string): Promise<void> {
    if (section) await (await inspectorFrame(page)).locator(`[data-section="${section}"]`).scrollIntoViewIfNeeded();
    await page.mouse.move(VIEWPORT.width / 2, VIEWPORT.height - 100); // no tooltip left over the toolbar
    await vscode().screenshot(name);
  }
  /** The op shown just before Step Back, to compare with what Step Back shows. */
  let beforeStep: { inspector: InspectorState; variables: VariableRow[]; frame: string } | undefined;

  it('1. opens samples/ and the LSTM sample from the Explorer: Backstep is active and the file has no problems', async function () {
    const { page } = vscode();
    await openFromExplorer(page, LSTM);
    await waitForText(page, 'Backstep Model', { within: '.part.statusbar', timeoutMs: 60_000 });
    // The CodeLens exists only once the extension has activated.
    await until(page, `step 1: the CodeLens "Debug model" above the model in ${LSTM}`, async () => {
      const lenses = await page.locator('.part.editor .codelens-decoration').allInnerTexts();
      return { ok: lenses.some((l) => l.includes('Debug model')), seen: lenses };
    }, 60_000);
    const problems = (await readProblems(page)).filter((p) => p.file.endsWith(LSTM));
    expectSeen(problems.length === 0, `step 1: no problems in ${LSTM}`, problems);
    const squiggles = await page.locator('.part.editor .squiggly-error, .part.editor .squiggly-warning').count();
    expectSeen(squiggles === 0, `step 1: no squiggles in ${LSTM}`, `${squiggles} squiggles`);
    await runCommand(page, 'View: Hide Panel'); // the Problems view was opened to read it: back to the first layout
    await screenshot(page, '1-sample-open');
  });

  it('2. F5: the session stops on entry at the LSTM layer, its line highlighted; the Inspector shows the gates in the panel, and the editor keeps the keyboard', async function () {
    const { page } = vscode();
    await focusEditor(page, LSTM);
    await pressKeys(page, 'F5');
    await waitForElement(page, '.debug-toolbar', { timeoutMs: 60_000 });
    const stack = await until(page, 'step 2: the Call Stack shows the first layer `memory (lstm)` on top', async () => {
      const rows = await frames(page);
      return { ok: rows[0]?.name === 'memory (lstm)', seen: rows };
    }, 60_000);
    expectSeen(
      stack.map((f) => f.name).join(' | ') === 'memory (lstm) | forward | step 1' && stack[0]?.position?.startsWith(`${lstmLine}:`) === true,
      `step 2: frames memory (lstm) › forward › step 1, the layer at line ${lstmLine}`,
      stack,
    );
    const state = await callStackState(page);
    expectSeen(/^Paused on entry/.test(state), 'step 2: the Call Stack says "Paused on entry"', state);
    await until(page, `step 2: the editor highlights line ${lstmLine} (the debugger's current line and the layer's lines)`, async () => {
      const stopped = await stoppedLines(page, LSTM);
      const layer = await extensionDecoratedLines(page, LSTM);
      return { ok: stopped.join() === String(lstmLine) && layer.includes(lstmLine), seen: { stopped, layer } };
    });
    await untilInspector(page, 'step 2: the Inspector follows the stop', (v) => v.where.endsWith('memory (lstm)') && v.sections.includes('op') && v.sections.includes('gates'));
    // Nothing but F5 was pressed: where the Inspector is and what of it shows is the default.
    const tab = await activePanelTab(page);
    expectSeen(/^Backstep Inspector/.test(tab), 'step 2: the panel shows the Backstep Inspector tab, revealed at the first stop', tab);
    const frame = await inspectorFrame(page);
    const heatmap = '[data-section="gates"] figure.heatmap canvas.heatmap-cells';
    const seen = await until(page, 'step 2: the forget gate heatmap is on screen: inside the window, the panel and its column, drawn and not covered', async () => {
      const sight = await inSight(page, frame, heatmap);
      // At entry no time step has run: the cells are drawn hatched ("not yet computed"), never blank.
      return { ok: sight.fraction > 0.75 && sight.onTop && sight.painted > 0.1, seen: sight };
    });
    const legend = await frame.evaluate(() => document.querySelector('[data-section="gates"] .legend-pending')?.textContent ?? '');
    expectSeen(/not yet computed/.test(legend), 'step 2: at entry the gates legend says the hatched cells are not yet computed', legend);
    expectSeen(seen.box.width > 80 && seen.box.height > 40, 'step 2: the heatmap is large enough to read', seen.box);
    expectSeen(await editorHasFocus(page, LSTM), `step 2: the editor of ${LSTM} keeps the keyboard focus after the Inspector is revealed`, await page.evaluate(() => document.activeElement?.className ?? 'nothing'));
    await screenshot(page, '2-stopped-on-entry');
  });

  it('3. F11 and F10 alone, step into memory/t3: the heatmaps outline t = 3; into its gate op: the op with its formula and numbers; Variables show the gate tensor', async function () {
    const { page } = vscode();
    // No click since F5: the keys reach the editor although the Inspector was revealed.
    await stepUntilFrame(page, 'F11', /^t\d+$/, 3); // into the layer, then into its first time step
    await stepUntilFrame(page, 'F10', /^t3$/, 4); // over the time steps to t3
    const t3 = await until(page, 'step 3: at memory/t3 every gate heatmap outlines the row t = 3', async () => {
      const seen = await readHeatmaps(await inspectorFrame(page), 'gates');
      // Rows t0…t2 hold values now: more than the hatch's colours.
      return { ok: seen.length === 4 && seen.every((m) => m.markedRow !== null && /\b3$/.test(m.markedRow) && m.colours > 2), seen: seen.map((m) => ({ heading: m.heading, markedRow: m.markedRow, colours: m.colours })) };
    });
    expectSeen(t3.length === 4, 'step 3: four gate heatmaps', t3);
    await screenshot(page, '3-time-step-3');
    await stepWith(page, 'F11'); // into the time step's ops
    const gateFrame = (await stepUntilFrame(page, 'F10', /^gate_f\b/, 12)).pop()!;
    const view = await untilInspector(page, `step 3: the Inspector shows the op of the top frame "${gateFrame}"`, (v) => v.where.endsWith(gateFrame) && /\/gate_f$/.test(v.op?.node ?? ''));
    const op = view.op!;
    expectSeen(op.op === 'sigmoid' && op.phase === 'forward', 'step 3: the current op is a forward sigmoid', op);
    expectSeen(op.formulas.some((f) => f.includes('\\sigma')), 'step 3: the formula σ(x) is typeset', op.formulas);
    // The formula worked with the numbers of this stop: on the first element, y₀ = σ(x₀).
    const x0 = latexValue(op.formulas, 'x');
    const y0 = latexValue(op.formulas, 'y');
    expectSeen(
      x0 !== null && y0 !== null && Math.abs(1 / (1 + Math.exp(-x0)) - y0) < 1e-3,
      'step 3: the formula is shown with the numbers of this stop, x₀ and y₀ = σ(x₀)',
      op.formulas,
    );
    const output = op.tensors.find((t) => t.role === 'y');
    expectSeen(!!output && output.shape.startsWith(`[${batch} × ${hidden}]`) && isNumber(output.stats.mean) && output.preview.length > 3, `step 3: the gate output y (${batch} × ${hidden}) with its numbers`, op.tensors);
    expectSeen(view.sections.includes('gates'), 'step 3: the Inspector has a Gates section', view.sections);
    const maps = await readHeatmaps(await inspectorFrame(page), 'gates');
    expectSeen(
      ['forget gate', 'input gate', 'candidate', 'output gate'].every((g) => maps.some((m) => m.heading.startsWith(g))),
      'step 3: a heatmap for each of the forget, input, candidate and output gates',
      maps.map((m) => m.heading),
    );
    const forget = maps.find((m) => m.heading.startsWith('forget gate'))!;
    expectSeen(
      forget.rows === sequence && forget.cols === hidden && forget.label.includes('time step') && forget.width > 50 && forget.height > 50,
      `step 3: the forget gate heatmap is ${sequence} time steps × ${hidden} units, drawn large enough to read`,
      forget,
    );
    expectSeen(forget.markedRow !== null && /\b3$/.test(forget.markedRow), 'step 3: the current time step t = 3 is outlined', forget.markedRow);
    expectSeen(forget.colours > 1, 'step 3: the forget gate heatmap shows different values in different cells', forget);
    // The Variables view refreshes a moment after the Call Stack: wait for this op's y.
    await untilVariables(page, `step 3: the Variables view shows the gate tensor y ${gateShape} with the Inspector's numbers (min ${output!.stats.min}, max ${output!.stats.max}, mean ${output!.stats.mean})`, (rows) => {
      const y = scope(rows, 'Op').find((r) => r.name === 'y');
      return !!y && y.value.startsWith(gateShape) && sameStats(y.value, output!);
    });
    await screenshot(page, '3-gate-op', 'gates');
  });

  it('4. a breakpoint on the LSTM line and Continue: at the end of its backward pass the Inspector shows one gradient bar per layer, Variables show gradients', async function () {
    const { page } = vscode();
    await focusEditor(page, LSTM);
    await toggleBreakpoint(page, lstmLine);
    await until(page, `step 4: a breakpoint glyph on line ${lstmLine}`, async () => {
      const lines = await breakpointLines(page, LSTM);
      return { ok: lines.includes(lstmLine), seen: lines };
    });
    await pressKeys(page, 'F5');
    const stack = await until(page, 'step 4: stopped on the breakpoint in the backward pass of memory', async () => {
      const state = await callStackState(page);
      const rows = (await frames(page)).map((f) => f.name);
      return { ok: /^Paused on breakpoint/.test(state) && rows.includes('backward') && rows.includes('memory (lstm)'), seen: { state, rows } };
    }, 60_000);
    const layers = layerNames(lstm); // the named layers, memory and readout, are the ones with parameters
    const view = await untilInspector(page, 'step 4: the Inspector shows the backward op at the breakpoint', (v) => v.where.includes('backward') && v.op?.phase === 'backward');
    expectSeen(view.sections.includes('gradients'), 'step 4: the Inspector has a Gradients section', view.sections);
    const bars = await until(page, `step 4: the gradient chart has one bar per layer (${layers.join(', ')}), each a positive norm`, async () => {
      const seen = await readGradientBars(await inspectorFrame(page));
      const names = seen?.rows.map(([layer]) => layer) ?? [];
      const ok = !!seen && names.join() === layers.join() && seen.rows.every(([, norm]) => isNumber(norm) && toNumber(norm) > 0) && seen.canvas.height > 40;
      return { ok, seen };
    });
    expectSeen(bars!.caption.includes('Gradient norm'), 'step 4: the chart is titled as gradient norms', bars!.caption);
    await untilVariables(page, 'step 4: the Variables view shows gradients (∂L/∂…) of the op', (rows) => scope(rows, 'Op').some((r) => r.name.startsWith('∂L/∂') && /^\[\d/.test(r.value)));
    expectSeen(stack.rows[0] !== undefined, 'step 4: a top frame', stack);
    await screenshot(page, '4-backward-gradients', 'gradients');
  });

  it('5. Step Over, then Step Back: the previous op is shown again with the same numbers', async function () {
    const { page } = vscode();
    const frame = await topFrame(page);
    beforeStep = { inspector: await readInspector(await inspectorFrame(page)), variables: await readVariables(page), frame };
    const before = beforeStep.inspector.op!;
    await focusEditor(page, LSTM);
    const next = await stepWith(page, 'F10');
    await untilInspector(page, `step 5: after F10 the Inspector leaves ${before.node}`, (v) => v.where.endsWith(next) && v.op?.node !== before.node);
    await clickDebugToolbar(page, 'Step Back');
    await until(page, `step 5: Step Back returns to the frame "${frame}"`, async () => {
      const top = await topFrame(page);
      return { ok: top === frame, seen: top };
    });
    const back = await untilInspector(page, `step 5: the Inspector shows ${before.node} again`, (v) => v.op?.node === before.node);
    expectSeen(JSON.stringify(back.op) === JSON.stringify(before), `step 5: ${before.node} has the same formula and numbers as before`, { before, after: back.op });
    const opBefore = scope(beforeStep.variables, 'Op').map((r) => `${r.name} = ${r.value}`);
    await untilVariables(page, `step 5: the Variables view shows the same values as before: ${opBefore.join('; ')}`, (rows) => {
      return JSON.stringify(scope(rows, 'Op').map((r) => `${r.name} = ${r.value}`)) === JSON.stringify(opBefore);
    });
    await screenshot(page, '5-step-back', 'op');
  });

  it('6. Show Graph: the current op is highlighted; clicking a node of another layer reveals its line in the editor', async function () {
    const { page } = vscode();
    const op = beforeStep!.inspector.op!;
    await runCommand(page, 'Backstep: Show Graph');
    const graph = await until(page, `step 6: the graph panel highlights the current op ${op.node} (or the layer holding it)`, async () => {
      const seen = await readGraph(await graphFrame(page));
      const ok = seen.current.length === 1 && (seen.current[0] === op.node || op.node.startsWith(`${seen.current[0]!.replace(/^layer:/, '')}/`));
      return { ok, seen };
    }, 60_000);
    expectSeen(graph.status.includes(op.node), `step 6: the graph's status line names ${op.node}`, graph.status);
    const frame = await graphFrame(page);
    const readout = frame.locator('svg.graph [data-id="readout"], svg.graph [data-id="layer:readout"], svg.graph [data-id^="readout/"]').first();
    await readout.waitFor({ state: 'visible', timeout: 30_000 });
    await readout.click();
    await until(page, `step 6: clicking the readout node selects its line ${readoutLine} in ${LSTM}`, async () => {
      const selected = await decoratedLines(page, /^selected-text$/, LSTM);
      return { ok: selected.includes(readoutLine), seen: { selectedLines: selected, graph: await readGraph(frame) } };
    });
    await screenshot(page, '6-graph');
  });

  it('7. the attention sample: the attention heatmap appears with its token labels', async function () {
    const { page } = vscode();
    await stopDebugging(page);
    await openFromExplorer(page, ATTENTION);
    const text = sampleText(ATTENTION);
    const attendLine = lineOf(text, /^\s*-\s*attention:/, ATTENTION);
    await focusEditor(page, ATTENTION);
    await toggleBreakpoint(page, attendLine);
    await pressKeys(page, 'F5');
    await runCommand(page, 'View: Show Run and Debug');
    await until(page, 'step 7: the attention sample stops on entry', async () => ({ ok: /^Paused on entry/.test(await callStackState(page)), seen: await frames(page) }), 60_000);
    await focusEditor(page, ATTENTION);
    await pressKeys(page, 'F5');
    await until(page, `step 7: Continue stops on the breakpoint at the attend layer (line ${attendLine})`, async () => {
      const rows = await frames(page);
      return { ok: rows[0]?.name.startsWith('attend') === true && rows[0]?.position?.startsWith(`${attendLine}:`) === true, seen: rows };
    }, 60_000);
    await focusEditor(page, ATTENTION);
    await stepWith(page, 'F10'); // over the attention layer: its weights are computed
    const maps = await until(page, 'step 7: the Inspector shows an attention heatmap of attend, queries × keys labelled with tokens', async () => {
      const seen = await readHeatmaps(await inspectorFrame(page), 'attention');
      const map = seen[0];
      const tokens = (labels: string[]) => labels.length === 5 && labels.every((l) => /^(<bos>|[a-f])$/.test(l));
      return { ok: !!map && map.label.includes('attention weights of attend') && tokens(map.rowLabels) && tokens(map.colLabels) && map.colours > 1, seen };
    });
    expectSeen(maps.length === 1, 'step 7: one heatmap (dot attention has one head)', maps.map((m) => m.heading));
    await screenshot(page, '7-attention', 'attention');
    await stopDebugging(page);
  });
  it('8. moved by the user into the Run and Debug side bar, the Inspector stays there at the next F5, its gates stacked in the narrow column', async function () {
    const { page } = vscode();
    await moveView(page, 'Inspector', 'Run and Debug'); // titled "Backstep: Inspector" there
    await focusEditor(page, LSTM);
    await pressKeys(page, 'F5');
    await until(page, 'step 8: the LSTM sample stops on entry again', async () => {
      const rows = await frames(page);
      return { ok: rows[0]?.name === 'memory (lstm)' && /^Paused on entry/.test(await callStackState(page)), seen: rows };
    }, 60_000);
    await untilInspector(page, 'step 8: the moved Inspector follows the stop', (v) => v.where.endsWith('memory (lstm)') && v.sections.includes('gates'));
    const frame = await inspectorFrame(page);
    const [webview, sideBar] = [await (await frame.frameElement()).boundingBox(), await page.locator('.part.sidebar').boundingBox()];
    expectSeen(
      !!webview && !!sideBar && webview.x >= sideBar.x - 1 && webview.x + webview.width <= sideBar.x + sideBar.width + 1,
      'step 8: the Inspector is drawn in the side bar, where the user put it',
      { webview, sideBar },
    );
    const tab = await activePanelTab(page);
    expectSeen(!/^Backstep Inspector/.test(tab), 'step 8: nothing brought it back to the panel', tab);
    const gates = await Promise.all([0, 1, 2, 3].map((i) => frame.locator('[data-section="gates"] canvas.heatmap-cells').nth(i).boundingBox()));
    expectSeen(
      gates.every((g, i) => !!g && (i === 0 || (g.x === gates[0]!.x && g.y >= gates[i - 1]!.y + gates[i - 1]!.height))),
      'step 8: in the narrow side bar the four gate heatmaps stand one under the other',
      gates,
    );
    expectSeen(await editorHasFocus(page, LSTM), `step 8: the editor of ${LSTM} keeps the keyboard focus`, await page.evaluate(() => document.activeElement?.className ?? 'nothing'));
    await screenshot(page, '8-moved-to-side-bar', 'gates');
    await stopDebugging(page);
  });
});

describe('Backstep in VS Code: a broken model file', function () {
  const mlp = sampleText('mlp-xor.nn.yaml');
  const broken = mlp.replace(/^(\s*-\s*)linear:/m, '$1linearr:');
  const brokenLine = lineOf(broken, /linearr:/);
  const workspace = makeTempWorkspace({ 'broken.nn.yaml': broken });
  const vscode = useVSCode(() => ({ name: 'backstep-broken', folder: workspace.folder, extensions: [{ vsix: packagedVsix() }], viewport: VIEWPORT }));
  after(() => workspace.remove());

  it('9. Backstep: Show Inspector before any session: the Inspector opens in the panel and says how to start', async function () {
    const { page } = vscode();
    await openFromExplorer(page, 'broken.nn.yaml');
    await runCommand(page, 'Backstep: Show Inspector');
    const idle = await until(page, 'step 9: the Inspector, before debugging, says how to start', async () => {
      const text = await inspectorIdleText(page);
      return { ok: /Press F5/.test(text), seen: text };
    });
    expectSeen(idle.length > 20, 'step 9: the idle Inspector explains itself', idle);
    const tab = await activePanelTab(page);
    expectSeen(/^Backstep Inspector/.test(tab), 'step 9: it is the panel\'s Backstep Inspector tab', tab);
    await vscode().screenshot('9-inspector-idle');
  });

  it('10. the Problems view lists the error at its line, and F5 says what is wrong instead of hanging', async function () {
    const { page } = vscode();
    await openFromExplorer(page, 'broken.nn.yaml');
    const problems = await waitForProblems(page, (p) => p.some((x) => x.file.endsWith('broken.nn.yaml')), { timeoutMs: 60_000 });
    const [problem] = problems;
    expectSeen(
      problems.length === 1 && problem!.severity === 'error' && problem!.line === brokenLine && problem!.column === 5 && problem!.message.includes('linearr'),
      `step 10: one error at line ${brokenLine}, column 5, naming the unknown layer "linearr"`,
      problems,
    );
    await vscode().screenshot('10-problems');
    await focusEditor(page, 'broken.nn.yaml');
    await pressKeys(page, 'F5');
    const message = await until(page, `step 10: F5 shows an error naming broken.nn.yaml:${brokenLine} and the unknown layer`, async () => {
      const dialogs = await page.locator('.monaco-dialog-box').allInnerTexts();
      const toasts = await page.locator('.notifications-toasts .notification-list-item-message').allInnerTexts();
      const all = [...dialogs, ...toasts].join('\n');
      return { ok: all.includes(`broken.nn.yaml:${brokenLine}:5`) && all.includes('linearr'), seen: all };
    });
    expectSeen(/error/i.test(message), 'step 10: the message says it is an error', message);
    const stack = await frames(page);
    expectSeen(stack.length === 0, 'step 10: no debug session is left running', stack);
    await vscode().screenshot('10-f5-error');
    await page.keyboard.press('Escape');
  });
});

describe('Backstep in VS Code: Restricted Mode (an untrusted folder)', function () {
  const vscode = useVSCode(() => ({
    name: 'backstep-restricted',
    folder: SAMPLES,
    extensions: [{ vsix: packagedVsix() }],
    viewport: VIEWPORT,
    workspaceTrust: true,
    settings: { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.untrustedFiles': 'open' },
  }));
  const file = 'mlp-xor.nn.yaml';
  const firstLayerLine = lineOf(sampleText(file), /^\s*-\s*linear:/, file);

  it('11. in Restricted Mode the extension opens a sample, and debugs it once VS Code is told to trust the folder', async function () {
    const { page } = vscode();
    await waitForText(page, 'Restricted Mode', { within: '.part.statusbar', timeoutMs: 60_000 });
    await openFromExplorer(page, file);
    await until(page, `step 11: the CodeLens "Debug model" above the model in ${file}, in Restricted Mode`, async () => {
      const lenses = await page.locator('.part.editor .codelens-decoration').allInnerTexts();
      return { ok: lenses.some((l) => l.includes('Debug model')), seen: lenses };
    }, 60_000);
    await vscode().screenshot('11-restricted-open');
    await focusEditor(page, file);
    await pressKeys(page, 'F5');
    // VS Code itself refuses every debug session in Restricted Mode until the folder is trusted.
    const dialog = await until(page, 'step 11: VS Code asks whether to trust the folder before debugging', async () => {
      const texts = await page.locator('.monaco-dialog-box').allInnerTexts();
      return { ok: texts.some((t) => /trust/i.test(t)), seen: texts };
    });
    await vscode().screenshot('11-trust-prompt');
    const trust = page.locator('.monaco-dialog-box .dialog-buttons a.monaco-button', { hasText: /^Trust/ }).first();
    expectSeen((await trust.count()) === 1, 'step 11: the trust dialog has a Trust button', dialog);
    await trust.click();
    await until(page, `step 11: the session stops on entry at the first layer (line ${firstLayerLine})`, async () => {
      const rows = await frames(page);
      return { ok: rows[0]?.position?.startsWith(`${firstLayerLine}:`) === true && /^Paused on entry/.test(await callStackState(page)), seen: rows };
    }, 60_000);
    await until(page, `step 11: the editor highlights line ${firstLayerLine}`, async () => {
      const lines = await stoppedLines(page, file);
      return { ok: lines.join() === String(firstLayerLine), seen: lines };
    });
    await vscode().screenshot('11-debugging');
    await stopDebugging(page);
  });
});

// ---- helpers that read like the steps ------------------------------------------------------------

async function inspectorIdleText(page: Page): Promise<string> {
  const frame = await webviewFrame(page, 'body[data-state="idle"] .idle', { extensionId: 'backstep.backstep', timeoutMs: 5000 });
  return ((await frame.locator('.idle').innerText()) ?? '').replace(/\s+/g, ' ').trim();
}

/** Waits until the Inspector's view satisfies `accept` (it redraws a moment after the Call Stack). */
async function untilInspector(page: Page, expected: string, accept: (view: InspectorState) => boolean): Promise<InspectorState> {
  return until(page, expected, async () => {
    const view = await readInspector(await inspectorFrame(page, 5000));
    return { ok: accept(view) && view.errors.length === 0, seen: view };
  }, 60_000);
}

async function untilVariables(page: Page, expected: string, accept: (rows: VariableRow[]) => boolean): Promise<VariableRow[]> {
  let rows: VariableRow[] = [];
  await until(page, expected, async () => {
    rows = await readVariables(page);
    return { ok: accept(rows), seen: rows.map((r) => `${'  '.repeat(Math.max(0, r.depth - 1))}${r.name}${r.kind === 'variable' ? ` = ${r.value}` : ''}`) };
  });
  return rows;
}

/** The variables under the scope named `name` (the rows drawn, depth 2). */
function scope(rows: readonly VariableRow[], name: string): VariableRow[] {
  const start = rows.findIndex((r) => r.kind === 'scope' && r.name === name);
  if (start < 0) return [];
  const end = rows.findIndex((r, i) => i > start && r.kind === 'scope');
  return rows.slice(start + 1, end < 0 ? undefined : end).filter((r) => r.depth === 2);
}

async function stopDebugging(page: Page): Promise<void> {
  if ((await frames(page)).length === 0) return;
  await clickDebugToolbar(page, 'Stop');
  await until(page, 'the debug session ends: the Call Stack empties', async () => {
    const rows = await frames(page);
    return { ok: rows.length === 0, seen: rows };
  });
}

/** The number given to `symbol₀` in the typeset formulas (`x_{0} = 1.2`, `y_{0} = 3 \\times 10^{-4}`), or null. */
function latexValue(formulas: readonly string[], symbol: string): number | null {
  for (const f of formulas) {
    const match = new RegExp(`\\b${symbol}_\\{0\\}\\s*=\\s*(-?[\\d.]+)(?:\\s*\\\\times\\s*10\\^\\{(-?\\d+)\\})?`).exec(f);
    if (match) return Number(match[1]) * 10 ** Number(match[2] ?? 0);
  }
  return null;
}

/** Numbers as VS Code and the Inspector print them: `−0.3518`, `7.796e−4`, `1e−8`. */
function toNumber(text: string): number {
  return Number(text.replace(/−/g, '-').replace(/\s/g, ''));
}

function isNumber(text: string | undefined): boolean {
  return text !== undefined && text !== '' && Number.isFinite(toNumber(text));
}

/** Do `min … max … mean …` in a Variables value agree with a tensor card's statistics (to 3 digits)? */
function sameStats(variableValue: string, card: TensorCard): boolean {
  const match = /min (\S+) max (\S+) mean (\S+)/.exec(variableValue);
  if (!match) return false;
  return (['min', 'max', 'mean'] as const).every((key, i) => {
    const a = toNumber(match[i + 1]!);
    const b = toNumber(card.stats[key] ?? '');
    return Math.abs(a - b) <= 1e-3 * Math.max(Math.abs(a), Math.abs(b)) + 1e-6;
  });
}
