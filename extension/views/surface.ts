import type * as vscode from 'vscode';

/** What the views need of a webview view (side bar) or a webview panel (editor area) alike. */
export interface Surface {
  readonly webview: vscode.Webview;
  readonly visible: boolean;
  onDidChangeVisibility(listener: () => void): vscode.Disposable;
  onDidDispose(listener: () => void): vscode.Disposable;
}

export function viewSurface(view: vscode.WebviewView): Surface {
  return {
    webview: view.webview,
    get visible() {
      return view.visible;
    },
    onDidChangeVisibility: (listener) => view.onDidChangeVisibility(listener),
    onDidDispose: (listener) => view.onDidDispose(listener),
  };
}

export function panelSurface(panel: vscode.WebviewPanel): Surface {
  return {
    webview: panel.webview,
    get visible() {
      return panel.visible;
    },
    onDidChangeVisibility: (listener) => panel.onDidChangeViewState(listener),
    onDidDispose: (listener) => panel.onDidDispose(listener),
  };
}
