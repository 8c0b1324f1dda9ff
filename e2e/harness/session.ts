// One VS Code for a test: code-server with the folder and extensions, a Chromium page on it, the
// workbench loaded; screenshots and logs under test-artifacts/e2e/<name>/; `close()` removes the rest.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { freshArtifactsDir, saveScreenshot } from './artifacts';
import { openBrowserPage, type BrowserOptions } from './browser';
import { startCodeServer, type CodeServer, type CodeServerOptions } from './code-server';
import { waitForText, waitForWorkbench } from './workbench';

export interface LaunchOptions extends CodeServerOptions, BrowserOptions {
  /** Names the artifacts folder: test-artifacts/e2e/<name>/. */
  name: string;
  /** Text that shows the extension is ready (e.g. a status-bar item); waited for after the workbench. */
  readyText?: string | RegExp;
  /** Milliseconds to wait for the workbench and `readyText` (default 90 s: these machines can be busy). */
  startupTimeoutMs?: number;
}

export interface VSCode {
  readonly page: Page;
  readonly browser: Browser;
  readonly server: CodeServer;
  readonly artifactsDir: string;
  /** Saves test-artifacts/e2e/<name>/<step>.png and returns its path. */
  screenshot(step: string): Promise<string>;
  /** Closes the browser, kills code-server's process group, removes its temp folder. Safe to call twice. */
  close(): Promise<void>;
}

export async function launchVSCode(options: LaunchOptions): Promise<VSCode> {
  const artifactsDir = freshArtifactsDir(options.name);
  const timeoutMs = options.startupTimeoutMs ?? 90_000;
  const server = await startCodeServer({ ...options, logFile: options.logFile ?? path.join(artifactsDir, 'code-server.log') });
  let browserPage: Awaited<ReturnType<typeof openBrowserPage>> | undefined;
  const close = once(async () => {
    await browserPage?.close();
    await server.stop({ keepLogsIn: path.join(artifactsDir, 'logs') });
  });
  try {
    browserPage = await openBrowserPage(options);
    const { page, context } = browserPage;
    // tsx compiles with keepNames: functions handed to page.evaluate may call esbuild's __name helper.
    await context.addInitScript('globalThis.__name = globalThis.__name || ((f) => f);');
    recordConsole(page, path.join(artifactsDir, 'browser-console.log'));
    await page.goto(server.url, { timeout: timeoutMs });
    await waitForWorkbench(page, { timeoutMs });
    if (options.readyText) await waitForText(page, options.readyText, { timeoutMs });
    return {
      page,
      browser: browserPage.browser,
      server,
      artifactsDir,
      screenshot: (step) => saveScreenshot(page, artifactsDir, step),
      close,
    };
  } catch (err) {
    if (browserPage) await saveScreenshot(browserPage.page, artifactsDir, 'launch-failed').catch(() => undefined);
    await close();
    throw err;
  }
}

function recordConsole(page: Page, file: string): void {
  const log = fs.createWriteStream(file, { flags: 'a' });
  page.on('console', (message) => log.write(`[${message.type()}] ${message.text()}\n`));
  page.on('pageerror', (error) => log.write(`[pageerror] ${error.message}\n`));
  page.on('close', () => log.end());
}

function once(action: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => (done ??= action());
}
