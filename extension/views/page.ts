import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { webviewHtml } from './html';

export type ViewKind = 'inspector' | 'graph';

const TITLES: Record<ViewKind, string> = { inspector: 'Backstep Inspector', graph: 'Backstep Graph' };

/** The built webview folder: the only place a Backstep webview may load anything from. */
export const webviewRoot = (extensionUri: vscode.Uri): vscode.Uri => vscode.Uri.joinPath(extensionUri, 'dist', 'webview');

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, enableCommandUris: false, localResourceRoots: [webviewRoot(extensionUri)] };
}

/** Loads the page of `kind` into a webview, with a fresh nonce. */
export function loadPage(webview: vscode.Webview, kind: ViewKind, extensionUri: vscode.Uri): void {
  const root = webviewRoot(extensionUri);
  const uri = (file: string): string => webview.asWebviewUri(vscode.Uri.joinPath(root, file)).toString();
  webview.options = webviewOptions(extensionUri);
  webview.html = webviewHtml({ cspSource: webview.cspSource, nonce: randomBytes(18).toString('base64'), title: TITLES[kind], script: uri(`${kind}.js`), styles: [uri(`${kind}.css`)] });
}
