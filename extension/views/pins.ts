import { LIMITS } from '../../engine/limits';
import type { PinnedView, TensorPlot } from '../../engine/protocol';

/** The longest expression a webview may name back (engine/protocol/webview.ts `isName`). */
const MAX_EXPRESSION = 512;

/**
 * The tensors pinned in the Inspector ("View in Backstep"), in pinning order and at most
 * LIMITS.pinnedTensors: pinning one more unpins the oldest. They outlive a stop and a Restart, as
 * Watch expressions do, and are drawn anew at every stop. Free of `vscode`, so it is tested on its own.
 */
export class Pins {
  private readonly expressions: string[] = [];

  get list(): readonly string[] {
    return this.expressions;
  }

  /** Pins `expression` (again: it moves last); returns the one unpinned to make room, if any. */
  pin(expression: string): string | null {
    this.unpin(expression);
    this.expressions.push(expression);
    return this.expressions.length > LIMITS.pinnedTensors.max ? this.expressions.shift()! : null;
  }

  unpin(expression: string): void {
    const at = this.expressions.indexOf(expression);
    if (at >= 0) this.expressions.splice(at, 1);
  }

  /** Each pinned expression drawn at this stop; one the session refuses is drawn as its error. */
  load(plot: (expression: string) => Promise<TensorPlot>): Promise<PinnedView[]> {
    return Promise.all(
      this.expressions.map((expression) =>
        plot(expression).catch((error: unknown): PinnedView => ({ kind: 'failed', expression, message: error instanceof Error ? error.message : String(error) })),
      ),
    );
  }
}

/**
 * The expression a "View in Backstep" menu item stands for. VS Code passes the Variables row as
 * `{ container, variable: DebugProtocol.Variable }` (its `evaluateName` is the expression), and a
 * Watch item as `{ variable }` whose `name` is the watched expression; a string is taken as it is.
 * Null when there is none (a row that is no tensor of the session, like a scope's text).
 */
export function pinTarget(arg: unknown): string | null {
  const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' && v.length <= MAX_EXPRESSION ? v.trim() : null);
  if (typeof arg === 'string') return text(arg);
  if (typeof arg !== 'object' || arg === null) return null;
  const { container, variable, expression } = arg as Record<string, unknown>;
  if (typeof variable === 'object' && variable !== null) {
    const v = variable as Record<string, unknown>;
    return text(v.evaluateName) ?? (container === undefined ? text(v.name) : null);
  }
  return text(expression);
}
