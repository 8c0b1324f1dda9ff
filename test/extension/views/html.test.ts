import * as assert from 'node:assert/strict';
import { contentSecurityPolicy, webviewHtml } from '../../../extension/views/html';

describe('The webview page and its content security policy', () => {
  const page = webviewHtml({ cspSource: 'https://file+.vscode-resource.vscode-cdn.net', nonce: 'abc123+/=', title: 'Backstep <Graph>', script: 'https://x/dist/webview/graph.js', styles: ['https://x/dist/webview/graph.css'] });

  it('allows nothing by default, scripts only with the nonce, styles and fonts only from the extension', () => {
    const csp = contentSecurityPolicy('https://src', 'n0nce');
    const directives = new Map(csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
    assert.deepEqual(directives.get('default-src'), ["'none'"]);
    assert.deepEqual(directives.get('script-src'), ["'nonce-n0nce'"]);
    assert.deepEqual(directives.get('style-src'), ['https://src']);
    assert.deepEqual(directives.get('font-src'), ['https://src']);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
  });

  it('loads exactly one script, carrying the nonce, and escapes what it interpolates', () => {
    assert.equal(page.match(/<script/g)?.length, 1);
    assert.match(page, /<script nonce="abc123\+\/=" src="https:\/\/x\/dist\/webview\/graph\.js"><\/script>/);
    assert.match(page, /<title>Backstep &lt;Graph&gt;<\/title>/);
    assert.match(page, /<link rel="stylesheet" href="https:\/\/x\/dist\/webview\/graph\.css">/);
    assert.doesNotMatch(page, /style="/, 'no inline style the CSP would block');
  });
});
