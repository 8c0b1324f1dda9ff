import type { ElkNode } from 'elkjs/lib/elk-api';
import { quickLayout } from './quickLayout';
import { ROOT, type Box } from './visibleGraph';

/**
 * Layout, bottom-up: each box's children are laid out by ELK (layered) as fixed-size blocks, then the
 * box takes the size they need. Many boxes look alike (every time step of an LSTM holds the same ops),
 * so a layout is cached by the box's shape and reused: a 2,000-op unrolled graph costs a few dozen
 * small ELK runs instead of one huge one (ELK's layered algorithm grows much faster than linearly).
 * An edge between siblings is routed by ELK; one that crosses boxes is drawn as a curve later. When
 * ELK has used its time budget for one layout (a huge graph with nothing alike), the remaining boxes
 * get a plain layered layout (./quickLayout.ts), so the first picture never takes seconds.
 * It runs in a worker (./layoutWorker.ts), away from pan, zoom and clicks.
 */
export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface Placed extends Point {
  readonly width: number;
  readonly height: number;
}

export interface Layout {
  readonly boxes: ReadonlyMap<string, Placed>;
  /** Routes of the links ELK placed (sibling to sibling), absolute. */
  readonly routes: ReadonlyMap<string, readonly Point[]>;
  readonly width: number;
  readonly height: number;
  /**
   * Some box ELK would lay out got the quick layout because no ELK was at hand and none of its
   * layouts was known (the page's first picture of an expand: ELK's comes from the worker after).
   */
  readonly provisional: boolean;
}

/** Layouts ELK made, by the shape of the box laid out: what the worker hands the page to reuse. */
export type Learned = readonly (readonly [signature: string, local: Local])[];

/** What the layout reads of a box (a `Box` without its numbers: what is sent to the worker). */
export interface LayoutBox {
  readonly id: string;
  /** Its name among its siblings, the same in alike boxes: what a cached layout is keyed by. */
  readonly key: string;
  readonly label: string;
  readonly sub: string;
  readonly kind: Box['kind'];
  readonly expandable: boolean;
  readonly children: readonly LayoutBox[];
}

/** What the layout reads of a `VisibleGraph`. */
export interface LayoutGraph {
  readonly root: LayoutBox;
  readonly links: readonly { readonly from: string; readonly to: string; readonly shared: boolean }[];
  readonly parentOf: ReadonlyMap<string, string>;
}

/** ELK's one method used here (elkjs's `ELK`; absent where only the quick layout runs). */
export interface Elk {
  layout(graph: ElkNode): Promise<ElkNode>;
}

/** What one ELK run gives, relative to the box and keyed by its children's keys (so it can be reused). */
export interface Local {
  readonly width: number;
  readonly height: number;
  readonly at: ReadonlyMap<string, Point>;
  readonly routes: readonly { readonly from: string; readonly to: string; readonly points: readonly Point[] }[];
}

const CHAR = 7.4;
export const TITLE = 22;

/** The size of a box drawn as a single node. */
export function nodeSize(box: LayoutBox): { width: number; height: number } {
  const text = Math.max(box.label.length, box.sub.length * 0.9);
  const width = Math.max(box.kind === 'layer' ? 96 : 64, Math.ceil(text * CHAR + (box.expandable ? 46 : 24)));
  return { width, height: box.kind === 'layer' ? 40 : 34 };
}

const BASE = {
  'elk.algorithm': 'layered',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.layered.spacing.nodeNodeBetweenLayers': '26',
  'elk.spacing.nodeNode': '14',
  'elk.spacing.edgeNode': '10',
  'elk.edgeRouting': 'POLYLINE',
  // One pass of crossing minimisation: several times faster, and the boxes are small enough not to need more.
  'elk.layered.thoroughness': '1',
};

/** ELK time one layout may spend; past it, boxes not laid out yet get the quick layout. */
const ELK_BUDGET_MS = 800;
/** The budget when a first picture is already on screen (an expand): ELK may take its time. */
const PATIENT_BUDGET_MS = 10_000;
/**
 * A box with more children than this gets the quick layout straight away: one ELK run over the 100
 * collapsed modules of an imported model takes about a second on its own (and again after each
 * expand, as one child's size changes), the quick layout a millisecond; so many boxes in a row are
 * a chain of modules, which the plain layered layout draws as well (bench/graphScale.bench.ts).
 */
const ELK_MAX_CHILDREN = 64;

export class GraphLayout {
  /** `elk` null: every box gets the quick layout, but those of a shape whose ELK layout it has learned. */
  constructor(private readonly elk: Elk | null) {}

