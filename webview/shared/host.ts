import type { HostToWebview, WebviewToHost } from '../../engine/protocol';
import { isHostToWebview } from './validate';

/** What VS Code injects into every webview (once per page). */
interface VsCodeApi<S> {
  postMessage(message: WebviewToHost): void;
  getState(): S | undefined;
  setState(state: S): void;
}

declare function acquireVsCodeApi<S>(): VsCodeApi<S>;

export interface Host<S> {
  post(message: WebviewToHost): void;
  /** The state VS Code kept for this webview (across hide/show and reloads), if any. */
  restore(): S | undefined;
  save(state: S): void;
}

export function connectHost<S>(): Host<S> {
  const api = acquireVsCodeApi<S>();
  return {
    post: (message) => api.postMessage(message),
    restore: () => api.getState(),
    save: (state) => api.setState(state),
  };
}

/**
 * Listens to the host. A message that is not a `HostToWebview` is logged and dropped; a handler that
 * throws is reported to `onFailure` and the view stays usable for the next message.
 */
export function onHostMessage(handler: (message: HostToWebview) => void, onFailure: (error: unknown) => void): void {
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    if (!isHostToWebview(event.data)) {
      console.error('Backstep: dropped a malformed message from the extension host', event.data);
      return;
    }
    try {
      handler(event.data);
    } catch (error) {
      console.error('Backstep: could not show a message from the extension host', error);
      onFailure(error);
    }
  });
}
