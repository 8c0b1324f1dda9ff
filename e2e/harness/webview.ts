// Reaching inside a webview. VS Code nests two iframes: an outer one served from
// /webview/browser/pre/index.html, and inside it the frame holding the extension's HTML (whose name
// changes while it swaps in, so it is found by content, never by name).
import type { Frame, Locator, Page } from 'playwright-core';
import type { WaitOptions } from './workbench';

export interface WebviewQuery extends WaitOptions {
  /** Only webviews of this extension (`publisher.name`). */
  extensionId?: string;
}

/** The webview content frame that holds `selector`; waits for it to appear. */
export async function webviewFrame(page: Page, selector: string, { timeoutMs = 30_000, extensionId }: WebviewQuery = {}): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const outer of outerWebviewFrames(page, extensionId)) {
      for (const inner of outer.childFrames()) {
        const found = await inner.$(selector).catch(() => null);
        if (found) return inner;
      }
    }
    await page.waitForTimeout(250);
  }
  const seen = outerWebviewFrames(page, extensionId).map((f) => f.url());
  throw new Error(`no webview holds "${selector}" after ${timeoutMs} ms (webviews: ${seen.length ? seen.join(', ') : 'none'})`);
}

/** A locator for `selector` inside whichever webview holds it. */
export async function inWebview(page: Page, selector: string, query: WebviewQuery = {}): Promise<Locator> {
  const frame = await webviewFrame(page, selector, query);
  return frame.locator(selector).first();
}

function outerWebviewFrames(page: Page, extensionId: string | undefined): Frame[] {
  return page.frames().filter((frame) => {
    const url = frame.url();
    if (!url.includes('/webview/browser/pre/')) return false;
    if (!url.includes('/index.html')) return false;
    return !extensionId || new URL(url).searchParams.get('extensionId')?.toLowerCase() === extensionId.toLowerCase();
  });
}
