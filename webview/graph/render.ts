import type { GraphView } from '../../engine/protocol';
import { colorScale, type ColorScale } from '../shared/colorScale';
import { formatNumber, formatShape } from '../shared/format';
import { css, textOn, type Palette } from '../shared/theme';
import { TITLE, type Layout, type Placed, type Point } from './layout';
import { locate, type Box, type VisibleGraph } from './visibleGraph';

const SVG = 'http://www.w3.org/2000/svg';

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number> = {}): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
}

/** What the colours mean at this stop, for the legend. */
export interface Coloring {
  readonly metric: 'value' | 'gradient';
  readonly scale: ColorScale | null;
  readonly edgeRange: readonly [number, number] | null;
}

const escape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** One element as markup; text is escaped. (Markup parsed at once is far faster than 10,000 createElementNS calls.) */
function tag(name: string, attrs: Record<string, string | number>, inner = ''): string {
  const list = Object.entries(attrs)
    .map(([k, v]) => ` ${k}="${escape(String(v))}"`)
    .join('');
  return `<${name}${list}>${inner}</${name}>`;
}

/** Zoom from which labels are drawn (12 px text at 0.4 is 5 px: unreadable anyway). */
export const LABEL_ZOOM = 0.4;

/** A rectangle of the drawing, in its own coordinates. */
export interface Area {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** The drawn graph: SVG elements by box and link id, kept so that a new stop only repaints. */
export class GraphDrawing {
  readonly root = svg('g', { class: 'viewport' });
  private readonly nodes = new Map<string, SVGGElement>();
  private readonly edges = new Map<string, SVGPathElement>();
  /** Links from each shared weight, and those shown now. */
  private readonly fanOut = new Map<string, string[]>();
  private revealed: string[] = [];
  /** Each drawn link's tensor shapes, written at its midpoint while the zoom lets them be read. */
  private readonly shapes: EdgeShape[] = [];
  private readonly shapeLayer: SVGGElement;
  /** The links whose shapes are drawn now. */
  private shapesShown = new Set<string>();
  /**
   * Labels are drawn only where they can be read (a 2,000-op graph with every label is 11,000
   * elements: seconds to parse and style, and slow frames while panning; even the 600 texts of a
   * 150-box graph zoomed out made its layout 22 ms instead of 6 at every expand).
   */
  private readonly leaves: readonly Box[];
  private labelled = new Set<string>();

  constructor(
    readonly graph: VisibleGraph,
    readonly layout: Layout,
  ) {
    const containers: string[] = [];
    const nodes: string[] = [];
    const leaves: Box[] = [];
    for (const box of graph.boxes.values()) if (box.children.length === 0 && layout.boxes.has(box.id)) leaves.push(box);
    this.leaves = leaves;
    for (const [id, box] of graph.boxes) {
      const at = layout.boxes.get(id);
      if (!at) continue;
      if (box.children.length > 0) containers.push(this.container(box, at));
      else nodes.push(this.node(box, at));
    }
    const edges: string[] = [];
    for (const link of graph.links) {
      const drawn = this.path(link.id, link.from, link.to);
      if (!drawn) continue;
      edges.push(tag('path', { class: link.shared ? 'edge shared' : 'edge', d: drawn.d, 'marker-end': 'url(#arrow)', 'data-link': link.id }));
      if (link.shared) this.fanOut.set(link.from, [...(this.fanOut.get(link.from) ?? []), link.id]);
      else if (link.shapes.length > 0) this.shapes.push({ link: link.id, at: drawn.mid, along: drawn.along, text: shapesText(link.shapes) });
    }
    this.root.innerHTML =
      tag('g', { class: 'containers' }, containers.join('')) + tag('g', { class: 'edges' }, edges.join('')) + tag('g', { class: 'edge-shapes' }) + tag('g', { class: 'nodes' }, nodes.join(''));
    this.shapeLayer = this.root.querySelector<SVGGElement>('g.edge-shapes')!;
    for (const g of this.root.querySelectorAll<SVGGElement>('g[data-id]')) this.nodes.set(g.dataset.id!, g);
    for (const p of this.root.querySelectorAll<SVGPathElement>('path[data-link]')) this.edges.set(p.dataset.link!, p);
  }

  element(id: string): SVGGElement | undefined {
    return this.nodes.get(id);
  }

