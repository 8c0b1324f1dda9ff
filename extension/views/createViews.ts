import * as vscode from 'vscode';
import { LIMITS } from '../../engine/limits';
import type { BackstepViews } from '../views';
import { webviewOptions } from './page';
import { panelSurface, viewSurface } from './surface';
import { ViewHub } from './viewHub';
import { DebugViewSource, type ViewSource } from './viewSource';

export const INSPECTOR_VIEW = 'backstep.inspector';
export const GRAPH_PANEL = 'backstep.graph';

/**
 * The Inspector (a webview view, at home in its own tab of the panel beside the Debug Console) and
 * the graph (a webview panel beside the editor, revived after a reload by its serializer), both fed
 * by one hub. The Inspector is revealed once per debug session, at its first stop, wherever the
 * user has moved it, and without taking the keyboard from the editor (F10 keeps stepping).
 */
export function createWebviewViews(context: vscode.ExtensionContext, source: ViewSource = new DebugViewSource()): BackstepViews {
  const log = vscode.window.createOutputChannel('Backstep Views', { log: true });
  const hub = new ViewHub(source, log, context.extensionUri);
  let graphPanel: vscode.WebviewPanel | null = null;

  const adoptGraph = (panel: vscode.WebviewPanel): void => {
    graphPanel = panel;
    panel.onDidDispose(() => {
      if (graphPanel === panel) graphPanel = null;
    });
    hub.attach('graph', panelSurface(panel));
  };

  const subscriptions: vscode.Disposable[] = [
    log,
    source,
    hub,
    vscode.window.registerWebviewViewProvider(INSPECTOR_VIEW, { resolveWebviewView: (view) => void hub.attach('inspector', viewSurface(view)) }),
    vscode.window.registerWebviewPanelSerializer(GRAPH_PANEL, {
      deserializeWebviewPanel: async (panel) => adoptGraph(panel),
    }),
    source.onDidChange((change) => {
      if (change.kind === 'stopped' && change.firstOfSession) void revealInspector({ preserveFocus: true });
    }),
  ];

  return {
    showInspector: () => revealInspector({ preserveFocus: false }),
    viewTensor: async (expression) => {
      const dropped = hub.pin(expression);
      await revealInspector({ preserveFocus: true });
      if (dropped) void vscode.window.showInformationMessage(`Backstep Inspector: ${expression} is pinned; ${dropped} was unpinned (at most ${LIMITS.pinnedTensors.max} tensors are pinned at once).`);
    },
    showGraph: () => {
      if (graphPanel) return graphPanel.reveal(undefined, true);
      const panel = vscode.window.createWebviewPanel(GRAPH_PANEL, 'Backstep Graph', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, webviewOptions(context.extensionUri));
      adoptGraph(panel);
    },
    dispose: () => {
      graphPanel?.dispose();
      for (const s of subscriptions.reverse()) s.dispose();
    },
  };
}

/**
 * Opens the Inspector in the container it lives in now (the panel, or wherever the user moved it):
 * VS Code's `<view>.focus` command takes `{ preserveFocus }` (1.100 has it), and unlike
 * `WebviewView.show` it works before the view has ever been resolved.
 */
function revealInspector(options: { preserveFocus: boolean }): Thenable<unknown> {
  return vscode.commands.executeCommand(`${INSPECTOR_VIEW}.focus`, options);
}
