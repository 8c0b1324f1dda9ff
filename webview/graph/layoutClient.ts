import workerSource from './layoutWorker.ts?worker';
import { GraphLayout, type Layout, type LayoutBox } from './layout';
import type { LayoutReply, LayoutRequest } from './layoutMessages';
import type { Box, VisibleGraph } from './visibleGraph';

/**
 * Lays graphs out in the layout worker (./layoutWorker.ts). Where no worker can start (a CSP
 * without `worker-src blob:`), or one fails, the page lays out by itself with the quick layout only:
 * plainer, but never slow. The page also keeps the ELK layouts the worker made, so that it can draw
 * a first picture at once (`firstPicture`): exact where the worker has laid out boxes of the same
 * shape before, quick elsewhere, while the worker makes ELK's.
 */
export class LayoutClient {
  private worker: Worker | null = null;
  /** Lays out in the page: the first pictures, and everything once the worker is gone. */
  private readonly page = new GraphLayout(null);
  private next = 0;
  private readonly waiting = new Map<number, { resolve: (r: LayoutReply) => void; request: LayoutRequest }>();

  constructor() {
    try {
      const url = URL.createObjectURL(new Blob([workerSource], { type: 'text/javascript' }));
      this.worker = new Worker(url, { name: 'Backstep graph layout' });
      // The blob (the whole of ELK) is needed only until the worker has read it: its first answer says it has.
      this.worker.addEventListener('message', () => URL.revokeObjectURL(url), { once: true });
      this.worker.onmessage = (e: MessageEvent<LayoutReply>) => this.answer(e.data);
      this.worker.onerror = (e) => {
        e.preventDefault();
        URL.revokeObjectURL(url);
        console.error(`Backstep Graph: the layout worker failed (${e.message}); laying out in the page`);
        this.giveUp();
      };
    } catch (error) {
      console.error('Backstep Graph: no layout worker; laying out in the page', error);
      this.worker = null;
    }
  }

  /** Resolves once ELK has compiled its code (the first runs take seconds whatever the graph). */
  async warmUp(): Promise<void> {
    await this.ask({ id: this.next++, kind: 'warm-up' });
  }

  /** ELK's layout, made in the worker (`patient`: a first picture is on screen meanwhile, see GraphLayout.layout). */
  async layout(graph: VisibleGraph, patient = false): Promise<Layout> {
    const reply = await this.ask({ id: this.next++, kind: 'layout', patient, graph: { root: skeleton(graph.root), links: graph.links.map(({ from, to, shared }) => ({ from, to, shared })), parentOf: graph.parentOf } });
    if (reply.kind === 'layout') {
      this.page.learn(reply.learned);
      return reply.layout;
    }
    if (reply.kind === 'failed') console.error(`Backstep Graph: layout failed (${reply.message}); using the quick layout`);
    return this.page.layout(graph);
  }

  /** Whether `layout` can do better than the page's first picture (ELK runs in a worker). */
  get refines(): boolean {
    return this.worker !== null;
  }

  /**
   * A layout made in the page within milliseconds: ELK's where the worker laid out a box of the
   * same shape before, the quick layout elsewhere (then `provisional`).
   */
  firstPicture(graph: VisibleGraph): Promise<Layout> {
    return this.page.layout(graph);
  }

  private ask(request: LayoutRequest): Promise<LayoutReply> {
    if (!this.worker) return this.inPage(request);
    return new Promise((resolve) => {
      this.waiting.set(request.id, { resolve, request });
      this.worker!.postMessage(request);
    });
  }

  private answer(reply: LayoutReply): void {
    const waiting = this.waiting.get(reply.id);
    this.waiting.delete(reply.id);
    waiting?.resolve(reply);
  }

  /** The worker is gone: what it was asked is answered in the page. */
  private giveUp(): void {
    this.worker?.terminate();
    this.worker = null;
    for (const [id, { resolve, request }] of this.waiting) {
      this.waiting.delete(id);
      void this.inPage(request).then(resolve);
    }
  }

  private async inPage(request: LayoutRequest): Promise<LayoutReply> {
    return request.kind === 'warm-up' ? { id: request.id, kind: 'warm' } : { id: request.id, kind: 'layout', layout: await this.page.layout(request.graph), learned: [] };
  }
}

/** A box as the layout reads it: no numbers, no node it came from (cheaper to send). */
function skeleton(box: Box): LayoutBox {
  return { id: box.id, key: box.key, label: box.label, sub: box.sub, kind: box.kind, expandable: box.expandable, children: box.children.map(skeleton) };
}
