import type { Diagnostic } from '../../engine/model/diagnostics';
import type { LaunchOptions, SessionClient, SessionEvent, SessionRequest, SessionResponse } from '../../engine/protocol';
import type { WorkerToHost } from '../../engine/session';
import type { HostPort } from './hostPort';

type LaunchResult = Awaited<ReturnType<SessionClient['launch']>>;

/**
 * `SessionClient` over the messages of `serveSession` (engine/session/worker.ts): each request gets a
 * sequence number and is answered by the response carrying it; events are passed on as they come.
 * If the other end dies, every pending request is answered with an error and a `terminated` event
 * says why — the caller never waits forever.
 */
export class PortSessionClient implements SessionClient {
  private port: HostPort | null = null;
  private seq = 0;
  private readonly pending = new Map<number, { command: SessionRequest['command']; resolve: (r: SessionResponse) => void }>();
  private readonly listeners = new Set<(event: SessionEvent) => void>();
  private opened: ((m: Extract<WorkerToHost, { kind: 'opened' }>) => void) | null = null;
  private gone: string | null = null;

  constructor(private readonly connect: () => HostPort) {}

  /** Opens the file with the launch's overrides (steps, stop on entry, exception filters): the session applies them at `start`. */
  async launch(options: LaunchOptions): Promise<LaunchResult> {
    if (this.port) return { ok: false, diagnostics: [], message: 'this session already runs a model' };
    const port = this.connect();
    this.port = port;
    port.onMessage((m) => this.receive(m));
    port.onExit((reason) => this.lost(reason));
    const { file, text, previousRun, files, ...launch } = options;
    const opened = await new Promise<{ ready: boolean; diagnostics: readonly Diagnostic[] }>((resolve) => {
      this.opened = resolve;
      port.post({ kind: 'open', text, fileName: file, launch, ...(previousRun ? { previousRun } : {}), ...(files ? { files } : {}) });
    });
    return opened.ready ? { ok: true } : { ok: false, diagnostics: opened.diagnostics, message: this.gone ?? summary(opened.diagnostics) };
  }

  /** Stops on entry or runs to the first stop, as the session decides. */
  start(): Promise<SessionResponse<'continue'>> {
    return this.send((seq) => ({ kind: 'start', seq }), 'continue') as Promise<SessionResponse<'continue'>>;
  }

  request<R extends SessionRequest>(request: R): Promise<SessionResponse<R['command']>> {
    return this.send((seq) => ({ kind: 'request', seq, request }), request.command) as Promise<SessionResponse<R['command']>>;
  }

  private send(message: (seq: number) => Parameters<HostPort['post']>[0], command: SessionRequest['command']): Promise<SessionResponse> {
    const port = this.port;
    if (!port || this.gone) return Promise.resolve(failure(command, this.gone ?? 'no model is running: launch first'));
    const seq = ++this.seq;
    return new Promise((resolve) => {
      this.pending.set(seq, { command, resolve });
      port.post(message(seq));
    });
  }

  onEvent(listener: (event: SessionEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  dispose(): void {
    this.port?.close();
    this.lost('the session was closed', false);
    this.listeners.clear();
  }

  private receive(m: WorkerToHost): void {
    if (m.kind === 'opened') {
      this.opened?.(m);
      this.opened = null;
    } else if (m.kind === 'response') {
      const p = this.pending.get(m.seq);
      this.pending.delete(m.seq);
      p?.resolve(m.response);
    } else {
      for (const l of this.listeners) l(m.event);
    }
  }

  /** The other end is gone: answer everything still waiting, and say so once. */
  private lost(reason: string, announce = true): void {
    if (this.gone) return;
    this.gone = reason;
    this.opened?.({ kind: 'opened', ready: false, diagnostics: [] });
    for (const { command, resolve } of this.pending.values()) resolve(failure(command, reason));
    this.pending.clear();
    if (announce) for (const l of this.listeners) l({ event: 'terminated', reason });
  }
}

function failure(command: SessionRequest['command'], message: string): SessionResponse {
  return { ok: false, command, error: { code: 'E_SESSION_GONE', message } };
}

function summary(diagnostics: readonly Diagnostic[]): string {
  const n = diagnostics.length;
  return n ? `${n} error${n > 1 ? 's' : ''} in the model file` : 'the model file cannot run';
}
