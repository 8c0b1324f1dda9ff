import * as vscode from 'vscode';
import type { SavedWeights } from '../../engine/protocol/session';
import { writeSafetensors } from '../../engine/weights/safetensorsWrite';
import { DEBUG_TYPE } from '../modelDocument';

const WITH_OPTIMIZER = 'Parameters and optimizer state';

/**
 * "Backstep: Save Weights…" at any stop: the parameters where the cursor stands, with PyTorch's names
 * (the `backstep.saveWeights` custom request), written as safetensors through `vscode.workspace.fs`
 * (remote and virtual workspaces too). The save dialog is VS Code's own, which asks before replacing
 * a file; nothing is written when it is cancelled.
 */
export async function saveWeights(): Promise<unknown> {
  const session = vscode.debug.activeDebugSession;
  if (session?.type !== DEBUG_TYPE) return vscode.window.showWarningMessage('Save Weights: start a Backstep debug session and stop somewhere first.');
  const choice = await vscode.window.showQuickPick(['Parameters', WITH_OPTIMIZER], { title: 'Backstep: Save Weights', placeHolder: 'What to save (PyTorch names where a PyTorch module exists)' });
  if (!choice) return undefined;
  let saved: SavedWeights;
  try {
    saved = (await session.customRequest('backstep.saveWeights', { optimizer: choice === WITH_OPTIMIZER })) as SavedWeights;
  } catch (e) {
    return vscode.window.showErrorMessage(`Save Weights: ${(e as Error).message}`);
  }
  const target = await vscode.window.showSaveDialog({ defaultUri: defaultTarget(session, saved), filters: { safetensors: ['safetensors'] }, saveLabel: 'Save Weights', title: 'Backstep: Save Weights' });
  if (!target) return undefined;
  const bytes = writeSafetensors(saved.tensors, saved.metadata);
  try {
    await vscode.workspace.fs.writeFile(target, bytes);
  } catch (e) {
    return vscode.window.showErrorMessage(`Save Weights: cannot write ${target.fsPath}: ${(e as Error).message}`);
  }
  return vscode.window.showInformationMessage(`Saved ${saved.tensors.length} tensors (training step ${saved.trainingStep}) to ${vscode.workspace.asRelativePath(target)}.`);
}

/** `<model folder>/<model>-step<N>.safetensors`, next to the model file when it has one. */
function defaultTarget(session: vscode.DebugSession, saved: SavedWeights): vscode.Uri | undefined {
  const program: unknown = session.configuration.program;
  const name = `${saved.model.replace(/[^A-Za-z0-9_.-]/g, '_')}-step${saved.trainingStep}.safetensors`;
  if (typeof program === 'string' && program) {
    const file = program.includes('://') ? vscode.Uri.parse(program) : vscode.Uri.file(program);
    return vscode.Uri.joinPath(file, '..', name);
  }
  const root = vscode.workspace.workspaceFolders?.[0];
  return root ? vscode.Uri.joinPath(root.uri, name) : undefined;
}
