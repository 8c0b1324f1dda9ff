/// <reference lib="dom" />
/**
 * A stand-in for VS Code's webview host: serves the built bundles from 127.0.0.1 (webviews need a
 * secure context) inside the very page the extension renders (extension/views/html.ts, same CSP),
 * provides `acquireVsCodeApi`, applies a theme the way VS Code does, and plays host messages.
 * The browser is Debian's Chromium driven by playwright-core; nothing is downloaded.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { HostToWebview, WebviewToHost } from '../../../engine/protocol';
import { webviewHtml } from '../../../extension/views/html';
import { THEMES, type ThemeName } from './themes';

export const ROOT = path.resolve(__dirname, '../../..');
export const ARTIFACTS = path.join(ROOT, 'test-artifacts/webview');
const CHROMIUM = process.env.BACKSTEP_CHROMIUM ?? '/usr/bin/chromium';
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.woff2': 'font/woff2', '.woff': 'font/woff', '.ttf': 'font/ttf', '.map': 'application/json' };

export type Kind = 'inspector' | 'graph';

export interface Served {
  readonly origin: string;
  close(): Promise<void>;
}

/** Serves dist/webview and one page per view kind (`/inspector`, `/graph`). */
export async function serve(): Promise<Served> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    if (url.pathname === '/inspector' || url.pathname === '/graph') {
      const kind = url.pathname.slice(1);
      const nonce = Math.random().toString(36).slice(2) + Math.random().toString(36).slice(2);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(webviewHtml({ cspSource: origin, nonce, title: kind, script: `${origin}/dist/webview/${kind}.js`, styles: [`${origin}/dist/webview/${kind}.css`] }));
      return;
    }
    const file = path.join(ROOT, path.normalize(url.pathname));
    if (!file.startsWith(path.join(ROOT, 'dist', 'webview')) || !fs.existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: run 'npm run setup' (it installs Debian's chromium)`);
  return chromium.launch({ executablePath: CHROMIUM, headless: true, chromiumSandbox: false, args: FLAGS });
}

export interface OpenOptions {
  readonly theme?: ThemeName;
  readonly viewport?: { width: number; height: number };
  /** What `getState` returns at load (VS Code restores it after a reload). */
  readonly state?: unknown;
}

export interface Rendered {
  readonly view: Kind;
  readonly ms: number;
  readonly relaid?: boolean;
}

interface HarnessWindow {
  __posted: WebviewToHost[];
  __state: unknown;
  __csp: string[];
}

export class StandInHost {
  readonly consoleErrors: string[] = [];

  private constructor(readonly page: Page) {
    page.on('console', (m) => {
      if (m.type() === 'error') this.consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => this.consoleErrors.push(`page error: ${e.message}`));
  }

  static async open(browser: Browser, served: Served, kind: Kind, options: OpenOptions = {}): Promise<StandInHost> {
    const theme = THEMES[options.theme ?? 'dark'];
    const page = await browser.newPage({ viewport: options.viewport ?? (kind === 'inspector' ? { width: 420, height: 1400 } : { width: 1000, height: 760 }) });
    const host = new StandInHost(page);
    const background = kind === 'inspector' ? theme.vars['--vscode-sideBar-background'] : theme.vars['--vscode-editor-background'];
    await page.addInitScript(initScript(theme.vars, theme.bodyClass, background, options.state ?? null));
    await page.goto(`${served.origin}/${kind}`);
    try {
      await page.waitForFunction(() => (window as unknown as HarnessWindow).__posted.some((m) => m.type === 'ready'), undefined, { timeout: 15000 });
    } catch (error) {
      throw new Error(`the ${kind} page never said ready: ${[...host.consoleErrors, ...(await host.cspViolations())].join('; ') || String(error)}`);
    }
    return host;
  }

  /** Posts a host message and waits until the view has drawn it. */
  async send(message: HostToWebview | unknown, timeout = 20000): Promise<Rendered> {
    return this.page.evaluate(
      ({ message, timeout }) =>
        new Promise<Rendered>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error('the view did not render')), timeout);
          window.addEventListener(
            'backstep:rendered',
            (e) => {
              clearTimeout(timer);
              resolve((e as CustomEvent<Rendered>).detail);
            },
            { once: true },
          );
          window.postMessage(message, '*');
        }),
      { message, timeout },
    );
  }

  /** Posts a host message without waiting (for messages the view should ignore). */
  async post(message: unknown): Promise<void> {
    await this.page.evaluate((m) => window.postMessage(m, '*'), message);
    await this.page.evaluate(() => new Promise((r) => setTimeout(r, 50)));
  }

  posted(): Promise<WebviewToHost[]> {
    return this.page.evaluate(() => (window as unknown as HarnessWindow).__posted);
  }

  state<S>(): Promise<S> {
    return this.page.evaluate(() => (window as unknown as HarnessWindow).__state as S);
  }

  cspViolations(): Promise<string[]> {
    return this.page.evaluate(() => (window as unknown as HarnessWindow).__csp);
  }

  async screenshot(name: string): Promise<string> {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const file = path.join(ARTIFACTS, `${name}.png`);
    await this.page.screenshot({ path: file, fullPage: true });
    return file;
  }

  close(): Promise<void> {
    return this.page.close();
  }
}

