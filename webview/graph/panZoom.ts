import type { Placed } from './layout';

export interface Transform {
  readonly x: number;
  readonly y: number;
  readonly k: number;
}

const MIN_K = 0.05;
const MAX_K = 4;
/** The margin drawn around the view while sliding, as a share of the view's larger side. */
const MARGIN = 0.5;
/** How far (as a share of the margin) the drawing slides before the distance is handed over. */
const REBASE = 0.6;
/** Space (px) kept between the view's edge and a box revealed that does not fit in it. */
const EDGE = 12;

/**
 * Pan (drag, Shift+arrows) and zoom (wheel at the pointer, +/−) of one SVG group, drawn once per frame.
 * A drag slides the SVG's holder instead (an HTML block with a CSS transform, on a layer of its own
 * while dragged, moved by the compositor without drawing anything again: smooth however big the
 * graph) and hands the distance to the group when it ends.
 *
 * While it slides, the holder is the view plus a margin on every side and clips what lies beyond:
 * the layer holds only that part of the drawing. (With the SVG itself sliding, unclipped, a drawing
 * taller than the view cost 20–50 ms of layerizing per frame on a 2,000-op graph zoomed out; a
 * sliding SVG root is repainted at every frame even when clipped.) A drag that comes near the
 * margin's edge hands the distance over (one repaint) and slides on from there.
 */
export class PanZoom {
  private t: Transform = { x: 0, y: 0, k: 1 };
  private frame = 0;
  private drag: { x: number; y: number; moved: boolean } | null = null;
  /** How far the current drag has slid the SVG, and the margin (px) drawn around the view meanwhile. */
  private slide: { dx: number; dy: number; margin: number } | null = null;
  /**
   * Covers the drawing while it slides, to show the grabbing cursor: a cursor set on the SVG would be
   * inherited by every element of the drawing, and restyling them all took 35 ms on a 2,000-op graph.
   */
  private readonly shield = Object.assign(document.createElement('div'), { className: 'drag-shield' });
  /** True right after a drag, so that the click ending it does not select a node. */
  dragged = false;
  /** The SVG's size, kept by a ResizeObserver: reading it from the element would force a layout of the whole drawing. */
  private size: { w: number; h: number } | null = null;

  constructor(
    private readonly svg: SVGSVGElement,
    /** The SVG's parent: the block that slides. */
    private readonly holder: HTMLElement,
    private target: SVGGElement,
    private readonly onChange: (t: Transform) => void,
  ) {
    svg.addEventListener('wheel', (e) => this.onWheel(e), { passive: false });
    svg.addEventListener('pointerdown', (e) => this.onDown(e));
    svg.addEventListener('pointermove', (e) => this.onMove(e));
    svg.addEventListener('pointerup', (e) => this.onUp(e));
    svg.addEventListener('pointercancel', (e) => this.onUp(e));
    new ResizeObserver(([entry]) => {
      // While sliding, the SVG (in its holder) is larger than the view on purpose.
      if (this.slide) return;
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

  /**
   * Pans the least needed to bring a box into view (centred when it was far off). A box larger than
   * the view shows its top left corner, where an opened module's title and first ops are.
   */
  reveal(box: Placed, centre = false): void {
    this.settle();
    const [w, h] = this.view();
    const { x, y, k } = this.t;
    const [left, top, right, bottom] = [box.x * k + x, box.y * k + y, (box.x + box.width) * k + x, (box.y + box.height) * k + y];
    const inside = left >= 0 && top >= 0 && right <= w && bottom <= h;
    if (inside && !centre) return;
    const along = (start: number, size: number, view: number): number => (size * k > view - 2 * EDGE ? EDGE - start * k : view / 2 - (start + size / 2) * k);
    this.set({ k, x: along(box.x, box.width, w), y: along(box.y, box.height, h) });
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
    const m = this.slide?.margin ?? 0;
    this.target.setAttribute('transform', `translate(${this.t.x + m},${this.t.y + m}) scale(${this.t.k})`);
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
    const slide = this.slide ?? this.startSlide();
    slide.dx += dx;
    slide.dy += dy;
    if (Math.max(Math.abs(slide.dx), Math.abs(slide.dy)) > slide.margin * REBASE) this.rebase(slide);
    this.holder.style.transform = `translate(${slide.dx}px,${slide.dy}px)`;
  }

  /** Puts the holder, grown by the margin on every side, on a layer of its own; the group stays where it was on screen. */
  private startSlide(): { dx: number; dy: number; margin: number } {
    const [w, h] = this.view();
    const slide = { dx: 0, dy: 0, margin: Math.round(Math.max(w, h) * MARGIN) };
    this.slide = slide;
    // Not a custom property: one set here would be inherited by, and restyle, every element of the drawing.
    this.holder.style.inset = `${-slide.margin}px`;
    this.holder.classList.add('panning');
    this.holder.append(this.shield);
    this.svg.classList.add('panning');
    this.apply();
    return slide;
  }

  /** The group takes the distance slid so far (one repaint), and the holder slides on from its place. */
  private rebase(slide: { dx: number; dy: number }): void {
    this.t = { ...this.t, x: this.t.x + slide.dx, y: this.t.y + slide.dy };
    slide.dx = 0;
    slide.dy = 0;
    this.apply();
    this.onChange(this.t);
  }

  /** Ends a slide: the group takes the distance, and the holder goes back in place (in the same frame). */
  private settle(): void {
    if (!this.slide) return;
    const { dx, dy } = this.slide;
    this.slide = null;
    this.t = { ...this.t, x: this.t.x + dx, y: this.t.y + dy };
    this.apply();
    this.holder.style.transform = '';
    this.holder.style.inset = '';
    this.holder.classList.remove('panning');
    this.shield.remove();
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
