import type { TensorSlice, WebviewToHost } from '../../engine/protocol';

/** Asks the host for a window of a tensor's values and matches each answer to its question by id. */
export class SliceClient {
  private next = 1;
  private readonly pending = new Map<number, { resolve: (s: TensorSlice) => void; reject: (e: Error) => void }>();

  constructor(private readonly post: (m: WebviewToHost) => void) {}

  request(name: string, start: number, count: number): Promise<TensorSlice> {
    const requestId = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(requestId, { resolve, reject });
      this.post({ type: 'slice', requestId, name, start, count });
    });
  }

  answer(requestId: number, slice: TensorSlice | null, error?: string): void {
    const waiting = this.pending.get(requestId);
    if (!waiting) return;
    this.pending.delete(requestId);
    if (slice) waiting.resolve(slice);
    else waiting.reject(new Error(error ?? 'the debugger has no values for it now'));
  }

  /** The session moved on: answers to old questions would describe another stop. */
  forgetAll(): void {
    for (const waiting of this.pending.values()) waiting.reject(new Error('the debugger moved on'));
    this.pending.clear();
  }
}