  private readonly cache = new Map<string, Local>();
  private spent = 0;
  private budget = ELK_BUDGET_MS;
  /** Set by a layout that used the quick layout for want of ELK (see Layout.provisional). */
  private provisional = false;
  /** ELK layouts made since `learned()` was last asked. */
  private fresh: [string, Local][] = [];

  /** The ELK layouts made since the last call, for another GraphLayout to `learn`. */
  learned(): Learned {
    const out = this.fresh;
    this.fresh = [];
    return out;
  }

  /** Takes ELK layouts made elsewhere (the worker's): boxes of those shapes are laid out as ELK did. */
  learn(entries: Learned): void {
    for (const [signature, local] of entries) this.cache.set(signature, local);
  }

  /**
   * ELK's first runs pay for compiling its code (seconds for a graph of any size): pay it while the
   * view waits for a session, on graphs shaped like real ones (a chain with skips, down and right).
   */
  async warmUp(): Promise<void> {
    if (!this.elk) return;
    for (const direction of ['DOWN', 'RIGHT', 'DOWN']) {
      const children = Array.from({ length: 24 }, (_, k) => ({ id: `n${k}`, width: 60 + (k % 4) * 10, height: 34 }));
      const edges = children.slice(1).flatMap((c, k) => [{ id: `a${k}`, sources: [`n${k}`], targets: [c.id] }, ...(k > 3 && k % 3 === 0 ? [{ id: `b${k}`, sources: [`n${k - 4}`], targets: [c.id] }] : [])]);
      await this.elk.layout({ id: 'warm', layoutOptions: { ...BASE, 'elk.direction': direction, 'elk.padding': '[top=28,left=10,bottom=10,right=10]' }, children, edges });
    }
  }

  /** `patient`: the user sees a first picture meanwhile, so ELK gets a larger time budget. */
  async layout(graph: LayoutGraph, patient = false): Promise<Layout> {
    this.budget = patient ? PATIENT_BUDGET_MS : ELK_BUDGET_MS;
    const lifted = liftLinks(graph);
    const locals = new Map<string, Local>();
    this.spent = 0;
    this.provisional = false;
    await this.place(graph.root, lifted, locals);
    const boxes = new Map<string, Placed>();
    const routes = new Map<string, Point[]>();
    const root = locals.get(ROOT)!;
    const visit = (box: LayoutBox, origin: Point): void => {
      const local = locals.get(box.id);
      if (!local) return;
      for (const child of box.children) {
        const p = local.at.get(child.key)!;
        const size = locals.get(child.id) ?? nodeSize(child);
        const abs = { x: origin.x + p.x, y: origin.y + p.y };
        boxes.set(child.id, { ...abs, width: size.width, height: size.height });
        visit(child, abs);
      }
      const idOf = new Map(box.children.map((c) => [c.key, c.id]));
      for (const r of local.routes) routes.set(`${idOf.get(r.from)}→${idOf.get(r.to)}`, r.points.map((q) => ({ x: origin.x + q.x, y: origin.y + q.y })));
    };
    visit(graph.root, { x: 0, y: 0 });
    return { boxes, routes, width: root.width, height: root.height, provisional: this.provisional };
  }

  /** Lays out `box`'s children (after their own children), reusing a cached layout of the same shape. */
  private async place(box: LayoutBox, lifted: ReadonlyMap<string, { from: string; to: string }[]>, out: Map<string, Local>): Promise<void> {
    for (const child of box.children) if (child.children.length > 0) await this.place(child, lifted, out);
    const sizes = box.children.map((c) => out.get(c.id) ?? nodeSize(c));
    const links = keyed(box, lifted.get(box.id) ?? []);
    const signature = JSON.stringify([box.kind, box.children.map((c, i) => [c.key, sizes[i].width, sizes[i].height]), links.map((l) => [l.from, l.to])]);
    let local = this.cache.get(signature);
    if (!local) {
      const started = performance.now();
      // A layer unrolled into time steps is a row of big boxes: ELK's node placement draws it as a
      // staircase, the plain layered layout as a straight row (and at no cost).
      const plain = box.children.length > ELK_MAX_CHILDREN || box.children.some((c) => c.kind === 'group');
      const quick = plain || !this.elk || this.spent > this.budget;
      if (!plain && !this.elk) this.provisional = true;
      local = quick ? this.quick(box, sizes, links) : await this.run(box, sizes, links);
      this.spent += performance.now() - started;
      // A quick layout is not kept: the next layout of this graph tries ELK again.
      if (!quick) {
        this.cache.set(signature, local);
        this.fresh.push([signature, local]);
      }
    }
    out.set(box.id, local);
  }

