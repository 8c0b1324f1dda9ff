import { parseSafetensorsHeader, SafetensorsError, safetensorsHeaderLength, type SafetensorsSpan } from '../weights/safetensorsRead';
import { LIMITS } from '../limits';
import type { TensorPlace } from './checkStep';
import type { ChunkFiles } from './format';
import { TraceError } from './traceError';

export interface ChunkHeader {
  readonly dataStart: number;
  readonly spans: ReadonlyMap<string, SafetensorsSpan>;
}

/**
 * The safetensors headers of a recording's chunks, read when a value is first asked of a chunk:
 * 8 bytes, then the N-byte header once N is checked against the limit and the file's size. The last
 * few are kept (a step's values sit in one or two chunks). `where` names the file and the entry asking.
 */
export class ChunkHeaders {
  private readonly kept = new Map<string, ChunkHeader>();

  constructor(private readonly chunks: ChunkFiles) {}

  get(chunk: string, where: TensorPlace): ChunkHeader {
    const known = this.kept.get(chunk);
    if (known) return known;
    const header = this.read(chunk, where);
    if (this.kept.size >= LIMITS.traceHeaders.max) this.kept.delete(this.kept.keys().next().value!);
    this.kept.set(chunk, header);
    return header;
  }

  private read(chunk: string, where: TensorPlace): ChunkHeader {
    const size = this.chunks.size(chunk);
    if (size === null) throw new TraceError(where.file, where.entry, `chunk ${chunk} is missing`);
    try {
      const n = safetensorsHeaderLength(this.exactly(chunk, 0, Math.min(8, size), where), size, chunk);
      const { dataStart, spans } = parseSafetensorsHeader(this.exactly(chunk, 8, n, where), size, chunk);
      return { dataStart, spans: new Map(spans.map((s) => [s.name, s])) };
    } catch (e) {
      if (e instanceof SafetensorsError) throw new TraceError(where.file, where.entry, `chunk ${e.message}`);
      throw e;
    }
  }

  /** `length` bytes at `offset`, or a located error when the file ends sooner than its size said. */
  exactly(chunk: string, offset: number, length: number, where: TensorPlace): Uint8Array {
    const bytes = this.chunks.read(chunk, offset, length);
    if (bytes.length !== length) throw new TraceError(where.file, where.entry, `chunk ${chunk} ends early: ${bytes.length} of ${length} bytes at offset ${offset}`);
    return bytes;
  }
}
