import type { Placed } from './layout';

export interface Transform {
  readonly x: number;
  readonly y: number;
  readonly k: number;
}

const MIN_K = 0.05;
const MAX_K = 4;

/**
 * Pan (drag, Shift+arrows) and zoom (wheel at the pointer, +/−) of one SVG group, drawn once per frame.
 * A drag slides the whole SVG instead (a CSS transform on a layer of its own while dragged, moved by
 * the compositor without drawing anything again: smooth however big the graph) and hands the
 * distance to the group when it ends.
 */
export class PanZoom {
  private t: Transform = { x: 0, y: 0, k: 1 };
  private frame = 0;
  private drag: { x: number; y: number; moved: boolean } | null = null;
  /** How far the current drag has slid the SVG. */
  private slide: { dx: number; dy: number } | null = null;
  /** True right after a drag, so that the click ending it does not select a node. */
  dragged = false;
  /** The SVG's size, kept by a ResizeObserver: reading it from the element would force a layout of the whole drawing. */
  private size: { w: number; h: number } | null = null;

  constructor(
    private readonly svg: SVGSVGElement,
    private target: SVGGElement,
    private readonly onChange: (t: Transform) => void,
  ) {
    svg.addEventListener('wheel', (e) => this.onWheel(e), { passive: false });
    svg.addEventListener('pointerdown', (e) => this.onDown(e));
    svg.addEventListener('pointermove', (e) => this.onMove(e));
    svg.addEventListener('pointerup', (e) => this.onUp(e));
    svg.addEventListener('pointercancel', (e) => this.onUp(e));
    new ResizeObserver(([entry]) => {
      const { width, height } = entry.contentRect;
      this.size = width > 0 && height > 0 ? { w: width, h: height } : null;
    }).observe(svg);
  }

  /** Width and height of the view on screen. */
  private view(): [number, number] {
    if (!this.size) this.size = this.svg.clientWidth > 0 ? { w: this.svg.clientWidth, h: this.svg.clientHeight } : null;
    return this.size ? [this.size.w, this.size.h] : [800, 600];
  }

  /** The part of the drawing on screen, in the drawing's coordinates. */
  area(): { x: number; y: number; width: number; height: number } {
    const [w, h] = this.view();
    const { x, y, k } = this.t;
    return { x: -x / k, y: -y / k, width: w / k, height: h / k };
  }

  retarget(target: SVGGElement): void {
    this.target = target;
    this.apply();
  }

  get(): Transform {
    return this.t;
  }

  set(t: Transform): void {
    this.t = { x: t.x, y: t.y, k: Math.min(MAX_K, Math.max(MIN_K, t.k)) };
    this.schedule();
  }

  /** Zooms by `factor` keeping the point under (sx, sy) — screen coordinates in the SVG — in place. */
  zoomBy(factor: number, sx = this.view()[0] / 2, sy = this.view()[1] / 2): void {
    const k = Math.min(MAX_K, Math.max(MIN_K, this.t.k * factor));
    const f = k / this.t.k;
    this.set({ x: sx - (sx - this.t.x) * f, y: sy - (sy - this.t.y) * f, k });
  }

  panBy(dx: number, dy: number): void {
    this.set({ ...this.t, x: this.t.x + dx, y: this.t.y + dy });
  }

  /** Shows all of a `width` × `height` drawing, never larger than 1:1. */
  fit(width: number, height: number): void {
    this.settle();
    const [w, h] = this.view();
    const k = Math.min(1, (w - 24) / Math.max(1, width), (h - 24) / Math.max(1, height));
    this.set({ x: (w - width * k) / 2, y: Math.max(12, (h - height * k) / 2), k });
  }

  /** Pans the least needed to bring a box into view (centred when it was far off). */
  reveal(box: Placed, centre = false): void {
    this.settle();
    const [w, h] = this.view();
    const { x, y, k } = this.t;
    const [left, top, right, bottom] = [box.x * k + x, box.y * k + y, (box.x + box.width) * k + x, (box.y + box.height) * k + y];
    const inside = left >= 0 && top >= 0 && right <= w && bottom <= h;
    if (inside && !centre) return;
    this.set({ k, x: w / 2 - (box.x + box.width / 2) * k, y: h / 2 - (box.y + box.height / 2) * k });
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.apply();
      this.onChange(this.t);
    });
  }

  private apply(): void {
    this.target.setAttribute('transform', `translate(${this.t.x},${this.t.y}) scale(${this.t.k})`);
  }

  private onWheel(e: WheelEvent): void {
    e.preventDefault();
    this.settle();
    const r = this.svg.getBoundingClientRect();
    // Trackpads send small deltas often, wheels large ones rarely: scale by the delta itself.
    this.zoomBy(Math.exp(-e.deltaY * (e.deltaMode === 1 ? 0.05 : 0.0015)), e.clientX - r.left, e.clientY - r.top);
  }

  private onDown(e: PointerEvent): void {
    if (e.button !== 0) return;
    this.drag = { x: e.clientX, y: e.clientY, moved: false };
    this.dragged = false;
  }

  private onMove(e: PointerEvent): void {
    if (!this.drag) return;
    const [dx, dy] = [e.clientX - this.drag.x, e.clientY - this.drag.y];
    if (!this.drag.moved && Math.hypot(dx, dy) < 4) return;
    if (!this.drag.moved) this.svg.setPointerCapture(e.pointerId);
    this.drag = { x: e.clientX, y: e.clientY, moved: true };
    this.svg.classList.add('panning');
    this.slide = { dx: (this.slide?.dx ?? 0) + dx, dy: (this.slide?.dy ?? 0) + dy };
    this.svg.style.transform = `translate(${this.slide.dx}px,${this.slide.dy}px)`;
  }

  /** Ends a slide: the group takes the distance, and the SVG goes back in place (in the same frame). */
  private settle(): void {
    if (!this.slide) return;
    const { dx, dy } = this.slide;
    this.slide = null;
    this.t = { ...this.t, x: this.t.x + dx, y: this.t.y + dy };
    this.apply();
    this.svg.style.transform = '';
    this.svg.classList.remove('panning');
    this.onChange(this.t);
  }

  private onUp(e: PointerEvent): void {
    if (!this.drag) return;
    this.dragged = this.drag.moved;
    this.drag = null;
    this.settle();
    this.svg.classList.remove('panning');
    if (this.svg.hasPointerCapture(e.pointerId)) this.svg.releasePointerCapture(e.pointerId);
  }
}
