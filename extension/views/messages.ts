import { isWebviewToHost, type WebviewToHost } from '../../engine/protocol/webview';
import type { Logger } from './viewFeed';

export type Handlers = { readonly [K in WebviewToHost['type']]: (message: Extract<WebviewToHost, { type: K }>) => void };

/**
 * Takes a message from a webview: a valid `WebviewToHost` goes to its handler; anything else is
 * dropped and logged (a webview is a page, and a page can be made to send anything).
 */
export function routeWebviewMessage(raw: unknown, handlers: Handlers, log: Logger, from: string): boolean {
  if (!isWebviewToHost(raw)) {
    log.error(`Backstep: dropped a malformed message from the ${from} webview: ${preview(raw)}`);
    return false;
  }
  (handlers[raw.type] as (m: WebviewToHost) => void)(raw);
  return true;
}

function preview(raw: unknown): string {
  try {
    const text = JSON.stringify(raw) ?? String(raw);
    return text.length > 200 ? `${text.slice(0, 200)}…` : text;
  } catch {
    return String(raw);
  }
}
