import type { GraphView, HostToWebview } from '../../engine/protocol';
import { el, replace } from '../shared/dom';
import { emptyState } from '../shared/emptyState';
import { formatNumber } from '../shared/format';
import type { Host } from '../shared/host';
import { legend } from '../shared/legend';
import { onThemeChange, readPalette, type Palette } from '../shared/theme';
import { LayoutClient } from './layoutClient';
import { firstNode, neighbour, type Move } from './navigation';
import { PanZoom, type Transform } from './panZoom';
import { describe, GraphDrawing, type Coloring } from './render';
import type { Layout } from './layout';
import { locate, nodeOf, visibleGraph, type VisibleGraph } from './visibleGraph';

/** Kept by VS Code across hide/show and reloads (the panel's serializer hands it back). */
export interface GraphState {
  readonly expanded: readonly string[];
  readonly selected: string | null;
  readonly transform: Transform | null;
  /** Pan to the current op at every stop. */
  readonly follow: boolean;
}

const SVG = 'http://www.w3.org/2000/svg';
const KEYS_HELP = '↑ ↓ follow the edges · ← → move across · Enter shows it in the model file · Space expands a layer · + − 0 zoom · C goes to the current op · Shift+arrows pan';

export class GraphApp {
  private readonly layout = new LayoutClient();
  private readonly svg = document.createElementNS(SVG, 'svg');
  private readonly panZoom: PanZoom;
  private readonly status = el('span', { class: 'status' });
  private readonly legendBox = el('div', { class: 'graph-legend' });
  private readonly live = el('div', { class: 'sr-only', 'aria-live': 'polite' });
  private readonly stage = el('div', { class: 'stage' });
  /** Holds the SVG; slides while the graph is dragged (see PanZoom). */
  private readonly holder = el('div', { class: 'graph-holder' });
  private readonly idle = el('div', { class: 'idle' });
  private readonly tip = el('div', { class: 'graph-tip', role: 'tooltip', hidden: true });
  private readonly followBox = el('vscode-checkbox', { label: 'Follow the current op' }) as HTMLElement & { checked: boolean };
  private drawing: GraphDrawing | null = null;
  private view: GraphView | null = null;
  /** The graph of the last view shown (the drawing's may be a stop older: same boxes, older numbers). */
  private graph: VisibleGraph | null = null;
  /** Counts the ELK layouts awaited to replace a first picture: only the latest may. */
  private refining = 0;
  private pending: GraphView | null = null;
  private busy = false;
  private expanded: Set<string>;
  private selected: string | null;
  private follow: boolean;
  private palette: Palette;
  private restoredTransform: Transform | null;
  private fitted = false;
  /** After the next layout: fit everything (Expand all / Collapse all), or bring this box into view. */
  private afterLayout: 'fit' | string | null = null;

  constructor(
    root: HTMLElement,
    private readonly host: Host<GraphState>,
  ) {
    const saved = host.restore();
    this.expanded = new Set(saved?.expanded ?? []);
    this.selected = saved?.selected ?? null;
    this.follow = saved?.follow ?? true;
    this.restoredTransform = saved?.transform ?? null;
    this.palette = readPalette();
    this.svg.setAttribute('class', 'graph');
    this.svg.setAttribute('tabindex', '0');
    this.svg.setAttribute('role', 'application');
    this.svg.setAttribute('aria-roledescription', 'computation graph');
    this.svg.setAttribute('aria-label', `Computation graph. ${KEYS_HELP}.`);
    this.svg.innerHTML = '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker></defs><g class="viewport"></g>';
    this.holder.append(this.svg);
    this.panZoom = new PanZoom(this.svg, this.holder, this.svg.querySelector('g.viewport')!, () => this.moved());
    this.stage.append(this.holder, this.tip);
    this.svg.addEventListener('mousemove', (e) => this.showTip(e));
    this.svg.addEventListener('mouseleave', () => (this.tip.hidden = true));
    const toolbar = this.toolbar();
    replace(root, el('div', { class: 'graph-app' }, toolbar, this.stage, this.legendBox, el('p', { class: 'help muted' }, KEYS_HELP), this.live), this.idle);
    this.svg.addEventListener('click', (e) => this.onClick(e));
    this.svg.addEventListener('dblclick', (e) => this.onDoubleClick(e));
    this.svg.addEventListener('keydown', (e) => this.onKey(e));
    onThemeChange(() => {
      this.palette = readPalette();
      if (this.view) void this.show(this.view);
    });
    this.showIdle('Start debugging a model to see its computation graph here.');
    setTimeout(() => void this.layout.warmUp().then(() => (document.body.dataset.warm = 'yes')), 0);
  }

