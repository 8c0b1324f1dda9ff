// Proves the harness's readers before Backstep exists, with a fixture extension (e2e/fixtures/
// fake-debugger): palette commands, Problems, F5/F10/Shift+F5, Call Stack, Variables, the stopped
// line, and elements inside a webview panel and a webview view.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { until } from './backstep/wait';
import {
  E2E_DIR,
  breakpointLines,
  evaluateInDebugConsole,
  pickQuickItem,
  toggleBreakpoint,
  waitForText,
  callStackState,
  inWebview,
  launchJson,
  makeTempWorkspace,
  openFromExplorer,
  pressKeys,
  readCallStack,
  readVariables,
  runCommand,
  stoppedLines,
  toggleVariable,
  useVSCode,
  waitForProblems,
  waitForTopFrame,
  waitForVariable,
} from '../harness';

const MODEL = ['name: fixture', 'layers:', '  - dense: 4', '  - relu', '  - dense: 2', 'loss: mse', ''].join('\n');

describe('e2e harness, proven on a fixture extension', function () {
  const workspace = makeTempWorkspace({
    'model.nn.yaml': MODEL,
    '.vscode/launch.json': launchJson({ type: 'fake-nn', request: 'launch', name: 'Fake NN', program: '${workspaceFolder}/model.nn.yaml' }),
  });
  const vscode = useVSCode({
    name: 'harness',
    folder: workspace.folder,
    extensions: [{ folder: path.join(E2E_DIR, 'fixtures', 'fake-debugger') }],
    readyText: 'fake-nn ready',
  });
  after(() => workspace.remove());

  it('runs a palette command and reads its diagnostic from the Problems view', async function () {
    const { page } = vscode();
    await openFromExplorer(page, 'model.nn.yaml');
    await runCommand(page, 'Fake Debugger: Add Problem');
    const problems = await waitForProblems(page, (p) => p.length > 0);
    assert.deepEqual(problems, [
      { file: path.join(workspace.folder, 'model.nn.yaml'), severity: 'error', message: 'unknown layer kind "dense2"', line: 2, column: 3 },
    ]);
    await vscode().screenshot('problems');
  });

  it('picks an item in a quick pick that a command shows', async function () {
    const { page } = vscode();
    await runCommand(page, 'Fake Debugger: Pick Sample…');
    await pickQuickItem(page, 'lstm-memory');
    await waitForText(page, 'picked lstm-memory', { within: '.part.statusbar' });
  });

  it('sets a breakpoint on a line and sees its glyph', async function () {
    const { page } = vscode();
    await openFromExplorer(page, 'model.nn.yaml');
    assert.deepEqual(await breakpointLines(page), []);
    await toggleBreakpoint(page, 4);
    await page.waitForFunction(() => document.querySelector('.glyph-margin-widgets .codicon-debug-breakpoint') !== null);
    assert.deepEqual(await breakpointLines(page), [4]);
  });

  it('starts debugging with F5: Call Stack, Variables and the stopped line', async function () {
    const { page } = vscode();
    await pressKeys(page, 'F5');
    const frames = await waitForTopFrame(page, 'dense1 › matmul (line 2)');
    assert.deepEqual(frames, [
      { kind: 'frame', name: 'dense1 › matmul (line 2)', file: 'model.nn.yaml', position: '2:1' },
      { kind: 'frame', name: 'step 0 › forward', file: 'model.nn.yaml', position: '1:1' },
    ]);
    assert.equal(await callStackState(page), 'Paused on entry');
    assert.deepEqual(await stoppedLines(page), [2]);
    const weights = await waitForVariable(page, 'fc1.W');
    assert.deepEqual(weights, { kind: 'variable', name: 'fc1.W', value: 'float64[2×3] mean 0.5', depth: 2, expandable: true, expanded: false });
    await toggleVariable(page, 'fc1.W');
    // The children arrive a moment after the click (a variables request to the adapter).
    const children = await until(page, 'fc1.W expanded into its two rows', async () => {
      const seen = (await readVariables(page)).filter((r) => r.depth === 3).map((r) => [r.name, r.value]);
      return { ok: seen.length >= 2, seen };
    });
    assert.deepEqual(children, [['[0]', '[0, 1, 2]'], ['[1]', '[1, 2, 3]']]);
    await vscode().screenshot('stopped-on-entry');
  });

  it('evaluates an expression in the Debug Console', async function () {
    assert.equal(await evaluateInDebugConsole(vscode().page, 'fc1.W'), 'fc1.W = 5');
  });

  it('steps with F10: the stopped line and the values follow', async function () {
    const { page } = vscode();
    await pressKeys(page, 'F10');
    await waitForTopFrame(page, 'dense1 › matmul (line 3)');
    assert.equal(await callStackState(page), 'Paused on step');
    assert.deepEqual(await stoppedLines(page), [3]);
    assert.equal((await waitForVariable(page, 'loss', { value: '0.75' })).value, '0.75');
    await vscode().screenshot('after-step');
  });

  it('finds elements inside a webview panel and inside a webview view', async function () {
    const { page } = vscode();
    await runCommand(page, 'Fake Debugger: Show Panel');
    assert.equal(await (await inWebview(page, '#panel-hello')).textContent(), 'Hello from the panel');
    await runCommand(page, 'Fake Inspector: Focus on Fake Inspector View');
    const inView = await inWebview(page, '#view-hello', { extensionId: 'backstep-e2e.fake-debugger' });
    assert.equal(await inView.textContent(), 'Hello from the view');
    await vscode().screenshot('webviews');
  });

  it('stops debugging with Shift+F5: the Call Stack empties', async function () {
    const { page } = vscode();
    await runCommand(page, 'View: Show Run and Debug');
    assert.deepEqual(await stoppedLines(page, 'model.nn.yaml'), [3], 'a webview panel is the active editor: the file is picked by name');
    await pressKeys(page, 'Shift+F5');
    await page.waitForFunction(() => document.querySelectorAll('.debug-call-stack .monaco-list-row').length === 0, undefined, { timeout: 30_000 });
    assert.deepEqual(await readCallStack(page), []);
    assert.deepEqual(await stoppedLines(page, 'model.nn.yaml'), []);
  });
});
