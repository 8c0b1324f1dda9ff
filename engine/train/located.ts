import { BackstepError, type ErrorLocation } from '../errors';
import type { SourceRange } from '../model/diagnostics';

/**
 * An error raised while building or running a model, located in the model file: the layer it
 * happened in and that layer's line and column (or the loss's, the optimizer's …). The op and the
 * node the engine already named are kept; a deeper scope (`memory/t3`) becomes the node when no
 * node is named. Anything that is not a BackstepError is a bug, reported the same way so that the
 * caller (the CLI, the debug session) never crashes on it.
 */
export function located(e: unknown, layer: string | null, range: SourceRange | null): BackstepError {
  const base = e instanceof BackstepError ? e : new BackstepError('E_ARGUMENT', `internal error: ${e instanceof Error ? e.message : String(e)}`);
  const where: ErrorLocation = { ...base.where };
  if (layer !== null) {
    if (where.layer && where.layer !== layer && !where.node) where.node = where.layer;
    where.layer = layer;
  }
  if (range && where.line === undefined) {
    where.line = range.line;
    where.column = range.column;
  }
  const out = new BackstepError(base.code, base.message, where);
  if (!(e instanceof BackstepError) && e instanceof Error) out.stack = e.stack;
  return out;
}

/** `12:7: E_SHAPE layer "attend", op "matmul": …` without the file, as `check` prints diagnostics. */
export function describeLocated(e: BackstepError, file = '<model>'): string {
  const at = e.where.line !== undefined ? `${file}:${e.where.line}:${e.where.column ?? 1}: ` : `${file}: `;
  return `${at}${e.code} ${e.describe()}`;
}