  private toolbar(): HTMLElement {
    const button = (label: string, title: string, action: () => void): HTMLElement => {
      const b = el('vscode-button', { secondary: true, title, 'aria-label': title }, label);
      b.addEventListener('click', action);
      return b;
    };
    this.followBox.checked = this.follow;
    this.followBox.addEventListener('change', () => {
      this.follow = this.followBox.checked;
      this.save();
    });
    return el(
      'div',
      { class: 'toolbar', role: 'toolbar', 'aria-label': 'graph' },
      button('Fit', 'Fit the whole graph (0)', () => this.fit()),
      button('−', 'Zoom out (−)', () => this.panZoom.zoomBy(1 / 1.25)),
      button('+', 'Zoom in (+)', () => this.panZoom.zoomBy(1.25)),
      button('Expand all', 'Show the ops inside every layer', () => this.setExpanded(new Set(this.view?.nodes.filter((n) => n.kind === 'layer').map((n) => n.id) ?? []), 'fit')),
      button('Collapse all', 'One box per layer', () => this.setExpanded(new Set(), 'fit')),
      this.followBox,
      this.status,
    );
  }

  receive(message: HostToWebview): void {
    if (message.type === 'graph') {
      this.pending = message.graph;
      void this.drain();
    } else if (message.type === 'idle') {
      this.pending = null;
      this.view = null;
      this.showIdle(message.message);
    } else if (message.type === 'select') {
      this.select(message.node, message.layer, true);
    }
  }

