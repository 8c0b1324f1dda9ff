import type { Layout, LayoutGraph, Learned } from './layout';

/** Page → layout worker (structured clones: Maps and plain objects). */
export type LayoutRequest = { readonly id: number; readonly kind: 'warm-up' } | { readonly id: number; readonly kind: 'layout'; readonly graph: LayoutGraph; readonly patient: boolean };

/** Layout worker → page, one reply per request, with its id. */
export type LayoutReply =
  | { readonly id: number; readonly kind: 'warm' }
  /** `learned`: the ELK layouts made for it, for the page to reuse in its own first pictures. */
  | { readonly id: number; readonly kind: 'layout'; readonly layout: Layout; readonly learned: Learned }
  | { readonly id: number; readonly kind: 'failed'; readonly message: string };
