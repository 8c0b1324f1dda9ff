import type { HostToWebview } from '../../engine/protocol';

/**
 * Keeps one webview showing the latest stop, without flooding it: at most one request to the
 * session is in flight per view; stops that arrive meanwhile collapse into one more request for the
 * newest state. A hidden view is not fed; it is brought up to date when it shows again (or when its
 * page reloads and says `ready`). Free of `vscode`, so it is tested on its own.
 */
export interface WebviewPort {
  post(message: HostToWebview): PromiseLike<boolean> | boolean | void;
  readonly visible: boolean;
}

export interface Logger {
  error(message: string, ...args: unknown[]): void;
}

export type SessionState = { readonly kind: 'stopped' } | { readonly kind: 'running' } | { readonly kind: 'idle'; readonly message: string };

export class ViewFeed {
  private ready = false;
  private state: SessionState;
  /** Bumped at every stop: an answer for an older stop is not posted. */
  private generation = 0;
  private inFlight = false;
  private stale = true;
  /** The last message posted for the current stop, re-posted when the page reloads. */
  private last: HostToWebview | null = null;

  constructor(
    private readonly port: WebviewPort,
    private readonly load: () => Promise<HostToWebview>,
    private readonly log: Logger,
    initial: SessionState,
  ) {
    this.state = initial;
  }

  /** The page loaded (again) and listens. */
  pageReady(): void {
    this.ready = true;
    if (this.state.kind === 'idle') this.post({ type: 'idle', message: this.state.message });
    else if (this.last && !this.stale) this.post(this.last);
    else this.refresh();
  }

  /** The page is being replaced (new HTML) or disposed: nothing reaches it until it says `ready`. */
  pageGone(): void {
    this.ready = false;
  }

  visibilityChanged(): void {
    if (this.port.visible && this.stale) this.refresh();
  }

  sessionChanged(state: SessionState): void {
    this.state = state;
    if (state.kind === 'running') return;
    this.generation++;
    this.last = null;
    this.stale = true;
    if (state.kind === 'idle') {
      this.stale = false;
      this.post({ type: 'idle', message: state.message });
      return;
    }
    this.refresh();
  }

  /** What the view shows changed without a stop (a tensor pinned or unpinned): loaded again for this stop. */
  reload(): void {
    if (this.state.kind !== 'stopped') return;
    this.generation++;
    this.last = null;
    this.stale = true;
    this.refresh();
  }

  /** Passes a message straight to the page (a slice answer, a selection). */
  send(message: HostToWebview): void {
    this.post(message);
  }

  private refresh(): void {
    if (!this.ready || !this.port.visible || this.state.kind !== 'stopped' || this.inFlight) return;
    this.inFlight = true;
    this.stale = false;
    const generation = this.generation;
    this.load()
      .then(
        (message) => {
          if (generation !== this.generation) return;
          this.last = message;
          this.post(message);
        },
        (error: unknown) => {
          if (generation === this.generation) this.log.error(`Backstep: could not get the view for this stop: ${error instanceof Error ? error.message : String(error)}`);
        },
      )
      .then(() => {
        this.inFlight = false;
        if (this.stale) this.refresh();
      });
  }

  private post(message: HostToWebview): void {
    if (!this.ready) return;
    try {
      const sent = this.port.post(message);
      if (sent && typeof sent === 'object') Promise.resolve(sent).catch((error: unknown) => this.log.error('Backstep: a webview did not take a message', error));
    } catch (error) {
      this.log.error('Backstep: a webview did not take a message', error);
    }
  }
}