  /** Draws the latest graph; graphs that arrive while one is being laid out are skipped but the last. */
  private async drain(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      await nextFrame();
      while (this.pending) {
        const view = this.pending;
        this.pending = null;
        await this.show(view);
      }
    } finally {
      this.busy = false;
    }
  }

  private async show(view: GraphView): Promise<void> {
    const started = performance.now();
    this.view = view;
    const graph = visibleGraph(view, this.expanded);
    let relaid = false;
    const timings: Record<string, number> = { model: performance.now() - started };
    this.graph = graph;
    if (!this.drawing || this.drawing.graph.key !== graph.key) {
      const t0 = performance.now();
      const layout = await this.layoutOf(graph);
      timings.layout = performance.now() - t0;
      const t1 = performance.now();
      this.install(new GraphDrawing(graph, layout));
      timings.draw = performance.now() - t1;
      relaid = true;
    }
    const drawing = this.drawing!;
    this.idle.hidden = true;
    this.stage.parentElement!.hidden = false;
    const t2 = performance.now();
    const coloring = drawing.paint(view, graph, this.palette);
    timings.paint = performance.now() - t2;
    this.showLegend(coloring);
    this.markSelected();
    if (relaid && this.restoredTransform) {
      this.panZoom.set(this.restoredTransform);
      this.restoredTransform = null;
    } else if (relaid && (!this.fitted || this.afterLayout === 'fit')) this.fit();
    else if (relaid && this.afterLayout) {
      const box = drawing.layout.boxes.get(this.afterLayout);
      if (box) this.panZoom.reveal(box);
    }
    if (relaid) {
      this.afterLayout = null;
      this.showReadable();
    }
    this.fitted = true;
    const current = drawing.currentId(view);
    const node = view.current ? view.nodes.find((n) => n.id === view.current) : null;
    this.status.textContent = `${view.phase}${node ? ` · ${node.id}${node.op ? ` (${node.op})` : ''}` : ''}`;
    if (this.follow && current) {
      const box = drawing.layout.boxes.get(current);
      if (box) this.panZoom.reveal(box);
    }
    document.body.dataset.state = 'stopped';
    // `refining`: a first picture, which ELK's layout replaces later (event `backstep:refined`).
    const refining = relaid && drawing.layout.provisional && this.layout.refines;
    window.dispatchEvent(new CustomEvent('backstep:rendered', { detail: { view: 'graph', ms: performance.now() - started, relaid, refining, parts: timings } }));
  }

  /**
   * A layer opened or closed by hand is drawn at once with the page's first picture, and ELK's
   * layout replaces it when the worker has made it (`refine`). Any other new graph waits for the
   * worker: what is drawn stays, and can be panned, meanwhile.
   */
  private async layoutOf(graph: VisibleGraph): Promise<Layout> {
    const toggled = this.drawing !== null && this.afterLayout !== null && this.afterLayout !== 'fit' && this.layout.refines;
    if (toggled) {
      const first = await this.layout.firstPicture(graph);
      if (first.provisional) this.refine(graph, this.afterLayout!);
      return first;
    }
    this.status.textContent = `Laying out ${graph.boxes.size.toLocaleString('en')} boxes…`;
    this.svg.setAttribute('aria-busy', 'true');
    const layout = await this.layout.layout(graph);
    this.svg.removeAttribute('aria-busy');
    return layout;
  }

  /**
   * Swaps ELK's layout of `graph` in for the first picture once the worker has made it, unless
   * another graph is drawn by then. The box the user opened or closed (`anchor`) stays where it is
   * on screen; the rest moves around it.
   */
  private refine(graph: VisibleGraph, anchor: string): void {
    const ticket = ++this.refining;
    const started = performance.now();
    // Asked once the first picture is painted: on two cores the worker would otherwise slow it down.
    void afterPaint().then(() => this.layout.layout(graph, true)).then((layout) => {
      const old = this.drawing;
      if (ticket !== this.refining || !old || old.graph.key !== graph.key || !this.view || !this.graph) return;
      const [was, now] = [old.layout.boxes.get(anchor), layout.boxes.get(anchor)];
      if (was && now) {
        const t = this.panZoom.get();
        // Set before the new drawing goes in: it takes the transform as it is placed.
        this.panZoom.set({ k: t.k, x: t.x + (was.x - now.x) * t.k, y: t.y + (was.y - now.y) * t.k });
      }
      this.install(new GraphDrawing(this.graph, layout));
      this.showLegend(this.drawing!.paint(this.view, this.graph, this.palette));
      this.markSelected();
      this.showReadable();
      window.dispatchEvent(new CustomEvent('backstep:refined', { detail: { view: 'graph', ms: performance.now() - started } }));
    });
  }

  /** Puts a new drawing on the page, under the current pan and zoom. */
  private install(drawing: GraphDrawing): void {
    this.drawing = drawing;
    this.svg.querySelector('g.viewport')!.replaceWith(drawing.root);
    this.panZoom.retarget(drawing.root);
    this.tip.hidden = true;
  }

  private showLegend(c: Coloring): void {
    const what = c.metric === 'gradient' ? '‖∂L/∂output‖₂ of each op (log scale)' : '‖output‖₂ of each op (log scale)';
    const shared = this.drawing?.graph.links.some((l) => l.shared) ? el('p', { class: 'muted' }, 'Weights shared by every time step feed each step: select one to see those edges.') : null;
    const edges = c.edgeRange
      ? el('p', { class: 'muted' }, `Edge width: the gradient flowing back along it, ${formatNumber(c.edgeRange[0], 3)} (thin) to ${formatNumber(c.edgeRange[1], 3)} (thick). Dashed boxes: no gradient yet.`)
      : el('p', { class: 'muted' }, c.metric === 'value' ? 'Forward pass: boxes coloured by the size of their output. Dashed boxes: not computed yet.' : 'No gradient has flowed back yet.');
    replace(this.legendBox, c.scale ? legend(c.scale, what, false) : null, edges, shared);
  }

  private showTip(e: MouseEvent): void {
    // Nothing while dragging: placing the tip reads the layout, once per pointer move.
    const text = this.drawing && e.target instanceof Element && !this.svg.classList.contains('panning') ? describe(this.drawing.graph, e.target) : null;
    this.tip.hidden = !text;
    if (!text) return;
    this.tip.textContent = text;
    const r = this.stage.getBoundingClientRect();
    this.tip.style.left = `${Math.min(e.clientX - r.left + 14, r.width - 260)}px`;
    this.tip.style.top = `${e.clientY - r.top + 16}px`;
  }

  private fit(): void {
    if (this.drawing) this.panZoom.fit(this.drawing.layout.width, this.drawing.layout.height);
  }

  private setExpanded(next: Set<string>, then: 'fit' | string): void {
    this.expanded = next;
    this.afterLayout = then;
    this.save();
    if (this.view) {
      this.pending = this.view;
      void this.drain();
    }
  }

  private toggle(id: string): void {
    const next = new Set(this.expanded);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    this.setExpanded(next, id);
  }

  private idAt(target: EventTarget | null): { id: string; expand: boolean } | null {
    const t = target as Element | null;
    const expander = t?.closest?.('[data-expand]');
    if (expander) return { id: expander.getAttribute('data-expand')!, expand: true };
    const node = t?.closest?.('[data-id]');
    return node ? { id: node.getAttribute('data-id')!, expand: false } : null;
  }

  private onClick(e: MouseEvent): void {
    if (this.panZoom.dragged) return;
    const hit = this.idAt(e.target);
    if (!hit) return;
    if (hit.expand) return this.toggle(hit.id);
    this.pick(hit.id);
    this.reveal(hit.id);
  }

  /** Shows the node a box stands for in the model file (and the other views). */
  private reveal(id: string): void {
    const box = this.drawing?.graph.boxes.get(id);
    const node = box && nodeOf(box);
    if (node) this.host.post({ type: 'reveal', node: node.id, layer: node.layer });
  }

  private onDoubleClick(e: MouseEvent): void {
    const hit = this.idAt(e.target);
    const box = hit && this.drawing?.graph.boxes.get(hit.id);
    if (box?.expandable) this.toggle(box.id);
  }

  private onKey(e: KeyboardEvent): void {
    const d = this.drawing;
    if (!d) return;
    const pan: Record<string, [number, number]> = { ArrowUp: [0, 60], ArrowDown: [0, -60], ArrowLeft: [60, 0], ArrowRight: [-60, 0] };
    const moves: Record<string, Move> = { ArrowDown: 'next', ArrowUp: 'previous', ArrowLeft: 'left', ArrowRight: 'right' };
    let handled = true;
    if (e.shiftKey && pan[e.key]) this.panZoom.panBy(...pan[e.key]);
    else if (moves[e.key]) {
      const from = this.selected && d.layout.boxes.has(this.selected) ? this.selected : null;
      const to = from ? neighbour(d.graph, d.layout.boxes, from, moves[e.key]) : (d.currentId(this.view!) ?? firstNode(d.graph, d.layout.boxes));
      if (to) this.pick(to);
    } else if (e.key === 'Enter' && this.selected) this.reveal(this.selected);
    else if (e.key === ' ' && this.selected && d.graph.boxes.get(this.selected)?.expandable) this.toggle(this.selected);
    else if (e.key === '+' || e.key === '=') this.panZoom.zoomBy(1.25);
    else if (e.key === '-') this.panZoom.zoomBy(1 / 1.25);
    else if (e.key === '0') this.fit();
    else if (e.key === 'c' || e.key === 'C') {
      const current = this.view && d.currentId(this.view);
      if (current) this.pick(current, true);
    } else handled = false;
    if (handled) e.preventDefault();
  }

  /** Selects a graph node another view points at (or the collapsed layer holding it, or its layer). */
  private select(node: string, layer: string | null, centre: boolean): void {
    const d = this.drawing;
    const shown = d && this.view ? locate(this.view, (x) => d.layout.boxes.has(x), node, layer) : null;
    if (shown) this.pick(shown, centre);
  }

  /** Selects a drawn box and brings it into view. */
  private pick(shown: string, centre = false): void {
    const d = this.drawing;
    if (!d?.layout.boxes.has(shown)) return;
    this.selected = shown;
    this.markSelected();
    this.panZoom.reveal(d.layout.boxes.get(shown)!, centre);
    const box = d.graph.boxes.get(shown);
    const n = box?.source;
    this.live.textContent = n ? `${n.id}, ${n.op ?? n.kind}${n.shape ? `, shape ${n.shape.join(' by ')}` : ''}${n.gradNorm !== null ? `, gradient norm ${formatNumber(n.gradNorm)}` : ''}` : (box?.label ?? shown);
    this.save();
  }

  private markSelected(): void {
    for (const g of this.svg.querySelectorAll('.selected')) g.classList.remove('selected');
    if (this.selected) this.drawing?.element(this.selected)?.classList.add('selected');
    this.drawing?.revealShared(this.selected);
  }

  private showIdle(message: string): void {
    this.stage.parentElement!.hidden = true;
    replace(this.idle, emptyState('Backstep Graph', message));
    this.idle.hidden = false;
    document.body.dataset.state = 'idle';
    window.dispatchEvent(new CustomEvent('backstep:rendered', { detail: { view: 'graph', ms: 0 } }));
  }

  /** After a pan or zoom (once per frame). */
  private moved(): void {
    this.showReadable();
    this.save();
  }

  /** The labels and edge shapes the zoom lets be read, where the view is. */
  private showReadable(): void {
    const [area, zoom] = [this.panZoom.area(), this.panZoom.get().k];
    this.drawing?.showLabels(area, zoom);
    this.drawing?.showShapes(area, zoom);
  }

  private save(): void {
    this.host.save({ expanded: [...this.expanded], selected: this.selected, transform: this.panZoom.get(), follow: this.follow });
  }
}

/** Resolves after the next frame has been painted (a task queued from its animation frame runs after it). */
function afterPaint(): Promise<void> {
  return nextFrame().then(() => new Promise((resolve) => setTimeout(resolve, 0)));
}

function nextFrame(): Promise<void> {
  return new Promise((resolve) => {
    let done = false;
    const go = (): void => {
      if (!done) resolve();
      done = true;
    };
    requestAnimationFrame(go);
    setTimeout(go, 100);
  });
}
