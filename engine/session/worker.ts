import type { Diagnostic } from '../model/diagnostics';
import type { DataFiles } from '../model/files';
import type { LaunchOverrides, SessionEvent, SessionRequest, SessionResponse } from '../protocol/session';
import type { RunSeries } from '../protocol/views';
import { fail } from '../errors';
import type { ChunkFiles } from '../trace/format';
import { isRecording, recordingSource } from '../trace/replayOpen';
import { commandOf } from './commands';
import { Session, type SessionOptions } from './session';
import type { JobYield } from './surface/pool';

/** Messages from the host (the debug adapter) to a session running in a worker. */
export type HostToWorker =
  /** Opens the file; `launch` holds the launch configuration's overrides (steps, stop on entry, exception filters). */
  | { readonly kind: 'open'; readonly text: string; readonly fileName: string; readonly launch?: LaunchOverrides; readonly previousRun?: RunSeries; readonly files?: DataFiles }
  /** Stop on entry, or continue, as the launch overrides or else the file say (answered like a `continue`). */
  | { readonly kind: 'start'; readonly seq: number }
  | { readonly kind: 'request'; readonly seq: number; readonly request: SessionRequest }
  /** Restart with the file's new text (a `restart` request restarts with the text it has). */
  | { readonly kind: 'reload'; readonly seq: number; readonly text: string };

/** Messages from the worker to the host. */
export type WorkerToHost =
  | { readonly kind: 'opened'; readonly ready: boolean; readonly diagnostics: readonly Diagnostic[] }
  | { readonly kind: 'response'; readonly seq: number; readonly response: SessionResponse }
  | { readonly kind: 'event'; readonly event: SessionEvent };

/**
 * The worker's side of a message channel, kept small so that the engine needs nothing from Node or
 * the DOM: a Node `worker_threads` port, a browser `Worker` scope or an in-process pair in tests.
 */
export interface WorkerPort {
  post(message: WorkerToHost): void;
  listen(handler: (message: HostToWorker) => void): void;
  /** Resolves on a later turn of the event loop, after pending messages were delivered (setImmediate, setTimeout 0). */
  nextTurn(): Promise<void>;
}

/** What a worker's session needs beyond the session's options: how to read a recording's chunks (the host's files). */
export interface WorkerOptions extends SessionOptions {
  /** The chunk files of the recording whose index is `indexFile` (absent: recordings cannot be opened here). */
  readonly chunkFiles?: (indexFile: string) => ChunkFiles;
}

/** A slice of a long run lasts about this long before messages get a turn. */
export const SLICE_MS = 15;

/**
 * Serves one session behind a port: every request is answered by one `response` with its `seq`;
 * events are forwarded as they happen. A long command (continue, reverse continue, goto, and steps
 * that run far) runs in slices of about SLICE_MS, yielding to the event loop between slices; a
 * `pause` that arrives meanwhile ends the run where it has got to, and both the run and the pause
 * are answered with that stop; settings (breakpoints, exception filters) are answered at once; other
 * requests during a run get the error E_RUNNING. A job (the loss landscape) runs in slices of its own
 * beside everything else, run or not, and never holds a step up. Which is which, the command table says.
 */
export function serveSession(port: WorkerPort, options: WorkerOptions = {}): void {
  let session: Session | null = null;
  let run: { seq: number; gen: Generator<JobYield, SessionResponse>; pauses: number[] } | null = null;

  const respond = (seq: number, response: SessionResponse): void => port.post({ kind: 'response', seq, response });

  const pump = async (): Promise<void> => {
    while (run) {
      const current = run;
      const t0 = Date.now();
      let r = current.gen.next();
      while (!r.done && Date.now() - t0 < SLICE_MS) r = current.gen.next();
      if (r.done) {
        run = null;
        respond(current.seq, r.value);
        for (const seq of current.pauses) respond(seq, r.value);
        return;
      }
      await port.nextTurn();
      if (current.pauses.length && session) {
        run = null;
        const stop = session.interrupt(current.gen);
        respond(current.seq, stop);
        for (const seq of current.pauses) respond(seq, stop);
      }
    }
  };

  /** A job (the loss landscape) runs in slices of its own beside whatever else runs, and answers when done; a promise it yields (work on other threads) is awaited, not polled. */
  const job = async (seq: number, gen: Generator<JobYield, SessionResponse>): Promise<void> => {
    for (;;) {
      const t0 = Date.now();
      let r = gen.next();
      while (!r.done && !r.value && Date.now() - t0 < SLICE_MS) r = gen.next();
      if (r.done) return respond(seq, r.value);
      await (r.value ?? port.nextTurn());
    }
  };

  const begin = (seq: number, gen: Generator<JobYield, SessionResponse>): void => {
    run = { seq, gen, pauses: [] };
    void pump();
  };

  /** As the command table (./commands.ts) says: a long one runs in slices; during a run a pause joins it, a setting is answered, the rest is refused. */
  const onRequest = (seq: number, request: SessionRequest): void => {
    if (!session) {
      respond(seq, { ok: false, command: request.command, error: { code: 'E_NO_SESSION', message: 'no model file is open: send `open` first' } });
      return;
    }
    const entry = commandOf(request.command);
    if (entry && 'job' in entry) {
      void job(seq, session.running(request));
      return;
    }
    if (run) {
      if (entry?.kind === 'pause') run.pauses.push(seq);
      else if (entry?.kind === 'setting') respond(seq, session.handle(request));
      else respond(seq, { ok: false, command: request.command, error: { code: 'E_RUNNING', message: `the session is running; pause it before "${request.command}"` } });
      return;
    }
    // A command the table does not have is refused by the session.
    if (entry && 'run' in entry) begin(seq, session.running(request));
    else respond(seq, session.handle(request));
  };

  port.listen((m) => {
    switch (m.kind) {
      case 'open':
        session = Session.create(m.text, m.fileName, { ...options, ...(m.launch ? { launch: m.launch } : {}), ...(m.previousRun ? { previousRun: m.previousRun } : {}), ...(m.files ? { files: m.files } : {}), ...recording(m.fileName, m.text, options) });
        session.onEvent((event) => port.post({ kind: 'event', event }));
        port.post({ kind: 'opened', ready: session.ready, diagnostics: session.diagnostics });
        return;
      case 'start':
        if (session && !run) begin(m.seq, session.starting());
        else onRequest(m.seq, { command: 'continue' });
        return;
      case 'reload':
        if (run || !session) onRequest(m.seq, { command: 'restart' });
        else respond(m.seq, session.restart(m.text));
        return;
      case 'request':
        onRequest(m.seq, m.request);
        return;
    }
  });
}

/** A `.bstrace` file opens as a recording (engine/trace/replay.ts), not as a model file. */
function recording(file: string, text: string, options: WorkerOptions): Pick<SessionOptions, 'source'> {
  if (!isRecording(file)) return {};
  const chunkFiles = options.chunkFiles;
  if (!chunkFiles) return { source: () => fail('E_ARGUMENT', `${file} is a recording, and this host cannot read its chunk files`) };
  return { source: recordingSource(file, text, chunkFiles(file)) };
}
