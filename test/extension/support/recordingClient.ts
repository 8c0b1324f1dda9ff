import type { LaunchOptions, SessionClient, SessionEvent, SessionRequest, SessionResponse } from '../../../engine/protocol';

/**
 * A `SessionClient` that passes everything to a real one and notes what the adapter asked: the launch
 * options, every request in order, and whether it was disposed. It decides nothing itself.
 */
export class RecordingClient implements SessionClient {
  launched: LaunchOptions | null = null;
  readonly requests: SessionRequest[] = [];
  starts = 0;
  disposed = false;

  constructor(private readonly inner: SessionClient) {}

  launch(options: LaunchOptions): ReturnType<SessionClient['launch']> {
    this.launched = options;
    return this.inner.launch(options);
  }

  start(): Promise<SessionResponse<'continue'>> {
    this.starts++;
    return this.inner.start();
  }

  request<R extends SessionRequest>(request: R): Promise<SessionResponse<R['command']>> {
    this.requests.push(request);
    return this.inner.request(request);
  }

  onEvent(listener: (event: SessionEvent) => void): () => void {
    return this.inner.onEvent(listener);
  }

  dispose(): void {
    this.disposed = true;
    this.inner.dispose();
  }
}
