// Smoke test of the harness: code-server with the samples (or a stand-in model file while samples/
// is empty) in Chromium; open a file from the Explorer, see its text, screenshot, stop cleanly.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  REPO_ROOT,
  editorText,
  groupAlive,
  launchVSCode,
  makeTempWorkspace,
  openFromExplorer,
  waitForElement,
  type TempWorkspace,
  type VSCode,
} from '../harness';

const SAMPLES = path.join(REPO_ROOT, 'samples');

const STAND_IN_MODEL = `# Stand-in used by the e2e smoke test while samples/ has no model file.
name: xor-mlp
layers:
  - linear: { in: 2, out: 4 }
  - tanh
  - linear: { in: 4, out: 1 }
loss: mse
`;

function firstSample(): string | undefined {
  if (!fs.existsSync(SAMPLES)) return undefined;
  return fs.readdirSync(SAMPLES).filter((f) => f.endsWith('.nn.yaml')).sort()[0];
}

describe('e2e smoke: VS Code in Chromium', function () {
  let standIn: TempWorkspace | undefined;
  let folder = SAMPLES;
  let file = firstSample() ?? '';
  let vscode: VSCode;

  before(async function () {
    this.timeout(240_000);
    if (!file) {
      file = 'xor.nn.yaml';
      standIn = makeTempWorkspace({ [file]: STAND_IN_MODEL });
      folder = standIn.folder;
    }
    vscode = await launchVSCode({ name: 'smoke', folder });
  });

  after(async function () {
    this.timeout(60_000);
    await vscode?.close();
    await standIn?.remove();
  });

  it('shows the workbench with the folder in the Explorer', async function () {
    await waitForElement(vscode.page, `.explorer-folders-view .monaco-list-row[aria-label="${file}"]`);
    assert.equal(await vscode.page.title().then((t) => t.includes(path.basename(folder))), true);
    await vscode.screenshot('workbench');
  });

  it('opens a model file from the Explorer and shows its text in the editor', async function () {
    await openFromExplorer(vscode.page, file);
    const expected = fs.readFileSync(path.join(folder, file), 'utf8').split('\n');
    const shown = (await editorText(vscode.page)).split('\n');
    assert.ok(shown.length >= Math.min(expected.length, 5), `editor shows only ${shown.length} lines`);
    assert.deepEqual(shown.slice(0, 5).map((l) => l.trimEnd()), expected.slice(0, 5).map((l) => l.trimEnd()));
    await vscode.screenshot('editor');
  });

  it('stops cleanly: no process of code-server left, its temp folder gone, the browser closed', async function () {
    const { server, browser } = vscode;
    await vscode.close();
    assert.equal(groupAlive(server.pid), false, `process group ${server.pid} still has processes`);
    assert.equal(fs.existsSync(server.userDataDir), false, `${server.userDataDir} is still there`);
    assert.equal(browser.isConnected(), false);
  });
});
