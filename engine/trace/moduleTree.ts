import type { TraceModule } from './format';

/**
 * PyTorch's containers that hold modules but never run a `forward` of their own: a frame of one
 * would only ever hold one child, so it joins its child's frame (`layers` › `0` is `layers.0`, as
 * torch.onnx names the scope too).
 */
const CONTAINERS = new Set(['ModuleList', 'ModuleDict']);

/** The layer of the root module's own ops and parameters. */
export const ROOT_LAYER = 'model';

/** Where a module sits in the Call Stack: its layer (the top-level module) and the module frames below it. */
export interface ModulePlace {
  /** The layer: the top-level module's name, `model` for the root. */
  readonly layer: string;
  /** The tape scope: the layer, then one entry per module frame (`['encoder', 'layers.0', 'self_attn']`). */
  readonly scope: readonly string[];
  /** The recorded module path of each scope entry (`['encoder', 'encoder.layers.0', 'encoder.layers.0.self_attn']`). */
  readonly paths: readonly string[];
}

/**
 * The recording's module tree (its entries, parent = the nearest listed module whose path prefixes
 * this one's), read as Call Stack places: the root is the layer `model`, each top-level module a
 * layer, each module below it a frame named by its part of the path.
 */
export class ModuleTree {
  private readonly byPath = new Map<string, TraceModule>();
  private readonly places = new Map<string, ModulePlace>();
  private byScope: Map<string, TraceModule> | null = null;

  constructor(modules: readonly TraceModule[]) {
    for (const m of modules) this.byPath.set(m.path, m);
  }

  module(path: string): TraceModule | undefined {
    return this.byPath.get(path);
  }

  /** The chain of listed modules from the top-level module down to `path` (empty for the root). */
  chain(path: string): string[] {
    const out: string[] = [];
    for (let p: string | null = path; p !== null && p !== ''; p = this.parent(p)) out.unshift(p);
    return out;
  }

  /** The module whose place is this tape scope (`['encoder', 'layers.0']` → `encoder.layers.0`); undefined for none. */
  atScope(scope: readonly string[]): TraceModule | undefined {
    if (!this.byScope) {
      this.byScope = new Map();
      for (const m of this.byPath.values()) if (m.path !== '') this.byScope.set(this.place(m.path).scope.join('/'), m);
    }
    return this.byScope.get(scope.join('/'));
  }

  place(path: string): ModulePlace {
    let place = this.places.get(path);
    if (!place) this.places.set(path, (place = this.build(path)));
    return place;
  }

  private build(path: string): ModulePlace {
    const chain = this.chain(path);
    if (chain.length === 0) return { layer: ROOT_LAYER, scope: [], paths: [] };
    const scope: string[] = [];
    const paths: string[] = [];
    let from = '';
    chain.forEach((p, k) => {
      const last = k === chain.length - 1;
      if (!last && CONTAINERS.has(this.byPath.get(p)?.type ?? '')) return;
      scope.push(from === '' ? p : p.slice(from.length + 1));
      paths.push(p);
      from = p;
    });
    return { layer: scope[0], scope, paths };
  }

  /** The nearest listed module above `path`, '' for the root, null above the root. */
  private parent(path: string): string | null {
    if (path === '') return null;
    for (let cut = path.lastIndexOf('.'); cut > 0; cut = path.lastIndexOf('.', cut - 1)) {
      const p = path.slice(0, cut);
      if (this.byPath.has(p)) return p;
    }
    return '';
  }
}