  /** Shows the fan-out of a shared weight while it is selected (hidden otherwise). */
  revealShared(from: string | null): void {
    for (const id of this.revealed) this.edges.get(id)?.classList.remove('revealed');
    this.revealed = (from && this.fanOut.get(from)) || [];
    for (const id of this.revealed) this.edges.get(id)?.classList.add('revealed');
  }

  // Every element is placed in the drawing's own coordinates, none with a transform of its own: a
  // transform per box makes a paint chunk per box, and Chrome then takes a second per frame to
  // sort thousands of chunks into layers while the drawing slides.
  private container(box: Box, at: Placed): string {
    const kind = box.kind === 'group' ? 'group' : 'layer';
    const title = tag('text', { class: 'title', x: at.x + 10, y: at.y + TITLE - 6 }, escape(box.kind === 'group' ? box.label : `${box.label}  ${box.sub}`));
    const inner = tag('rect', { x: at.x, y: at.y, width: at.width, height: at.height, rx: 6 }) + title + (box.expandable ? this.expander(box, at.x + at.width - 22, at.y + 4) : '');
    return tag('g', { class: `container ${kind}`, 'data-id': box.id }, inner);
  }

  private node(box: Box, at: Placed): string {
    const round = box.kind === 'data' || box.kind === 'param';
    const inner =
      tag('rect', { class: 'shape', x: at.x, y: at.y, width: at.width, height: at.height, rx: round ? at.height / 2 : 4 }) +
      (box.expandable ? this.expander(box, at.x + at.width - 22, at.y + (at.height - 16) / 2) : '');
    return tag('g', { class: `node kind-${box.kind}`, 'data-id': box.id }, inner);
  }

  /**
   * Draws the labels of the boxes in `area` (and a margin around it, so that a pan finds them drawn)
   * when the zoom makes them readable, and drops the others.
   */
  showLabels(area: Area, zoom: number): void {
    const want = new Set<string>();
    if (zoom >= LABEL_ZOOM) {
      const [x0, y0, x1, y1] = withMargin(area);
      for (const box of this.leaves) {
        const at = this.layout.boxes.get(box.id)!;
        if (at.x < x1 && at.x + at.width > x0 && at.y < y1 && at.y + at.height > y0) want.add(box.id);
      }
    }
    for (const id of this.labelled) if (!want.has(id)) for (const t of this.nodes.get(id)?.querySelectorAll(':scope > text') ?? []) t.remove();
    for (const id of want) {
      if (this.labelled.has(id)) continue;
      const box = this.graph.boxes.get(id)!;
      this.nodes.get(id)?.firstElementChild?.insertAdjacentHTML('afterend', labels(box, this.layout.boxes.get(id)!));
    }
    this.labelled = want;
  }

  /** Tensor shapes on the edges: hidden below SHAPE_ZOOM (too small to read), else those in `area` and a margin around it. */
  showShapes(area: Area, zoom: number): void {
    const readable = zoom >= SHAPE_ZOOM;
    this.shapeLayer.style.display = readable ? '' : 'none';
    if (!readable) return;
    const [x0, y0, x1, y1] = withMargin(area);
    const want = this.shapes.filter((s) => s.at.x > x0 && s.at.x < x1 && s.at.y > y0 && s.at.y < y1);
    const ids = new Set(want.map((s) => s.link));
    if (ids.size === this.shapesShown.size && [...ids].every((id) => this.shapesShown.has(id))) return;
    this.shapeLayer.innerHTML = want.map(shapeLabel).join('');
    this.shapesShown = ids;
  }

  /** The +/− button at (x, y). */
  private expander(box: Box, x: number, y: number): string {
    // The sign is a path, not text: a hundred collapsed modules' `+` as text cost their layout on every expand.
    const sign = box.expanded ? `M${x + 4},${y + 8} h8` : `M${x + 4},${y + 8} h8 M${x + 8},${y + 4} v8`;
    const inner = tag('rect', { x, y, width: 16, height: 16, rx: 3 }) + tag('path', { class: 'sign', d: sign }) + tag('title', {}, box.expanded ? 'Collapse into one box' : 'Show the ops inside');
    return tag('g', { class: 'expander', 'data-expand': box.id }, inner);
  }

  private path(id: string, from: string, to: string): Drawn | null {
    const route = this.layout.routes.get(id);
    if (route && route.length >= 2) return polyline(route);
    const a = this.layout.boxes.get(from);
    const b = this.layout.boxes.get(to);
    return a && b ? curve(a, b) : null;
  }

