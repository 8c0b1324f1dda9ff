import * as vscode from 'vscode';
import { defaultConfiguration } from '../debug/configurationProvider';
import { programOf } from '../modelDocument';

/**
 * "Open Recording…": picks a `.bstrace` (written by python/backstep_torch) and starts a debug
 * session over it, as F5 on the file does; the adapter opens it as a recording.
 */
export async function openRecording(uri?: vscode.Uri): Promise<boolean> {
  const target =
    uri ??
    (await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: 'Replay', title: 'Open a Backstep recording', filters: { 'Backstep recordings': ['bstrace'] } }))?.[0];
  if (!target) return false;
  const config = { ...defaultConfiguration(programOf(target)), name: `Replay ${target.path.split('/').pop()}` };
  return vscode.debug.startDebugging(vscode.workspace.getWorkspaceFolder(target), config);
}
