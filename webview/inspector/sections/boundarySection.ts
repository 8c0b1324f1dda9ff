import type { DecisionBoundaryView, InspectorView } from '../../../engine/protocol';
import { colorScale, scaleFor, type ColorScale } from '../../shared/colorScale';
import { el, replace } from '../../shared/dom';
import { formatNumber } from '../../shared/format';
import { hasNonFinite, legend } from '../../shared/legend';
import { css, type Palette } from '../../shared/theme';
import { collapsible, type Section } from '../section';
import { verticalText } from '../plotFrame';

const SIZE = 240;
const PAD = { left: 40, bottom: 30, top: 6, right: 18 };

/** A 2-D classifier's output over the input plane, its p = 0.5 line, and the training points. */
export class BoundarySection implements Section {
  readonly id = 'boundary';
  private readonly box = collapsible('boundary', 'Decision boundary');
  readonly element = this.box.element;
  private readonly canvas = el('canvas', { class: 'boundary', role: 'img' });
  private readonly key = el('div', { class: 'boundary-key' });
  private drawnKey = '';
  private drawnPalette: Palette | null = null;

  constructor() {
    this.box.body.append(this.canvas, this.key);
  }

  update(view: InspectorView, palette: Palette): boolean {
    const b = view.boundary;
    if (!b) return false;
    // The model changes only at an update: the ops of one training step show the same plane.
    const key = JSON.stringify(b);
    if (key === this.drawnKey && palette === this.drawnPalette) return true;
    [this.drawnKey, this.drawnPalette] = [key, palette];
    const spec = scaleFor(b.values);
    const scale = colorScale(spec, palette);
    const probability = spec.kind === 'sequential' && spec.max === 1;
    this.draw(b, scale, palette, probability);
    this.canvas.setAttribute('aria-label', `Model output over the plane x₁ ∈ [${b.x.join(', ')}], x₂ ∈ [${b.y.join(', ')}], with ${b.points.length} training points`);
    replace(
      this.key,
      legend(scale, probability ? 'p(class 1), the model’s output' : 'model score', hasNonFinite(b.values)),
      el('p', { class: 'muted' }, `● class 1   ✕ class 0   ┄ boundary (${probability ? 'p = 0.5' : 'score = 0'})`),
    );
    return true;
  }

