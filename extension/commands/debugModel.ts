import * as vscode from 'vscode';
import { defaultConfiguration } from '../debug/configurationProvider';
import { activeModelDocument, programOf } from '../modelDocument';

/** "Debug model" / "Run model" (CodeLens, editor title, command palette): the given file or the active one. */
export async function startModel(uri: vscode.Uri | undefined, noDebug: boolean): Promise<boolean> {
  const target = uri ?? activeModelDocument()?.uri;
  if (!target) {
    void vscode.window.showInformationMessage('Open a model file (*.nn.yaml) first, or pick one with "Backstep: Open Sample…".');
    return false;
  }
  const folder = vscode.workspace.getWorkspaceFolder(target);
  return vscode.debug.startDebugging(folder, defaultConfiguration(programOf(target), noDebug), { noDebug });
}