  private quick(box: LayoutBox, sizes: readonly { width: number; height: number }[], links: readonly { from: string; to: string }[]): Local {
    const pad = paddingOf(box);
    const done = quickLayout({ ids: box.children.map((c) => c.key), sizes, links, direction: directionOf(box), padding: pad });
    return { width: Math.max(done.width, titleWidth(box)), height: done.height, at: done.at, routes: [] };
  }

  private async run(box: LayoutBox, sizes: readonly { width: number; height: number }[], links: readonly { from: string; to: string }[]): Promise<Local> {
    const direction = directionOf(box);
    const p = paddingOf(box);
    const padding = `[top=${p.top},left=${p.left},bottom=${p.bottom},right=${p.right}]`;
    const graph: ElkNode = {
      id: 'box',
      // Keeping the model's order costs about a third more; worth it for a time step's few ops.
      layoutOptions: { ...BASE, 'elk.direction': direction, 'elk.padding': padding, ...(box.children.length > 30 ? { 'elk.layered.considerModelOrder.strategy': 'NONE' } : {}) },
      children: box.children.map((c, i) => ({ id: c.key, width: sizes[i].width, height: sizes[i].height })),
      edges: links.map((l, i) => ({ id: `e${i}`, sources: [l.from], targets: [l.to] })),
    };
    const done = await this.elk!.layout(graph);
    const at = new Map<string, Point>();
    for (const c of done.children ?? []) at.set(c.id, { x: c.x ?? 0, y: c.y ?? 0 });
    const routes: Local['routes'][number][] = [];
    for (const [i, e] of (done.edges ?? []).entries()) {
      const s = (e as { sections?: { startPoint: Point; endPoint: Point; bendPoints?: Point[] }[] }).sections?.[0];
      if (s) routes.push({ ...links[i], points: [s.startPoint, ...(s.bendPoints ?? []), s.endPoint] });
    }
    return { width: Math.max(done.width ?? 0, titleWidth(box)), height: done.height ?? 0, at, routes };
  }
}

/** Layers read top-down as in the model file; a layer's time steps left to right. */
const directionOf = (box: LayoutBox): 'DOWN' | 'RIGHT' => (box.id !== ROOT && box.children.some((c) => c.kind === 'group') ? 'RIGHT' : 'DOWN');

const paddingOf = (box: LayoutBox): { top: number; left: number; bottom: number; right: number } =>
  box.id === ROOT ? { top: 12, left: 12, bottom: 12, right: 12 } : { top: TITLE + 6, left: 10, bottom: 10, right: 10 };

/** A box is at least as wide as its title and its expand button. */
const titleWidth = (box: LayoutBox): number => (box.id === ROOT ? 0 : Math.ceil((box.kind === 'group' ? box.label.length : box.label.length + box.sub.length + 2) * CHAR * 0.95 + (box.expandable ? 52 : 24)));

/** A box's links between its children, named by the children's keys. */
function keyed(box: LayoutBox, links: readonly { from: string; to: string }[]): { from: string; to: string }[] {
  const keyOf = new Map(box.children.map((c) => [c.id, c.key]));
  return links.map((l) => ({ from: keyOf.get(l.from)!, to: keyOf.get(l.to)! }));
}

/**
 * Each link, lifted to the innermost box holding both ends: there it joins the two children it
 * connects (the ends themselves when they are siblings).
 */
function liftLinks(graph: LayoutGraph): Map<string, { from: string; to: string }[]> {
  const chain = (id: string): string[] => {
    const out = [id];
    for (let p = graph.parentOf.get(id); p !== undefined; p = graph.parentOf.get(p)) {
      out.push(p);
      if (p === ROOT) break;
    }
    return out;
  };
  const byBox = new Map<string, { from: string; to: string }[]>();
  const seen = new Set<string>();
  for (const link of graph.links) {
    if (link.shared) continue;
    const a = chain(link.from);
    const b = chain(link.to);
    const common = a.find((x) => b.includes(x));
    if (common === undefined) continue;
    const from = a[a.indexOf(common) - 1];
    const to = b[b.indexOf(common) - 1];
    if (from === undefined || to === undefined || from === to || seen.has(`${from}→${to}`)) continue;
    seen.add(`${from}→${to}`);
    const list = byBox.get(common) ?? [];
    list.push({ from, to });
    byBox.set(common, list);
  }
  return byBox;
}
