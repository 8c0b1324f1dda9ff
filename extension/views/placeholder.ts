import * as vscode from 'vscode';
import type { BackstepViews } from '../views';

export const INSPECTOR_VIEW = 'backstep.inspector';

/** Stands in until the webviews exist: the Inspector view says what will appear there. */
export function createPlaceholderViews(): BackstepViews {
  const provider = vscode.window.registerWebviewViewProvider(INSPECTOR_VIEW, {
    resolveWebviewView(view) {
      view.webview.options = { enableScripts: false, localResourceRoots: [] };
      view.webview.html = `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline';"></head>
<body style="color: var(--vscode-foreground); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size);">
<p>The Backstep Inspector shows the current op, gradients, gates and attention while a model is being debugged.</p>
<p>Start one with F5 on a model file (*.nn.yaml).</p></body></html>`;
    },
  });
  return {
    showInspector: () => vscode.commands.executeCommand(`${INSPECTOR_VIEW}.focus`),
    showGraph: () => vscode.window.showInformationMessage('The graph panel is not part of this build of Backstep yet.'),
    dispose: () => provider.dispose(),
  };
}
