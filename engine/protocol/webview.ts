import type { GraphView, InspectorView, LossSurfaceView, RaceView } from './views';
import type { TensorPlot, TensorSlice } from './values';

/**
 * Messages between the extension host and the webviews. Both bundles import these types; the host
 * validates every message that comes from a webview (`isWebviewToHost`) and drops malformed ones.
 */
/** A graph node with the layer it belongs to (null for data): receivers read `layer`, never the id's spelling. */
export interface NodeRef {
  readonly node: string;
  readonly layer: string | null;
}

/** A tensor pinned in the Inspector ("View in Backstep") at this stop: drawn, or why it cannot be (a bad expression). */
export type PinnedView = TensorPlot | { readonly kind: 'failed'; readonly expression: string; readonly message: string };

export type HostToWebview =
  /**
   * `pinned`: the tensors pinned, in the order they were pinned (absent: none); `reveal`: the one just
   * pinned ("View in Backstep"), scrolled into view — the Inspector may hold it below the fold.
   */
  | { readonly type: 'inspector'; readonly view: InspectorView; readonly pinned?: readonly PinnedView[]; readonly reveal?: string }
  | { readonly type: 'graph'; readonly graph: GraphView }
  | { readonly type: 'idle'; readonly message: string }
  | { readonly type: 'slice'; readonly requestId: number; readonly slice: TensorSlice | null; readonly error?: string }
  | ({ readonly type: 'select' } & NodeRef)
  /** The answer to a `surface` request: the raced paths or the landscape, or why not (cancelled: E_CANCELLED). */
  | { readonly type: 'surface'; readonly requestId: number; readonly race?: RaceView; readonly landscape?: LossSurfaceView; readonly error?: string }
  /** A landscape being computed: grid points done of all. */
  | { readonly type: 'landscapeProgress'; readonly done: number; readonly total: number };

export type WebviewToHost =
  | { readonly type: 'ready'; readonly view: 'inspector' | 'graph' }
  | ({ readonly type: 'reveal' } & NodeRef)
  | ({ readonly type: 'select' } & NodeRef)
  | { readonly type: 'slice'; readonly requestId: number; readonly name: string; readonly start: number; readonly count: number }
  | { readonly type: 'command'; readonly command: 'stepOver' | 'stepIn' | 'stepOut' | 'stepBack' | 'continue' }
  /** The close button of a pinned tensor. */
  | { readonly type: 'unpin'; readonly expression: string }
  /** The loss surface's buttons: race the optimizers, compute the landscape (size × size), or cancel it. */
  | { readonly type: 'surface'; readonly requestId: number; readonly ask: 'race' | 'landscape' | 'cancelLandscape'; readonly size?: number };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isName = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 512;
const isCount = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 1e9;

/** Validates a message from a webview; anything else is dropped (and logged) by the host. */
export function isWebviewToHost(m: unknown): m is WebviewToHost {
  if (!isObject(m)) return false;
  switch (m.type) {
    case 'ready':
      return m.view === 'inspector' || m.view === 'graph';
    case 'reveal':
    case 'select':
      return isName(m.node) && (m.layer === null || isName(m.layer));
    case 'slice':
      return isCount(m.requestId) && isName(m.name) && isCount(m.start) && isCount(m.count) && (m.count as number) <= 10000;
    case 'unpin':
      return isName(m.expression);
    case 'surface':
      return isCount(m.requestId) && ['race', 'landscape', 'cancelLandscape'].includes(m.ask as string) && (m.size === undefined || (isCount(m.size) && (m.size as number) >= 2 && (m.size as number) <= 201));
    case 'command':
      return ['stepOver', 'stepIn', 'stepOut', 'stepBack', 'continue'].includes(m.command as string);
    default:
      return false;
  }
}
