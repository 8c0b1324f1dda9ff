import { Transform, pipeline, type Readable } from 'node:stream';
import { LIMITS } from '../../engine/limits';
import { FrameProblems } from './errors';

/**
 * DAP's framing on a byte stream: `Content-Length: N\r\n\r\n` and N bytes of UTF-8 JSON. The
 * library's own reader shuts the adapter down at the first frame it cannot parse and never finds the
 * next header again after a wrong length; this one reports what was wrong with a frame and resumes at
 * the next `Content-Length` header, so every frame that can still be framed is served.
 */
export type FrameItem = { readonly ok: true; readonly body: Buffer; readonly message: unknown } | { readonly ok: false; readonly problem: string };

/** The largest body read; a longer one is skipped byte by byte without being kept. */
export const FRAME_LIMIT = LIMITS.dapFrame.max;
/** The longest header block (DAP sends one short line). */
export const HEADER_LIMIT = LIMITS.dapHeader.max;

const HEADER = Buffer.from('Content-Length');
const END_OF_HEADER = Buffer.from('\r\n\r\n');
const HEADER_LINE = /^([!#-'*+\-.0-9A-Z^-z|~]+):[ \t]*(.*?)[ \t]*$/;
/** The part of a header line that may have come so far. */
const HEADER_START = /^[!#-'*+\-.0-9A-Z^-z|~]*(:.*)?\r?$/;

type Mode = { readonly kind: 'header' } | { readonly kind: 'body'; readonly length: number } | { readonly kind: 'skip'; remaining: number };

export class FrameReader {
  private buffer: Buffer = Buffer.alloc(0);
  private mode: Mode = { kind: 'header' };
  /** Since the last well-formed header, a problem was reported: the skipping that follows it is not. */
  private lost = false;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });

  /** The frames (and the problems) that `chunk` completes, in order. */
  push(chunk: Buffer): FrameItem[] {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    const items: FrameItem[] = [];
    for (let item = this.next(); item !== 'wait'; item = this.next()) if (item) items.push(item);
    return items;
  }

  /** One step: a frame, a problem, null (progress without either) or 'wait' for more bytes. */
  private next(): FrameItem | null | 'wait' {
    switch (this.mode.kind) {
      case 'skip':
        return this.skip(this.mode);
      case 'body':
        return this.body(this.mode.length);
      case 'header':
        return this.header();
    }
  }

  private skip(mode: { remaining: number }): null | 'wait' {
    const n = Math.min(mode.remaining, this.buffer.length);
    this.buffer = this.buffer.subarray(n);
    mode.remaining -= n;
    if (mode.remaining > 0) return 'wait';
    this.mode = { kind: 'header' };
    return null;
  }

  private header(): FrameItem | null | 'wait' {
    const end = this.buffer.indexOf(END_OF_HEADER);
    if (end === -1) return this.partialHeader();
    const fields = this.buffer.subarray(0, end).toString('latin1').split('\r\n').map((line) => HEADER_LINE.exec(line));
    // A block with anything but header lines in it is not where a frame starts.
    const field = fields.every((f) => f !== null) ? fields.find((f) => f![1].toLowerCase() === 'content-length') : undefined;
    if (!field) return this.resync();
    this.lost = false;
    if (!/^\d{1,15}$/.test(field[2])) {
      this.buffer = this.buffer.subarray(end);
      return this.problem(FrameProblems.badLength(field[2]));
    }
    const length = Number(field[2]);
    this.buffer = this.buffer.subarray(end + END_OF_HEADER.length);
    if (length > FRAME_LIMIT) {
      this.mode = { kind: 'skip', remaining: length };
      return this.problem(FrameProblems.tooLong(length, FRAME_LIMIT));
    }
    this.mode = { kind: 'body', length };
    return null;
  }

  /** A header without its end yet: wait while it still looks like one, up to the limit. */
  private partialHeader(): FrameItem | null | 'wait' {
    const lines = this.buffer.subarray(0, HEADER_LIMIT + 1).toString('latin1').split('\r\n');
    const last = lines.pop()!;
    if (!lines.every((line) => HEADER_LINE.test(line)) || !HEADER_START.test(last)) return this.resync();
    return this.buffer.length > HEADER_LIMIT ? this.resync(FrameProblems.longHeader(HEADER_LIMIT)) : 'wait';
  }

  private body(length: number): FrameItem | null | 'wait' {
    if (this.buffer.length < length) return 'wait';
    const body = this.buffer.subarray(0, length);
    this.mode = { kind: 'header' };
    const read = this.parse(body);
    if (typeof read === 'string') {
      // The bytes stay: a length that was too long may have swallowed the next frame's header.
      const hint = body.some((b) => b >= 0x80) ? FrameProblems.lengthHint : '';
      return this.problem(FrameProblems.badBody(read, hint));
    }
    this.buffer = this.buffer.subarray(length);
    return { ok: true, body, message: read.message };
  }

  private parse(body: Buffer): { message: unknown } | string {
    if (body.length === 0) return 'it is empty';
    let text: string;
    try {
      text = this.decoder.decode(body);
    } catch {
      return 'it is not UTF-8 text';
    }
    try {
      return { message: JSON.parse(text) as unknown };
    } catch (error) {
      return `it is not JSON (${error instanceof Error ? error.message : String(error)})`;
    }
  }

  /**
   * Drops the bytes before the next `Content-Length` (past the first byte), or all but a partial one
   * at the end when there is none, and reports them unless `problem` says better what they were.
   */
  private resync(problem?: string): FrameItem | null {
    const next = this.buffer.indexOf(HEADER, 1);
    const drop = next === -1 ? Math.max(1, this.buffer.length - (HEADER.length - 1)) : next;
    const skipped = this.buffer.subarray(0, Math.min(drop, 40)).toString('utf8');
    this.buffer = this.buffer.subarray(drop);
    return this.problem(problem ?? FrameProblems.outsideFrame(skipped));
  }

  private problem(problem: string): FrameItem | null {
    if (this.lost) return null;
    this.lost = true;
    return { ok: false, problem };
  }
}

/**
 * The input stream as the library should see it: only well-formed frames, each body as it came with
 * its length in bytes. Problems go to `report`; the end and the errors of `input` pass through.
 */
export function reframe(input: NodeJS.ReadableStream, report: (problem: string) => void): Readable {
  const reader = new FrameReader();
  const output = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      for (const item of reader.push(chunk)) {
        if (item.ok) this.push(Buffer.concat([Buffer.from(`Content-Length: ${item.body.length}\r\n\r\n`), item.body]));
        else report(item.problem);
      }
      done();
    },
  });
  pipeline(input, output, () => undefined);
  return output;
}