  /**
   * Colours every box by its value (forward) or gradient (backward) norm and sizes edges by gradient.
   * `graph` is this stop's (same boxes as drawn, new numbers).
   */
  paint(view: GraphView, graph: VisibleGraph, palette: Palette): Coloring {
    const metric = view.phase === 'backward' || view.phase === 'update' ? 'gradient' : 'value';
    const norms = new Map<string, number>();
    for (const [id, box] of graph.boxes) {
      const v = metric === 'gradient' ? box.gradNorm : box.valueNorm;
      if (v !== null && v !== undefined && Number.isFinite(v) && v > 0 && box.children.length === 0) norms.set(id, v);
    }
    const range = extent(norms.values());
    const scale = range ? colorScale({ kind: 'sequential', min: range[0], max: range[1], accent: metric === 'gradient' ? 'orange' : 'blue', log: true }, palette) : null;
    for (const [id, g] of this.nodes) {
      if (g.classList.contains('container')) continue;
      const v = norms.get(id);
      const fill = scale && v !== undefined ? scale.color(v) : palette.background;
      (g.firstElementChild as SVGRectElement).setAttribute('fill', css(fill));
      // The labels take the group's fill (the shape has its own).
      g.setAttribute('fill', css(textOn(fill, palette)));
      // Dashed: no value (forward) or no gradient (backward) at the cursor yet.
      g.classList.toggle('unreached', v === undefined);
    }
    const edgeRange = metric === 'gradient' ? extent(graph.links.map((l) => l.gradNorm).filter((v): v is number => v !== null && v > 0)) : null;
    for (const link of graph.links) {
      const path = this.edges.get(link.id);
      if (!path) continue;
      const g = link.gradNorm;
      const t = edgeRange && g !== null && g > 0 ? logPosition(g, edgeRange) : null;
      path.setAttribute('stroke-width', String(t === null ? 1.25 : 1.25 + 4.5 * t));
      path.classList.toggle('carries-gradient', t !== null);
    }
    this.markCurrent(view);
    return { metric, scale, edgeRange };
  }

  /** The current op, or the collapsed layer that holds it. */
  private markCurrent(view: GraphView): void {
    for (const g of this.nodes.values()) g.classList.remove('current', 'holds-current');
    const id = this.currentId(view);
    if (!id) return;
    this.nodes.get(id)?.classList.add('current');
    if (id !== view.current) this.nodes.get(id)?.classList.add('holds-current');
  }

  /** The id drawn for the current stop (the op, the updated parameter, or the layer holding them). */
  currentId(view: GraphView): string | null {
    return locate(view, (id) => this.nodes.has(id), view.current, view.currentLayer);
  }
}

/** `area` grown by half its size on every side (what a pan brings into view is drawn already), as [x0, y0, x1, y1]. */
function withMargin(area: Area): [number, number, number, number] {
  const [mx, my] = [area.width / 2, area.height / 2];
  return [area.x - mx, area.y - my, area.x + area.width + mx, area.y + area.height + my];
}

/** A box's name and, below it, its op or shape. */
function labels(box: Box, at: Placed): string {
  const x = at.x + (box.kind === 'data' || box.kind === 'param' ? 14 : 10);
  return tag('text', { class: 'label', x, y: at.y + 15 }, escape(box.label)) + tag('text', { class: 'sub', x, y: at.y + at.height - 8 }, escape(box.sub));
}

/** What hovering a box or an edge tells (one shared tooltip, not an element per box). */
export function describe(graph: VisibleGraph, target: Element): string | null {
  const link = target.closest('[data-link]')?.getAttribute('data-link');
  if (link) {
    const l = graph.links.find((x) => x.id === link);
    return l ? `${l.tensors.slice(0, 4).join(', ')}${l.tensors.length > 4 ? ` and ${l.tensors.length - 4} more` : ''}${l.gradNorm !== null ? ` · ‖gradient‖₂ ${formatNumber(l.gradNorm)}` : ''}` : null;
  }
  const id = target.closest('[data-id]')?.getAttribute('data-id');
  const box = id ? graph.boxes.get(id) : undefined;
  return box ? tooltip(box) : null;
}

function tooltip(box: Box): string {
  const n = box.source;
  if (!n) return box.label;
  if (n.kind === 'layer') return [box.label, box.sub, box.expanded ? 'click − to collapse' : 'click + to see its ops'].filter(Boolean).join(' · ');
  const parts = [n.id, n.op ?? n.kind];
  if (n.shape) parts.push(formatShape(n.shape));
  if (n.valueNorm !== null) parts.push(`‖value‖₂ ${formatNumber(n.valueNorm)}`);
  if (n.gradNorm !== null) parts.push(`‖gradient‖₂ ${formatNumber(n.gradNorm)}`);
  return parts.join(' · ');
}

function extent(values: Iterable<number>): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo === Infinity ? null : [lo, hi];
}

