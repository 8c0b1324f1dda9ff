import type * as vscode from 'vscode';
import { createWebviewViews } from './views/createViews';

/**
 * The hook for the webviews' host side. The extension calls `createViews` once at activation and
 * routes the Show Graph / Show Inspector commands to it. A views implementation follows the debug
 * sessions itself: `vscode.debug.onDidReceiveDebugSessionCustomEvent` (events in ./dap/custom.ts)
 * and `session.customRequest('backstep.inspector' | 'backstep.graph' | …)`.
 *
 * Contributed in package.json for it: the webview view `backstep.inspector` (in its own panel
 * container, `backstep`) and the activation event `onWebviewPanel:backstep.graph` (to revive the graph panel).
 */
export interface BackstepViews extends vscode.Disposable {
  showGraph(): unknown;
  showInspector(): unknown;
  /** "View in Backstep": the tensor an expression names, pinned in the Inspector and shown. */
  viewTensor(expression: string): unknown;
}

export type ViewsFactory = (context: vscode.ExtensionContext) => BackstepViews;

/** The webview module replaces this one line with its own factory. */
export const createViews: ViewsFactory = createWebviewViews;
