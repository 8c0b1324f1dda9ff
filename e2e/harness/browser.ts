// Debian's Chromium driven by playwright-core (no browser is ever downloaded), with the flags that keep
// it from reaching the network on its own.
import * as fs from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { track } from './cleanup';
import { CHROMIUM_PATH } from './paths';

const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface BrowserPage {
  readonly browser: Browser;
  readonly context: BrowserContext;
  readonly page: Page;
  close(): Promise<void>;
}

export interface BrowserOptions {
  viewport?: { width: number; height: number };
  /** Show the window (needs a display); headless otherwise. */
  headed?: boolean;
}

export async function openBrowserPage(options: BrowserOptions = {}): Promise<BrowserPage> {
  if (!fs.existsSync(CHROMIUM_PATH)) throw new Error(`no browser at ${CHROMIUM_PATH}: run bash e2e/setup.sh`);
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: !options.headed,
    chromiumSandbox: false,
    args: CHROMIUM_FLAGS,
  });
  const close = track({
    label: 'chromium',
    release: () => browser.close(),
    // Playwright kills the browser it launched when Node exits.
    releaseNow: () => undefined,
  });
  try {
    const context = await browser.newContext({ viewport: options.viewport ?? { width: 1400, height: 900 } });
    const page = await context.newPage();
    return { browser, context, page, close };
  } catch (err) {
    await close();
    throw err;
  }
}
