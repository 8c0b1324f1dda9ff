import { LIMITS, overLimit } from '../limits';
import type { CheckedHeader } from './checkIndex';
import { checkStep, type StepContext } from './checkStep';
import type { ChunkFiles, TraceStep } from './format';
import { TraceError } from './traceError';

/** Steps kept parsed and checked at once (the ones the session is at and near); any other is read again when asked for. */
export const KEPT_STEPS = 4;

/**
 * The steps of an opened recording, their entries read and checked when first asked for: from the
 * step's own file in `<index>.chunks/` (version 2) or from the index (version 1: its span of the
 * index's text, or the index's parsed JSON when the text was not laid out as the recorder writes it).
 * Checking a step also checks that every chunk it names exists. Memory holds the last KEPT_STEPS
 * steps' entries, whatever the count of steps; a wrong entry is a TraceError naming the step's file
 * and the entry, thrown each time that step is asked for.
 */
export class StepEntries {
  private readonly kept = new Map<number, TraceStep>();
  private readonly present = new Set<string>();

  constructor(
    private readonly file: string,
    private readonly chunks: ChunkFiles,
    private readonly listed: CheckedHeader['steps'],
    private readonly context: StepContext,
  ) {}

  /** The steps as the index lists them: each one's number known now, its entries when first used. */
  steps(): TraceStep[] {
    return this.listed.map((s, k) => new LazyStep(s.step, () => this.get(k)));
  }

  get(k: number): TraceStep {
    const known = this.kept.get(k);
    if (known) {
      this.kept.delete(k);
      this.kept.set(k, known);
      return known;
    }
    const step = this.load(k);
    if (this.kept.size >= KEPT_STEPS) this.kept.delete(this.kept.keys().next().value!);
    this.kept.set(k, step);
    return step;
  }

  private load(k: number): TraceStep {
    const { step, source } = this.listed[k];
    const where = `steps[${k}]`;
    const file = 'file' in source ? `${this.file}.chunks/${source.file}` : this.file;
    const raw = 'file' in source ? this.read(source.file, file, where) : 'raw' in source ? source.raw : parseStep(source.text(), file, where);
    const checked = checkStep(raw, file, where, this.context);
    if (checked.step.step !== step) throw new TraceError(file, `${where}.step`, `is ${checked.step.step}, but the index lists step ${step} here`);
    for (const [chunk, at] of checked.chunks) {
      if (this.present.has(chunk)) continue;
      if (this.chunks.size(chunk) === null) throw new TraceError(file, at, `chunk ${chunk} is missing`);
      this.present.add(chunk);
    }
    return checked.step;
  }

  /** A step's file, parsed, once its size is checked against the limit. */
  private read(name: string, path: string, where: string): unknown {
    const size = this.chunks.size(name);
    if (size === null) throw new TraceError(this.file, `${where}.file`, `the step's file ${name} is missing`);
    if (size > LIMITS.traceIndexChars.max) throw new TraceError(path, '', overLimit(LIMITS.traceIndexChars, `the step's file has ${size} bytes`));
    const bytes = this.chunks.read(name, 0, size);
    if (bytes.length !== size) throw new TraceError(path, '', `the step's file ends early: ${bytes.length} of ${size} bytes`);
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch (e) {
      throw new TraceError(path, '', `the step's file is not UTF-8: ${(e as Error).message}`);
    }
    return parseStep(text, path, '');
  }
}

/** A step's JSON (its own file's, or its span of a version-1 index). */
function parseStep(text: string, file: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new TraceError(file, where, `${where ? 'the step' : 'the step\'s file'} is not JSON: ${(e as Error).message}`);
  }
}

/** A step whose number is listed in the index and whose entries are read when first used. */
class LazyStep implements TraceStep {
  constructor(
    readonly step: number,
    private readonly entries: () => TraceStep,
  ) {}

  get loss(): TraceStep['loss'] {
    return this.entries().loss;
  }

  get lr(): number {
    return this.entries().lr;
  }

  get events(): TraceStep['events'] {
    return this.entries().events;
  }
}
