import { spawn, type ChildProcess } from 'node:child_process';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { join } from 'node:path';
import { FrameReader } from '../../../extension/dap/frames';

/**
 * `node dist/debugAdapter.js` driven byte by byte: any frame can be written to it, well-formed or
 * not, and every message it sends back is kept. (DebugClient of @vscode/debugadapter-testsupport
 * writes only well-formed frames.)
 */
export const ADAPTER = join(__dirname, '..', '..', '..', 'dist', 'debugAdapter.js');

/** `body` in a frame whose Content-Length counts its UTF-8 bytes. */
export function frame(body: string): Buffer {
  const bytes = Buffer.from(body, 'utf8');
  return Buffer.concat([Buffer.from(`Content-Length: ${bytes.length}\r\n\r\n`), bytes]);
}

export class RawAdapter {
  readonly received: DebugProtocol.ProtocolMessage[] = [];
  stderr = '';
  private readonly child: ChildProcess;
  private readonly reader = new FrameReader();
  private readonly waiters = new Set<() => void>();
  private nextSeq = 1;

  constructor(adapter = ADAPTER) {
    this.child = spawn(process.execPath, [adapter], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (chunk: Buffer) => {
      for (const item of this.reader.push(chunk)) if (item.ok) this.received.push(item.message as DebugProtocol.ProtocolMessage);
      this.waiters.forEach((w) => w());
    });
    this.child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString('utf8')));
    this.child.on('exit', () => this.waiters.forEach((w) => w()));
    // A write after the adapter exited fails; the property notices the exit itself.
    this.child.stdin!.on('error', () => undefined);
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  get exitCode(): number | null {
    return this.child.exitCode;
  }

  /** Takes a sequence number for a request written by hand. */
  takeSeq(): number {
    return this.nextSeq++;
  }

  write(bytes: Buffer | string): void {
    if (this.alive) this.child.stdin!.write(bytes);
  }

  /** Writes a well-formed request; its `seq` is returned. */
  send(command: string, args?: unknown): number {
    const seq = this.takeSeq();
    this.write(frame(JSON.stringify({ seq, type: 'request', command, ...(args === undefined ? {} : { arguments: args }) })));
    return seq;
  }

  /** The first message `match` accepts, from all received so far and to come. */
  waitFor<T extends DebugProtocol.ProtocolMessage>(match: (m: DebugProtocol.ProtocolMessage) => m is T, timeoutMs: number): Promise<T>;
  waitFor(match: (m: DebugProtocol.ProtocolMessage) => boolean, timeoutMs: number): Promise<DebugProtocol.ProtocolMessage>;
  waitFor(match: (m: DebugProtocol.ProtocolMessage) => boolean, timeoutMs: number): Promise<DebugProtocol.ProtocolMessage> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.received.find(match);
        if (found) done(() => resolve(found));
        else if (!this.alive) done(() => reject(new Error(`the adapter exited (code ${this.child.exitCode}, signal ${this.child.signalCode}); stderr: ${this.stderr}`)));
      };
      const timer = setTimeout(() => done(() => reject(new Error(`no such message within ${timeoutMs} ms`))), timeoutMs);
      const done = (settle: () => void) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        settle();
      };
      this.waiters.add(check);
      check();
    });
  }

  response(seq: number, timeoutMs = 10_000): Promise<DebugProtocol.Response> {
    return this.waitFor((m): m is DebugProtocol.Response => m.type === 'response' && (m as DebugProtocol.Response).request_seq === seq, timeoutMs);
  }

  /** Closes the adapter's stdin, as an editor does when it is done; resolves with the exit code. */
  endInput(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => this.child.once('exit', (code) => resolve(code)));
    this.child.stdin!.end();
    return exited;
  }

  /** Sends a request and waits for its answer. */
  async request(command: string, args?: unknown, timeoutMs?: number): Promise<DebugProtocol.Response> {
    return this.response(this.send(command, args), timeoutMs);
  }

  /** Ends the adapter this object started, and waits for it to be gone. */
  async stop(): Promise<void> {
    if (!this.alive) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill();
    await exited;
  }
}
