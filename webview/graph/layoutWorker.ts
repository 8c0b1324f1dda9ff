/**
 * The graph's layout, in a worker of its own: ELK on a 2,000-op graph takes a second or more, and the
 * panel keeps panning, zooming and answering clicks meanwhile. Bundled on its own and started from
 * a blob by ./layoutClient.ts (a webview's scripts come from another origin than the page).
 */
import './elkHost';
import ELK from 'elkjs/lib/elk.bundled.js';
import { GraphLayout } from './layout';
import type { LayoutReply, LayoutRequest } from './layoutMessages';

const layout = new GraphLayout(new ELK());
const scope = self as unknown as { postMessage(m: LayoutReply): void; onmessage: ((e: MessageEvent<LayoutRequest>) => void) | null };
// Requests are answered one at a time, in order: ELK is not re-entrant, and its cache is shared.
let queue: Promise<void> = Promise.resolve();

scope.onmessage = (e) => {
  const request = e.data;
  queue = queue.then(async () => {
    try {
      if (request.kind === 'warm-up') {
        await layout.warmUp();
        scope.postMessage({ id: request.id, kind: 'warm' });
      } else {
        const done = await layout.layout(request.graph, request.patient);
        scope.postMessage({ id: request.id, kind: 'layout', layout: done, learned: layout.learned() });
      }
    } catch (error) {
      scope.postMessage({ id: request.id, kind: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
  });
};