  private draw(b: DecisionBoundaryView, scale: ColorScale, palette: Palette, probability: boolean): void {
    const dpr = window.devicePixelRatio || 1;
    const [w, h] = [SIZE + PAD.left + PAD.right, SIZE + PAD.top + PAD.bottom];
    this.canvas.width = w * dpr;
    this.canvas.height = h * dpr;
    this.canvas.style.width = `${w}px`;
    this.canvas.style.height = `${h}px`;
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);
    const cw = SIZE / b.nx;
    const ch = SIZE / b.ny;
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(this.grid(b, scale), PAD.left, PAD.top, SIZE, SIZE);
    this.drawContour(ctx, b, probability ? 0.5 : 0, cw, ch, palette);
    const px = (x: number): number => PAD.left + ((x - b.x[0]) / (b.x[1] - b.x[0])) * SIZE;
    const py = (y: number): number => PAD.top + SIZE - ((y - b.y[0]) / (b.y[1] - b.y[0])) * SIZE;
    for (const p of b.points) drawPoint(ctx, px(p.x), py(p.y), p.label >= 0.5, palette);
    this.drawAxes(ctx, b, palette);
  }

  /** The grid as an image, one pixel per grid point; row 0 (y0) at the bottom, as on paper. */
  private grid(b: DecisionBoundaryView, scale: ColorScale): HTMLCanvasElement {
    const image = document.createElement('canvas');
    image.width = b.nx;
    image.height = b.ny;
    const ctx = image.getContext('2d');
    if (!ctx) return image;
    const data = ctx.createImageData(b.nx, b.ny);
    for (let j = 0; j < b.ny; j++) {
      for (let i = 0; i < b.nx; i++) {
        const [r, g, bl] = scale.color(b.values[j * b.nx + i]);
        const k = ((b.ny - 1 - j) * b.nx + i) * 4;
        data.data[k] = r;
        data.data[k + 1] = g;
        data.data[k + 2] = bl;
        data.data[k + 3] = 255;
      }
    }
    ctx.putImageData(data, 0, 0);
    return image;
  }

  /** Dots where the output crosses the threshold between neighbouring grid points. */
  private drawContour(ctx: CanvasRenderingContext2D, b: DecisionBoundaryView, level: number, cw: number, ch: number, palette: Palette): void {
    ctx.fillStyle = css(palette.foreground);
    const at = (i: number, j: number): number => b.values[j * b.nx + i] - level;
    for (let j = 0; j < b.ny; j++) {
      for (let i = 0; i < b.nx; i++) {
        const v = at(i, j);
        const cx = PAD.left + (i + 0.5) * cw;
        const cy = PAD.top + SIZE - (j + 0.5) * ch;
        if (i + 1 < b.nx && v * at(i + 1, j) < 0) ctx.fillRect(cx + cw * (v / (v - at(i + 1, j))) - 1, cy - 1, 2, 2);
        if (j + 1 < b.ny && v * at(i, j + 1) < 0) ctx.fillRect(cx - 1, cy - ch * (v / (v - at(i, j + 1))) - 1, 2, 2);
      }
    }
  }

  private drawAxes(ctx: CanvasRenderingContext2D, b: DecisionBoundaryView, palette: Palette): void {
    ctx.strokeStyle = css(palette.lines);
    ctx.lineWidth = 1;
    ctx.strokeRect(PAD.left - 0.5, PAD.top - 0.5, SIZE + 1, SIZE + 1);
    ctx.fillStyle = css(palette.muted);
    ctx.font = `10px ${palette.fontFamily}`;
    for (let k = 0; k <= 4; k++) {
      const f = k / 4;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'top';
      ctx.fillText(formatNumber(b.x[0] + f * (b.x[1] - b.x[0]), 3), PAD.left + f * SIZE, PAD.top + SIZE + 3);
      ctx.textAlign = 'right';
      ctx.textBaseline = 'middle';
      ctx.fillText(formatNumber(b.y[0] + f * (b.y[1] - b.y[0]), 3), PAD.left - 4, PAD.top + SIZE - f * SIZE);
    }
    ctx.fillStyle = css(palette.foreground);
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    ctx.fillText('x₁ (first input)', PAD.left + SIZE / 2, PAD.top + SIZE + PAD.bottom);
    verticalText(ctx, 'x₂ (second input)', 10, PAD.top + SIZE / 2);
  }

  layers(): readonly string[] {
    return [];
  }
}

/** Class 1 as a disc, class 0 as a cross: told apart by shape, not colour; a halo keeps both visible. */
function drawPoint(ctx: CanvasRenderingContext2D, x: number, y: number, positive: boolean, palette: Palette): void {
  const trace = (): void => {
    ctx.beginPath();
    if (positive) ctx.arc(x, y, 5, 0, 2 * Math.PI);
    else {
      ctx.moveTo(x - 5, y - 5);
      ctx.lineTo(x + 5, y + 5);
      ctx.moveTo(x + 5, y - 5);
      ctx.lineTo(x - 5, y + 5);
    }
  };
  trace();
  ctx.lineWidth = positive ? 4 : 6;
  ctx.strokeStyle = css(palette.background);
  ctx.stroke();
  trace();
  ctx.lineWidth = positive ? 1.5 : 2.5;
  ctx.strokeStyle = css(palette.foreground);
  ctx.stroke();
  if (positive) {
    ctx.fillStyle = css(palette.foreground);
    ctx.fill();
  }
}
