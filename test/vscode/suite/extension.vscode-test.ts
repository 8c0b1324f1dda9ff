import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import * as vscode from 'vscode';

/**
 * Backstep inside a real VS Code: activation on a model file, diagnostics as you type, completion and
 * hover, the commands, and F5 → a `backstep` session stopped on entry whose steps move the Call Stack.
 */
const workspace = process.env.BACKSTEP_TEST_WORKSPACE ?? '';
const root = join(__dirname, '..', '..');

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function openSample(name: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(join(root, 'samples', name)));
  return vscode.window.showTextDocument(doc);
}

describe('Backstep in the extension host', () => {
  afterEach(async () => {
    if (vscode.debug.activeDebugSession) await vscode.debug.stopDebugging();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('a sample opens as a backstep-model document and activates the extension', async () => {
    const editor = await openSample('mlp-xor.nn.yaml');
    assert.equal(editor.document.languageId, 'backstep-model');
    const ext = vscode.extensions.getExtension('backstep.backstep');
    await until('activation', () => ext?.isActive || undefined);
    const commands = await vscode.commands.getCommands(true);
    for (const c of ['backstep.openSample', 'backstep.debugModel', 'backstep.runModel', 'backstep.showGraph', 'backstep.showInspector', 'backstep.viewInBackstep', 'backstep.saveWeights']) assert.ok(commands.includes(c), c);
  });

  it('diagnostics at the line of the mistake, updated as the file is edited', async () => {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(join(workspace, 'broken.nn.yaml')));
    await vscode.window.showTextDocument(doc);
    const diagnostics = await until('diagnostics', () => {
      const d = vscode.languages.getDiagnostics(doc.uri);
      return d.length ? d : undefined;
    });
    assert.ok(diagnostics.every((d) => d.source === 'backstep'));
    assert.ok(diagnostics.some((d) => d.range.start.line === 2 || d.range.start.line === 0));
  });

  it('completion lists layer kinds in a new list item', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'backstep-model', content: 'model:\n  - ' });
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(1, 4));
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    for (const k of ['linear', 'lstm', 'attention', 'word2vec']) assert.ok(labels.includes(k), k);
  });

  it('F5 on the active model file: stopped on entry at the first layer; Step Over moves on', async () => {
    const editor = await openSample('mlp-xor.nn.yaml');
    const stops: vscode.DebugSessionCustomEvent[] = [];
    const sub = vscode.debug.onDidReceiveDebugSessionCustomEvent((e) => e.event === 'backstep.stopped' && stops.push(e));
    try {
      await vscode.commands.executeCommand('workbench.action.debug.start');
      const session = await until('a debug session', () => vscode.debug.activeDebugSession);
      assert.equal(session.type, 'backstep');
      await until('the entry stop', () => stops.length > 0 || undefined);
      const entry = stops[0].body.stop;
      assert.equal(entry.reason, 'entry');
      const firstLayerLine = editor.document.getText().split('\n').findIndex((l) => l.includes('- linear:')) + 1;
      assert.equal(entry.location.range.line, firstLayerLine);
      const trace = await session.customRequest('stackTrace', { threadId: 1 });
      assert.equal(trace.stackFrames[0].line, firstLayerLine);
      await vscode.commands.executeCommand('workbench.action.debug.stepOver');
      await until('a second stop', () => stops.length > 1 || undefined);
      assert.notDeepEqual(stops[1].body.stop.location, entry.location);
    } finally {
      sub.dispose();
    }
  });
});
