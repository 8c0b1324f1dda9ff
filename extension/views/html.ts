/**
 * The page every Backstep webview loads: one script (with a nonce made fresh for each render) and its
 * styles, under a CSP that allows nothing else — no inline script or style, no eval, no network;
 * scripts, styles and fonts only from the extension's built webview folder (`cspSource`); a worker
 * only from a blob the page made (the graph panel's layout worker, whose code is inside its bundle).
 * Pure (no `vscode`), so the webview tests load exactly this page.
 */
export interface PageOptions {
  /** `webview.cspSource`. */
  readonly cspSource: string;
  readonly nonce: string;
  readonly title: string;
  /** Webview URIs (`webview.asWebviewUri`) of the bundle and its styles, in load order. */
  readonly script: string;
  readonly styles: readonly string[];
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [`default-src 'none'`, `img-src ${cspSource}`, `style-src ${cspSource}`, `font-src ${cspSource}`, `script-src 'nonce-${nonce}'`, `worker-src blob:`].join('; ');
}

const escapeAttr = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function webviewHtml(o: PageOptions): string {
  const styles = o.styles.map((href) => `  <link rel="stylesheet" href="${escapeAttr(href)}">`).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${escapeAttr(contentSecurityPolicy(o.cspSource, o.nonce))}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <title>${escapeAttr(o.title)}</title>
${styles}
</head>
<body>
  <div id="app"></div>
  <script nonce="${escapeAttr(o.nonce)}" src="${escapeAttr(o.script)}"></script>
</body>
</html>`;
}