function logPosition(v: number, [lo, hi]: readonly [number, number]): number {
  return hi > lo ? (Math.log(v) - Math.log(lo)) / (Math.log(hi) - Math.log(lo)) : 1;
}

/** An edge's path, and the point halfway along it with the direction it runs there. */
interface Drawn {
  readonly d: string;
  readonly mid: Point;
  /** Runs across the page (left–right) more than down it at its midpoint. */
  readonly along: boolean;
}

/** A polyline through ELK's route, halfway by length. */
function polyline(route: readonly Point[]): Drawn {
  const lengths = route.slice(1).map((p, i) => Math.hypot(p.x - route[i].x, p.y - route[i].y));
  let rest = lengths.reduce((a, b) => a + b, 0) / 2;
  let i = 0;
  while (i < lengths.length - 1 && rest > lengths[i]) rest -= lengths[i++];
  const [a, b] = [route[i], route[i + 1]];
  const t = lengths[i] > 0 ? rest / lengths[i] : 0;
  const mid = { x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t };
  return { d: `M${route.map((p) => `${p.x},${p.y}`).join(' L')}`, mid, along: Math.abs(b.x - a.x) > Math.abs(b.y - a.y) };
}

/** A curve between two boxes that are not siblings, leaving and entering on the facing sides. */
function curve(a: Placed, b: Placed): Drawn {
  let s: Point;
  let e: Point;
  if (b.y >= a.y + a.height) [s, e] = [{ x: a.x + a.width / 2, y: a.y + a.height }, { x: b.x + b.width / 2, y: b.y }];
  else if (b.x >= a.x + a.width) [s, e] = [{ x: a.x + a.width, y: a.y + a.height / 2 }, { x: b.x, y: b.y + b.height / 2 }];
  else if (b.x + b.width <= a.x) [s, e] = [{ x: a.x, y: a.y + a.height / 2 }, { x: b.x + b.width, y: b.y + b.height / 2 }];
  else [s, e] = [{ x: a.x + a.width / 2, y: a.y }, { x: b.x + b.width / 2, y: b.y + b.height }];
  const vertical = s.x === a.x + a.width / 2;
  const bend = vertical ? (e.y - s.y) / 2 : (e.x - s.x) / 2;
  const [c1, c2] = vertical ? [{ x: s.x, y: s.y + bend }, { x: e.x, y: e.y - bend }] : [{ x: s.x + bend, y: s.y }, { x: e.x - bend, y: e.y }];
  // The cubic at t = ½: (s + 3·c1 + 3·c2 + e) / 8.
  const mid = { x: (s.x + 3 * c1.x + 3 * c2.x + e.x) / 8, y: (s.y + 3 * c1.y + 3 * c2.y + e.y) / 8 };
  return { d: `M${s.x},${s.y} C${c1.x},${c1.y} ${c2.x},${c2.y} ${e.x},${e.y}`, mid, along: !vertical };
}

/** A link's shape label, placed at its edge's midpoint. */
interface EdgeShape {
  readonly link: string;
  readonly at: Point;
  readonly along: boolean;
  readonly text: string;
}

/** Zoom from which edge shapes are drawn (10 px text at 0.6 is 6 px: the least that reads). */
export const SHAPE_ZOOM = 0.6;

/** `1×64×256`; a link carrying tensors of several shapes names the first two and how many more. */
export function shapesText(shapes: readonly (readonly number[])[]): string {
  const one = (shape: readonly number[]): string => (shape.length === 0 ? 'scalar' : shape.join('×'));
  const named = shapes.slice(0, 2).map(one).join(', ');
  return shapes.length > 2 ? `${named} +${shapes.length - 2}` : named;
}

/** Beside a vertical edge (to its right), above a horizontal one. */
function shapeLabel(s: EdgeShape): string {
  const at: Record<string, string | number> = s.along ? { x: s.at.x, y: s.at.y - 4, 'text-anchor': 'middle' } : { x: s.at.x + 5, y: s.at.y + 3.5 };
  return tag('text', { class: 'edge-shape', 'data-link': s.link, ...at }, escape(s.text));
}
