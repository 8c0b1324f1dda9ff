// Debug This Model in VS Code (issue 16), on the ONNX sample's file as a person meets it: right-click
// a `.onnx` file in the Explorer, "Debug This Model" writes a model file beside it and offers to debug
// it; the session stops on entry; Step Into enters the PyTorch modules of the exported graph (the Call
// Stack reads them as frames); the graph panel shows the imported layer, and opening it shows the
// ops grouped by module, the current one marked. Screenshots under test-artifacts/e2e/backstep-onnx/.
// Run: bash tools/package.sh && cd e2e && npx mocha --config .mocharc.json tests/onnx.e2e.ts
import * as fs from 'node:fs';
import * as path from 'node:path';
import { callStackState, makeTempWorkspace, runCommand, useVSCode, waitForActiveTab, waitForElement } from '../harness';
import { packagedVsix, SAMPLES } from './backstep/samples';
import { graphFrame, readGraph } from './backstep/views';
import { expectSeen, until } from './backstep/wait';
import { frames, stepUntilFrame } from './backstep/workbench';

const ONNX = 'onnx-transformer.onnx';
const GENERATED = 'onnx-transformer.nn.yaml';
const VIEWPORT = { width: 1600, height: 1000 };

describe('Backstep in VS Code: Debug This Model on an ONNX file', function () {
  let folder = '';
  const vscode = useVSCode(() => {
    folder = makeTempWorkspace({}).folder;
    fs.mkdirSync(path.join(folder, 'models'));
    fs.copyFileSync(path.join(SAMPLES, 'data', ONNX), path.join(folder, 'models', ONNX));
    return { name: 'backstep-onnx', folder, extensions: [{ vsix: packagedVsix() }], viewport: VIEWPORT };
  });

  it(`1. right-click ${ONNX} › Debug This Model: ${GENERATED} is written beside it and opened; "Debug Model" stops on entry`, async function () {
    const { page } = vscode();
    const tree = page.locator('.explorer-folders-view');
    await tree.waitFor({ state: 'visible', timeout: 60_000 });
    await tree.locator('.monaco-list-row[aria-level="1"][aria-label="models"]').click();
    const file = tree.locator(`.monaco-list-row[aria-level="2"][aria-label="${ONNX}"]`);
    await file.waitFor({ state: 'visible', timeout: 30_000 });
    const item = page.locator('.context-view .action-item', { hasText: 'Debug This Model' }).first();
    // The workbench lists an extension's menu items once its host has read them: seconds after the
    // Explorer shows. A menu opened before lacks them; a person would open it again, and so does this.
    await until(page, `step 1: the context menu of ${ONNX} offers Debug This Model`, async () => {
      await file.click({ button: 'right' });
      const shown = await item.waitFor({ state: 'visible', timeout: 3_000 }).then(() => true, () => false);
      const seen = await page.locator('.context-view.monaco-menu-container').innerText().catch(() => '');
      if (!shown) await page.keyboard.press('Escape');
      return { ok: shown, seen };
    }, 60_000);
    await vscode().screenshot('1-context-menu');
    await item.click();

    await waitForActiveTab(page, GENERATED, { timeoutMs: 60_000 });
    const written = path.join(folder, 'models', GENERATED);
    expectSeen(fs.existsSync(written), `step 1: ${GENERATED} is written beside ${ONNX}`, fs.readdirSync(path.join(folder, 'models')));
    const text = fs.readFileSync(written, 'utf8');
    expectSeen(/^model: \{ onnx: onnx-transformer\.onnx, output: "?logits"? \}$/m.test(text), `step 1: ${GENERATED} reads the ONNX file and its output logits`, text);
    const offer = page.locator('.notifications-toasts .notification-toast', { hasText: `Wrote ${GENERATED}` }).first();
    await offer.waitFor({ state: 'visible', timeout: 30_000 });
    await vscode().screenshot('1-written-and-offered');
    await offer.locator('.monaco-button', { hasText: 'Debug Model' }).click();

    await waitForElement(page, '.debug-toolbar', { timeoutMs: 60_000 });
    await until(page, 'step 1: the session stops on entry', async () => {
      const state = await callStackState(page);
      return { ok: /^Paused on entry/.test(state), seen: state };
    }, 60_000);
  });

  it('2. Step Into enters the exported modules: encoder › layers.0 › self_attn, each a frame of the Call Stack', async function () {
    const { page } = vscode();
    const passed = await stepUntilFrame(page, 'F11', /Softmax/, 80);
    const names = (await frames(page)).map((f) => f.name);
    expectSeen(['encoder', 'layers.0', 'self_attn'].every((m) => names.some((n) => n === m || n.startsWith(`${m} `))), 'step 2: the Call Stack has a frame for each module around the op', { names, passed });
    await vscode().screenshot('2-in-self-attn');
  });

  it('3. Show Graph: the imported layer is one box holding the current op; opening it draws the ops by module, the Softmax marked', async function () {
    const { page } = vscode();
    await runCommand(page, 'Backstep: Show Graph');
    const frame = await graphFrame(page);
    // The generated file names its one layer `model`.
    const collapsed = await until(page, 'step 3: the graph shows the collapsed layer model holding the current op', async () => {
      const seen = await readGraph(frame);
      return { ok: seen.current.includes('layer:model'), seen };
    }, 60_000);
    await frame.locator('[data-expand="layer:model"]').click();
    const opened = await until(page, 'step 3: the layer opened shows its ops, grouped by module, the current Softmax marked', async () => {
      const seen = await readGraph(frame);
      const groups = await frame.evaluate(() => [...document.querySelectorAll('svg.graph .container.group')].map((g) => g.getAttribute('data-id') ?? ''));
      return { ok: seen.nodes > collapsed.nodes + 50 && seen.current.some((id) => /self_attn\/.*Softmax/.test(id)) && groups.some((g) => g.includes('self_attn')), seen: { ...seen, groups: groups.slice(0, 12) } };
    }, 60_000);
    expectSeen(opened.layers.includes('layer:model'), 'step 3: the opened layer is drawn as a container', opened.layers);
    await vscode().screenshot('3-graph-opened');
  });
});
