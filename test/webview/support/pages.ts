import * as assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { buildWebviews, launchBrowser, serve, StandInHost, type Kind, type OpenOptions, type Served } from './standInHost';

/**
 * The set-up every webview suite shares, registered as mocha hooks: bundles built, pages served,
 * one Chromium; after each test every page opened is checked (no CSP violation, plus `check`) and
 * closed. Returns `open`, which opens a page of the suite.
 */
export function webviewPages(check: (host: StandInHost) => Promise<void> | void = () => {}): (kind: Kind, options?: OpenOptions) => Promise<StandInHost> {
  let served: Served;
  let browser: Browser;
  let opened: StandInHost[] = [];

  before(async () => {
    buildWebviews();
    served = await serve();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await served?.close();
  });

  afterEach(async () => {
    for (const host of opened) {
      assert.deepEqual(await host.cspViolations(), [], 'the page broke its content security policy');
      await check(host);
      await host.close();
    }
    opened = [];
  });

  return async (kind, options) => {
    const host = await StandInHost.open(browser, served, kind, options);
    opened.push(host);
    return host;
  };
}