/**
 * Runs in the page before its own script (init scripts are not subject to the page's CSP). A string,
 * not a function: the test runner's transpiler would add helpers the page does not have.
 */
function initScript(vars: Readonly<Record<string, string>>, bodyClass: string, background: string, state: unknown): string {
  return `(() => {
  const w = window;
  w.__name = (f) => f; // esbuild's keepNames helper, used by functions the tests pass to page.evaluate
  w.__posted = [];
  w.__state = ${JSON.stringify(state)};
  w.__csp = [];
  document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(e.violatedDirective + ': ' + e.blockedURI));
  let acquired = false;
  w.acquireVsCodeApi = () => {
    if (acquired) throw new Error('acquireVsCodeApi may be called once');
    acquired = true;
    return {
      postMessage: (m) => w.__posted.push(JSON.parse(JSON.stringify(m))),
      getState: () => w.__state,
      setState: (s) => { w.__state = JSON.parse(JSON.stringify(s)); },
    };
  };
  // VS Code puts the theme on <html> (variables), <body> (class) and its default page style, which
  // comes first in the page so the view's own styles win (hence :where, which weighs nothing).
  const vars = ${JSON.stringify(vars)};
  const apply = () => {
    const root = document.documentElement;
    if (!root || root.dataset.themed) return !!(root && document.body);
    root.dataset.themed = 'yes';
    for (const [k, v] of Object.entries(vars)) root.style.setProperty(k, v);
    root.style.background = ${JSON.stringify(background)};
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(':where(body) { background-color: transparent; color: var(--vscode-editor-foreground); font-family: var(--vscode-font-family); font-weight: var(--vscode-font-weight); font-size: var(--vscode-font-size); margin: 0; padding: 0 20px; }');
    document.adoptedStyleSheets = [sheet];
    return false;
  };
  const addClass = () => {
    apply();
    if (!document.body) return false;
    document.body.classList.add(${JSON.stringify(bodyClass)});
    return true;
  };
  if (!addClass()) {
    const watch = new MutationObserver(() => { if (addClass()) watch.disconnect(); });
    watch.observe(document, { childList: true, subtree: true });
  }
})();`;
}

/** A recorded stop: what the host sends for one session stop. */
export interface Fixture {
  readonly sample: string;
  readonly why: string;
  readonly inspector: Extract<HostToWebview, { type: 'inspector' }>['view'];
  readonly graph: Extract<HostToWebview, { type: 'graph' }>['graph'];
  /** Tensors pinned with "View in Backstep" at this stop, when the scenario pins some. */
  readonly pinned?: Extract<HostToWebview, { type: 'inspector' }>['pinned'];
  /** The host's answers to the loss surface's buttons, when the scenario records them. */
  readonly race?: Extract<HostToWebview, { type: 'surface' }>['race'];
  readonly landscape?: Extract<HostToWebview, { type: 'surface' }>['landscape'];
}

export function fixture(name: string): Fixture {
  return JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', `${name}.json`), 'utf8')) as Fixture;
}

/** Builds the webview bundles once per test run (esbuild, a second or two). */
let built = false;
export function buildWebviews(): void {
  if (built) return;
  execFileSync(process.execPath, ['build.mjs', 'webview'], { cwd: ROOT, stdio: 'inherit' });
  built = true;
}
