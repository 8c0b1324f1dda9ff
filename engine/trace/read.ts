import { LIMITS, overLimit } from '../limits';
import { Tensor } from '../tensor/tensor';
import { sameShape } from '../tensor/shape';
import { decodeSafetensors, SafetensorsError } from '../weights/safetensorsRead';
import { ChunkHeaders } from './chunkHeaders';
import { checkIndex } from './checkIndex';
import type { TensorPlace } from './checkStep';
import { TRACE_INLINE_VERSION, type ChunkFiles, type TraceIndex, type TraceReader, type TraceTensor } from './format';
import { findInlineSteps } from './inlineSteps';
import { StepEntries } from './stepEntries';
import { TraceError } from './traceError';

/**
 * Opens a recording: parses the index (a version-1 index without its steps: ./inlineSteps.ts) and
 * checks its header and list of steps (./checkIndex.ts); each step's entries are read and checked,
 * with the chunks they name, when the step is first asked for (./stepEntries.ts); no values are read. `values(t)` reads one tensor's bytes with a
 * ranged read, after checking its size against the limit and its chunk's header against the
 * entry. Every problem is a TraceError naming the file and the entry.
 */
export function openTrace(file: string, indexText: string, chunks: ChunkFiles): TraceReader {
  if (indexText.length > LIMITS.traceIndexChars.max) throw new TraceError(file, '', overLimit(LIMITS.traceIndexChars, `the index has ${indexText.length} characters`));
  // A version-1 index holds every step: its header is parsed now, each step's span when reached.
  // Anything else (version 2, a header that is not JSON) is parsed whole, for JSON.parse's message.
  const inline = findInlineSteps(indexText);
  const head = inline ? parsedOrNull(inline.header) : null;
  const spans = head?.version === TRACE_INLINE_VERSION ? inline?.steps.map((s) => ({ step: s.step, text: () => indexText.slice(s.start, s.end) })) : undefined;
  const { header, steps, params, modules } = checkIndex(spans ? head : parseIndex(file, indexText), file, spans);
  const where = new WeakMap<TraceTensor, TensorPlace>();
  const index: TraceIndex = { ...header, steps: new StepEntries(file, chunks, steps, { params, modules, where }).steps() };
  const headers = new ChunkHeaders(chunks);
  return {
    file,
    index,
    values: (t: TraceTensor) => readValues(t, where.get(t) ?? { file, entry: `tensor "${t.id}"` }, headers),
  };
}

function parsedOrNull(text: string): { version?: unknown } | null {
  try {
    return JSON.parse(text) as { version?: unknown } | null;
  } catch {
    return null;
  }
}

function parseIndex(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new TraceError(file, '', `the index is not JSON: ${(e as Error).message}`);
  }
}

function readValues(t: TraceTensor, place: TensorPlace, headers: ChunkHeaders): Tensor {
  const bad = (problem: string): never => {
    throw new TraceError(place.file, place.entry, problem);
  };
  if (t.chunk === undefined) return bad('only its statistics were recorded, not its values');
  const elements = t.shape.reduce((n, d) => n * d, 1);
  if (elements > LIMITS.traceValues.max) bad(overLimit(LIMITS.traceValues, `it has ${elements} values`));
  const header = headers.get(t.chunk, place);
  const span = header.spans.get(t.id) ?? bad(`chunk ${t.chunk} holds no tensor "${t.id}"`);
  if (span.dtype !== t.dtype || !sameShape(span.shape, t.shape)) {
    bad(`the index says ${t.dtype} [${t.shape.join(', ')}], chunk ${t.chunk} says ${span.dtype} [${span.shape.join(', ')}]`);
  }
  const bytes = headers.exactly(t.chunk, header.dataStart + span.begin, span.end - span.begin, place);
  try {
    return new Tensor(decodeSafetensors(bytes, t.dtype, t.chunk, t.id), t.shape, t.id);
  } catch (e) {
    if (e instanceof SafetensorsError) return bad(`chunk ${e.message}`);
    throw e;
  }
}
