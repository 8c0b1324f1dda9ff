// Waiting for what a person would wait for — a view that updates, a line that lights up — and, when
// it never comes, an error that says what was expected and what the screen showed instead.
import type { Page } from 'playwright-core';

const POLL_MS = 200;

export interface Probe<T> {
  readonly ok: boolean;
  /** What the screen shows now, for the error message. */
  readonly seen: T;
}

/**
 * Polls `probe` until it reports `ok`; returns what it saw. Throws `<expected>; it shows: <seen>`
 * after `timeoutMs`.
 */
export async function until<T>(page: Page, expected: string, probe: () => Promise<Probe<T>>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: Probe<T> | undefined;
  let failure: unknown;
  for (;;) {
    try {
      last = await probe();
      failure = undefined;
      if (last.ok) return last.seen;
    } catch (error) {
      // A view that is being redrawn (or a frame that is swapping in) is read again.
      failure = error;
    }
    if (Date.now() > deadline) break;
    await page.waitForTimeout(POLL_MS);
  }
  const seen = last ? describe(last.seen) : `nothing readable (${failure instanceof Error ? failure.message.split('\n')[0] : String(failure)})`;
  throw new Error(`${expected}; after ${Math.round(timeoutMs / 1000)} s it shows: ${seen}`);
}

/** Fails with `<expected>; it shows: <seen>` unless `ok`. */
export function expectSeen(ok: boolean, expected: string, seen: unknown): void {
  if (!ok) throw new Error(`${expected}; it shows: ${describe(seen)}`);
}

function describe(seen: unknown): string {
  return typeof seen === 'string' ? JSON.stringify(seen) : JSON.stringify(seen, null, 1).replace(/\n\s*/g, ' ');
}
