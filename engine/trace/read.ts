import { LIMITS, overLimit } from '../limits';
import { Tensor } from '../tensor/tensor';
import { sameShape } from '../tensor/shape';
import { decodeSafetensors, SafetensorsError } from '../weights/safetensorsRead';
import { ChunkHeaders } from './chunkHeaders';
import { checkIndex } from './checkIndex';
import type { ChunkFiles, TraceReader, TraceTensor } from './format';
import { TraceError } from './traceError';

/**
 * Opens a recording: parses and checks the whole index (./checkIndex.ts) and that every chunk it
 * names exists; reads no values. `values(t)` reads one tensor's bytes with a ranged read, after
 * checking its size against the limit and its chunk's header against the index. Every problem is
 * a TraceError naming `file` and the index entry.
 */
export function openTrace(file: string, indexText: string, chunks: ChunkFiles): TraceReader {
  if (indexText.length > LIMITS.traceIndexChars.max) throw new TraceError(file, '', overLimit(LIMITS.traceIndexChars, `the index has ${indexText.length} characters`));
  let raw: unknown;
  try {
    raw = JSON.parse(indexText);
  } catch (e) {
    throw new TraceError(file, '', `the index is not JSON: ${(e as Error).message}`);
  }
  const { index, where, chunks: named } = checkIndex(raw, file);
  for (const [chunk, at] of named) if (chunks.size(chunk) === null) throw new TraceError(file, at, `chunk ${chunk} is missing`);
  const headers = new ChunkHeaders(file, chunks);
  return {
    file,
    index,
    values: (t: TraceTensor) => readValues(file, t, where.get(t) ?? `tensor "${t.id}"`, headers),
  };
}

function readValues(file: string, t: TraceTensor, where: string, headers: ChunkHeaders): Tensor {
  const bad = (problem: string): never => {
    throw new TraceError(file, where, problem);
  };
  if (t.chunk === undefined) return bad('only its statistics were recorded, not its values');
  const elements = t.shape.reduce((n, d) => n * d, 1);
  if (elements > LIMITS.traceValues.max) bad(overLimit(LIMITS.traceValues, `it has ${elements} values`));
  const header = headers.get(t.chunk, where);
  const span = header.spans.get(t.id) ?? bad(`chunk ${t.chunk} holds no tensor "${t.id}"`);
  if (span.dtype !== t.dtype || !sameShape(span.shape, t.shape)) {
    bad(`the index says ${t.dtype} [${t.shape.join(', ')}], chunk ${t.chunk} says ${span.dtype} [${span.shape.join(', ')}]`);
  }
  const bytes = headers.exactly(t.chunk, header.dataStart + span.begin, span.end - span.begin, where);
  try {
    return new Tensor(decodeSafetensors(bytes, t.dtype, t.chunk, t.id), t.shape, t.id);
  } catch (e) {
    if (e instanceof SafetensorsError) return bad(`chunk ${e.message}`);
    throw e;
  }
}
