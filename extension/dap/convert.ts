import type { DebugProtocol } from '@vscode/debugprotocol';
import { frameDepth, type CompletionView, type EvaluateResult, type FrameInfo, type StopInfo, type VariableView } from '../../engine/protocol';
import type { RefTable } from './refs';

/**
 * Pure translations from the session's protocol to DAP bodies. Lines are 1-based on both sides; the
 * adapter converts for clients that count from 0.
 */

/** Children beyond this count are paged: VS Code shows them in chunks and asks with start/count. */
export const PAGE_THRESHOLD = 100;

export const THREAD_ID = 1;

/** DAP's stop reasons; the end of training is shown as a step, so Step Back still works there. */
export function stopReason(stop: StopInfo): string {
  return stop.reason === 'end' ? 'step' : stop.reason;
}

export function stoppedBody(stop: StopInfo): DebugProtocol.StoppedEvent['body'] {
  return {
    reason: stopReason(stop),
    description: stop.description,
    threadId: THREAD_ID,
    allThreadsStopped: true,
    ...(stop.exception ? { text: stop.exception.message } : {}),
    ...(stop.breakpointIds.length ? { hitBreakpointIds: [...stop.breakpointIds] } : {}),
  };
}

/** The same stop announced twice (an answer and an event) is reported once. */
export function sameStop(a: StopInfo, b: StopInfo | null): boolean {
  if (!b) return false;
  const x = a.location;
  const y = b.location;
  return a.reason === b.reason && a.description === b.description && x.trainingStep === y.trainingStep && x.eventIndex === y.eventIndex && x.phase === y.phase && x.node === y.node;
}

export interface SourceRef {
  readonly name: string;
  readonly path: string;
}

export type LineConverter = (line: number) => number;

/**
 * Frames innermost first (DAP lists the op first), whichever order the session listed them in (step ›
 * phase › layer › scopes › op). A frame in another file than the model (a recording's module, in its
 * Python source) names that file, its path converted by `clientPath`.
 */
export function stackFrames(frames: readonly FrameInfo[], source: SourceRef, line: LineConverter, column: LineConverter, clientPath: (file: string) => string = (f) => f): DebugProtocol.StackFrame[] {
  return [...frames].sort((a, b) => frameDepth(b) - frameDepth(a)).map((f) => {
    if (!f.range) return { id: f.id, name: f.name, line: 0, column: 0, presentationHint: 'label' as const, canRestart: f.canRestart };
    return {
      id: f.id,
      name: f.name,
      canRestart: f.canRestart,
      source: f.file === undefined ? { name: source.name, path: source.path } : { name: baseName(f.file), path: clientPath(f.file) },
      line: line(f.range.line),
      column: column(f.range.column),
      // No end: VS Code would select the whole range, and a keystroke would replace the layer's text.
      // The layer's lines are highlighted by a decoration instead (debug/currentLayer.ts).
    };
  });
}

function paged(count: number | undefined): number | undefined {
  return count !== undefined && count > PAGE_THRESHOLD ? count : undefined;
}

export function variable(view: VariableView, refs: RefTable): DebugProtocol.Variable {
  const indexed = view.ref === null ? undefined : paged(view.childCount);
  return {
    name: view.name,
    value: view.value,
    type: view.type,
    variablesReference: refs.idOf(view.ref),
    ...(view.expression ? { evaluateName: view.expression } : {}),
    ...(indexed !== undefined ? { indexedVariables: indexed } : {}),
  };
}

export function scope(view: VariableView, refs: RefTable, index: number): DebugProtocol.Scope {
  const indexed = view.ref === null ? undefined : paged(view.childCount);
  return {
    name: view.name,
    variablesReference: refs.idOf(view.ref),
    expensive: false,
    ...(index === 0 ? { presentationHint: 'locals' } : {}),
    ...(indexed !== undefined ? { indexedVariables: indexed } : {}),
  };
}

export function evaluateBody(result: EvaluateResult, refs: RefTable): DebugProtocol.EvaluateResponse['body'] {
  const indexed = result.ref === null ? undefined : paged(result.childCount);
  return {
    result: result.value,
    type: result.type,
    variablesReference: refs.idOf(result.ref),
    ...(indexed !== undefined ? { indexedVariables: indexed } : {}),
  };
}

/** The engine's `rank`-th completion as DAP's item (sorted as the engine sorts); `column` turns an offset in the line into the client's column (undefined leaves `start` out). */
export function completionItem(c: CompletionView, rank: number, column: (offset: number) => number | undefined): DebugProtocol.CompletionItem {
  const start = column(c.start);
  return { label: c.label, ...(c.text ? { text: c.text } : {}), type: c.type, detail: c.detail, sortText: String(rank).padStart(4, '0'), ...(start === undefined ? {} : { start }), length: c.length };
}

/** The answer to setVariable and setExpression: the target's new value, as Evaluate shows it. */
export type SetValueBody = DebugProtocol.SetExpressionResponse['body'] & { readonly variablesReference: number };

export function setValueBody(result: EvaluateResult, refs: RefTable): SetValueBody {
  const { result: value, ...rest } = evaluateBody(result, refs);
  return { value, ...rest };
}

/** `/work/samples/mlp-xor.nn.yaml` → `mlp-xor.nn.yaml`, for either separator. */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}

/** Paths compared as a user means them: one separator, drive letters in any case. */
export function samePath(a: string, b: string): boolean {
  const norm = (p: string) => p.replace(/\\/g, '/').replace(/^([a-zA-Z]):/, (_, d: string) => `${d.toLowerCase()}:`);
  return norm(a) === norm(b);
}
