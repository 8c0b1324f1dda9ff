import * as vscode from 'vscode';
import { BackstepError } from '../../engine/errors';
import { generatedFileName, generateModelFile } from '../../engine/onnx/generate';
import { readSignature } from '../../engine/onnx/signature';
import { Disposable } from '../disposable';
import { startModel } from './debugModel';

const DEBUG = 'Debug Model';
/** protobuf's own bound on one message: a larger .onnx keeps its weights in external data files. */
const MAX_ONNX_BYTES = 2 ** 31 - 1;

/**
 * "Backstep: Debug This Model" on a `.onnx` file (explorer context menu, editor title, palette):
 * writes `<name>.nn.yaml` beside it (`<name>-2.nn.yaml`, … when taken: nothing is overwritten) from
 * the graph's declared inputs and outputs (engine/onnx/generate.ts), opens it and offers to debug it.
 */
export async function debugOnnx(uri?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const target = uri ?? activeOnnx();
  if (!target) {
    void vscode.window.showInformationMessage('Debug This Model: select an .onnx file in the Explorer first.');
    return undefined;
  }
  const base = target.path.slice(target.path.lastIndexOf('/') + 1);
  const folder = vscode.Uri.joinPath(target, '..');
  let text: string;
  let name: string;
  try {
    const stat = await vscode.workspace.fs.stat(target);
    if (stat.size > MAX_ONNX_BYTES) throw new BackstepError('E_BUDGET', `${base} is ${stat.size} bytes; an ONNX model holds at most 2 GB (larger ones keep their weights in external data)`);
    text = generateModelFile(readSignature(await vscode.workspace.fs.readFile(target), base), { onnxFile: base });
    const taken = new Set((await vscode.workspace.fs.readDirectory(folder)).map(([n]) => n));
    name = generatedFileName(base, (n) => taken.has(n));
  } catch (e) {
    void vscode.window.showErrorMessage(`Debug This Model: ${(e as Error).message}`);
    return undefined;
  }
  const file = vscode.Uri.joinPath(folder, name);
  await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(text));
  await vscode.window.showTextDocument(file);
  void vscode.window.showInformationMessage(`Wrote ${name} beside ${base}: random data from the graph's input shapes. Edit it, or debug it now.`, DEBUG).then((choice) => {
    if (choice === DEBUG) void startModel(file, false);
  });
  return file;
}

/** The `.onnx` file of the active tab (VS Code shows it in its binary-file editor, not a text editor). */
function activeOnnx(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  const uri = input instanceof vscode.TabInputText || input instanceof vscode.TabInputCustom ? input.uri : undefined;
  return uri && isOnnx(uri) ? uri : undefined;
}

function isOnnx(uri: vscode.Uri): boolean {
  return uri.path.toLowerCase().endsWith('.onnx');
}

/** When a `.onnx` file is opened in a tab, one notification per file per window offers the command. */
export class OnnxOffer extends Disposable {
  private readonly offered = new Set<string>();

  constructor() {
    super();
    this.register(vscode.window.tabGroups.onDidChangeTabs((e) => e.opened.forEach((tab) => this.offer(tab))));
  }

  private offer(tab: vscode.Tab): void {
    const input = tab.input;
    const uri = input instanceof vscode.TabInputText || input instanceof vscode.TabInputCustom ? input.uri : undefined;
    if (!uri || !isOnnx(uri) || this.offered.has(uri.toString())) return;
    this.offered.add(uri.toString());
    const action = 'Debug This Model';
    void vscode.window.showInformationMessage(`Step through ${uri.path.slice(uri.path.lastIndexOf('/') + 1)} with Backstep? A model file with random inputs is written beside it.`, action).then((choice) => {
      if (choice === action) void debugOnnx(uri);
    });
  }
}
