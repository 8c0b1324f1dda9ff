import * as vscode from 'vscode';
import type { SourceRange } from '../../engine/protocol';
import { CustomEvent, type StoppedBody } from '../dap/custom';
import { Disposable } from '../disposable';
import { DEBUG_TYPE, uriOf } from '../modelDocument';

/**
 * While a session is stopped, the lines of the current layer are highlighted in the model file (VS
 * Code itself marks only the current line). Cleared when the session moves on or ends.
 */
export class CurrentLayerHighlight extends Disposable {
  private readonly decoration = this.register(
    vscode.window.createTextEditorDecorationType({
      isWholeLine: true,
      backgroundColor: new vscode.ThemeColor('backstep.currentLayerBackground'),
      overviewRulerColor: new vscode.ThemeColor('backstep.currentLayerBackground'),
      overviewRulerLane: vscode.OverviewRulerLane.Full,
    }),
  );
  private current: { readonly session: string; readonly uri: string; readonly range: SourceRange } | null = null;

  constructor() {
    super();
    this.register(vscode.debug.onDidReceiveDebugSessionCustomEvent((e) => this.onCustomEvent(e)));
    this.register(vscode.debug.onDidTerminateDebugSession((s) => this.current?.session === s.id && this.show(null)));
    this.register(vscode.window.onDidChangeVisibleTextEditors(() => this.paint()));
  }

  private onCustomEvent(e: vscode.DebugSessionCustomEvent): void {
    if (e.session.type !== DEBUG_TYPE) return;
    if (e.event === CustomEvent.continued) this.show(null);
    if (e.event === CustomEvent.stopped) {
      const { stop, program } = e.body as StoppedBody;
      const range = stop.location.range;
      this.show(range ? { session: e.session.id, uri: uriOf(program).toString(), range } : null);
    }
  }

  private show(current: CurrentLayerHighlight['current']): void {
    this.current = current;
    this.paint();
  }

  private paint(): void {
    for (const editor of vscode.window.visibleTextEditors) {
      const mine = this.current && editor.document.uri.toString() === this.current.uri;
      const r = this.current?.range;
      editor.setDecorations(this.decoration, mine && r ? [new vscode.Range(r.line - 1, 0, r.endLine - 1, 0)] : []);
    }
  }
}
