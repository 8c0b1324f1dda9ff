import * as vscode from 'vscode';
import type { BackstepViews } from '../views';
import { pinTarget } from '../views/pins';

/**
 * "View in Backstep" on a Variables row or a Watch expression (package.json `debug/variables/context`,
 * `debug/watch/context`): the tensor is pinned in the Inspector and follows the stepping.
 */
export function viewInBackstep(views: BackstepViews, arg: unknown): unknown {
  const expression = pinTarget(arg);
  if (expression === null) return vscode.window.showWarningMessage('View in Backstep: this row names no tensor to draw. Pick a tensor in Variables or a Watch expression.');
  return views.viewTensor(expression);
}
