import type { HuffmanExample, HuffmanView, InspectorView, TreeChild } from '../../../engine/protocol';
import { el, replace } from '../../shared/dom';
import { formatNumber } from '../../shared/format';
import { css, type Palette } from '../../shared/theme';
import { collapsible, type Section } from '../section';
import { hatch, moved, NOT_YET, sized, table } from './wordFigure';

const W = 320;
const PAD = { left: 30, right: 10, top: 14, bottom: 34 };
const ROW = 22;

/** Where each node of the tree is drawn: leaves side by side in tree order, each inner node above the middle of its children, depth downwards. */
export interface TreeLayout {
  readonly leaf: { x: number; y: number; depth: number; code: string }[];
  readonly inner: { x: number; y: number; depth: number }[];
  readonly depth: number;
  readonly height: number;
}

export function treeLayout(view: HuffmanView): TreeLayout {
  const n = view.words.length;
  const leaf: TreeLayout['leaf'] = new Array(n);
  const inner: TreeLayout['inner'] = new Array(view.inner.length);
  let next = 0;
  let deepest = 0;
  const step = (W - PAD.left - PAD.right) / n;
  const place = (c: TreeChild, depth: number, code: string): number => {
    deepest = Math.max(deepest, depth);
    if ('word' in c) {
      const x = PAD.left + (next++ + 0.5) * step;
      leaf[c.word] = { x, y: PAD.top + depth * ROW, depth, code };
      return x;
    }
    const x = (place(view.inner[c.inner].zero, depth + 1, `${code}0`) + place(view.inner[c.inner].one, depth + 1, `${code}1`)) / 2;
    inner[c.inner] = { x, y: PAD.top + depth * ROW, depth };
    return x;
  };
  place({ inner: view.inner.length - 1 }, 0, '');
  return { leaf, inner, depth: deepest, height: PAD.top + deepest * ROW + PAD.bottom };
}

/**
 * Hierarchical softmax: the Huffman tree (root on top, frequent words high up), the path of the
 * example's target drawn thick, each inner node of it with σ(±θ·v) once computed (hatched before),
 * and during the backward pass ∂L/∂(θ·v) as a bar at the node. The table under it gives every
 * number of the path; Up/Down on the figure walk the path and read each node out.
 */
export class HuffmanSection implements Section {
  readonly id = 'huffman';
  private readonly box = collapsible('huffman', 'Hierarchical softmax');
  readonly element = this.box.element;
  private readonly summary = el('p', { class: 'huffman-summary' });
  private readonly canvas = el('canvas', { class: 'huffman-tree', tabindex: 0, role: 'img' });
  private readonly readout = el('p', { class: 'muted', 'aria-live': 'polite' });
  private readonly key = el('p', { class: 'muted huffman-key' });
  private readonly path = el('div', { class: 'huffman-path' });
  private readonly words = el('div', { class: 'sr-only huffman-words' });
  private view: HuffmanView | null = null;
  private palette: Palette | null = null;
  private drawnKey = '';
  private focus = 0;

  constructor() {
    this.box.body.append(this.summary, this.canvas, this.readout, this.key, this.path, this.words);
    this.canvas.addEventListener('keydown', (e) => this.onKey(e));
  }

  update(view: InspectorView, palette: Palette): boolean {
    const h = view.huffman ?? null;
    if (!h) return false;
    const key = JSON.stringify(h);
    if (key === this.drawnKey && palette === this.palette) return true;
    if (this.view?.example?.scope !== h.example?.scope || this.view?.example?.target !== h.example?.target) this.focus = 0;
    [this.view, this.palette, this.drawnKey] = [h, palette, key];
    const layout = treeLayout(h);
    const ex = h.example;
    this.box.setDescription(ex ? `${h.layer}: p(${h.words[ex.target]} | context)` : h.layer);
    this.summary.textContent = summaryText(h);
    this.draw(h, layout, palette);
    this.key.textContent = `Root on top, one row per bit of the code; words in tree order, the ${Math.min(3, layout.depth)} top levels labelled. Thick: the target's path; branch 0 scores σ(+θ·v), branch 1 σ(−θ·v). Hatched: not yet computed. Bars (backward): ∂L/∂(θ·v), up for positive.`;
    replace(this.path, ex ? pathTable(h, ex) : el('p', { class: 'muted' }, 'No example of this step is in view.'));
    replace(this.words, wordsTable(h, layout));
    this.announce();
    return true;
  }

  private draw(h: HuffmanView, layout: TreeLayout, palette: Palette): void {
    const ctx = sized(this.canvas, W, layout.height);
    if (!ctx) return;
    const ex = h.example;
    const onPath = new Set(ex?.path.map((n) => n.node) ?? []);
    ctx.lineWidth = 1;
    ctx.strokeStyle = css(palette.lines);
    h.inner.forEach((c, i) => {
      for (const child of [c.zero, c.one]) line(ctx, layout.inner[i], 'word' in child ? layout.leaf[child.word] : layout.inner[child.inner]);
    });
    if (ex) this.drawPath(ctx, h, ex, layout, palette);
    ctx.font = `10px ${palette.fontFamily}`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    h.words.forEach((w, i) => {
      const p = layout.leaf[i];
      if (p.depth > 3 || i === ex?.target) return;
      ctx.fillStyle = css(palette.muted);
      ctx.fillText(w, p.x, p.y + 3);
    });
    for (const [i, p] of layout.inner.entries()) {
      if (onPath.has(i)) continue;
      ctx.fillStyle = css(palette.muted);
      ctx.fillRect(p.x - 1.5, p.y - 1.5, 3, 3);
    }
    this.drawAxes(ctx, layout, palette);
    const label = ex ? `Huffman tree of ${h.words.length} words; the path to “${h.words[ex.target]}” has ${ex.path.length} inner nodes` : `Huffman tree of ${h.words.length} words`;
    this.canvas.setAttribute('aria-label', `${label}. Up and Down walk the path.`);
  }

  private drawPath(ctx: CanvasRenderingContext2D, h: HuffmanView, ex: HuffmanExample, layout: TreeLayout, palette: Palette): void {
    const points = [...ex.path.map((n) => layout.inner[n.node]), layout.leaf[ex.target]];
    ctx.strokeStyle = css(palette.blue);
    ctx.lineWidth = 3;
    for (let k = 0; k + 1 < points.length; k++) line(ctx, points[k], points[k + 1]);
    const gmax = Math.max(...ex.path.map((n) => Math.abs(n.grad ?? 0)));
    ex.path.forEach((n, k) => {
      const p = points[k];
      if (n.sigma === null) hatch(ctx, p.x - 5, p.y - 5, 10, 10, palette);
      else {
        ctx.fillStyle = css(palette.blue);
        ctx.beginPath();
        ctx.arc(p.x, p.y, 5, 0, 2 * Math.PI);
        ctx.fill();
      }
      if (k === this.focus) {
        ctx.strokeStyle = css(palette.focus);
        ctx.lineWidth = 2;
        ctx.strokeRect(p.x - 8, p.y - 8, 16, 16);
      }
      ctx.font = `10px ${palette.fontFamily}`;
      ctx.textBaseline = 'middle';
      ctx.textAlign = 'left';
      ctx.fillStyle = css(palette.foreground);
      ctx.fillText(n.sigma === null ? '' : formatNumber(n.sigma, 2), p.x + 9, p.y);
      if (n.grad !== null && gmax > 0) {
        const len = (Math.abs(n.grad) / gmax) * (ROW - 6);
        ctx.fillStyle = css(palette.orange);
        ctx.fillRect(p.x - 12, n.grad > 0 ? p.y - len : p.y, 4, len);
      }
    });
    const leaf = layout.leaf[ex.target];
    ctx.fillStyle = css(palette.blue);
    ctx.fillRect(leaf.x - 4, leaf.y - 4, 8, 8);
    ctx.font = `600 11px ${palette.fontFamily}`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    ctx.fillStyle = css(palette.foreground);
    ctx.fillText(h.words[ex.target], Math.min(W - 24, Math.max(PAD.left + 10, leaf.x)), leaf.y + 6);
  }

  private drawAxes(ctx: CanvasRenderingContext2D, layout: TreeLayout, palette: Palette): void {
    ctx.font = `10px ${palette.fontFamily}`;
    ctx.fillStyle = css(palette.muted);
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (let d = 0; d <= layout.depth; d++) ctx.fillText(String(d), PAD.left - 14, PAD.top + d * ROW);
    ctx.save();
    ctx.translate(8, PAD.top + (layout.depth * ROW) / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textAlign = 'center';
    ctx.fillStyle = css(palette.foreground);
    ctx.fillText('depth (code bits)', 0, 0);
    ctx.restore();
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    ctx.fillStyle = css(palette.foreground);
    ctx.fillText('words (leaves), in tree order', PAD.left + (W - PAD.left - PAD.right) / 2, layout.height - 2);
  }

  private onKey(e: KeyboardEvent): void {
    const n = this.view?.example?.path.length ?? 0;
    const to = n ? moved(e.key, this.focus, n) : null;
    if (to === null) return;
    e.preventDefault();
    this.focus = to;
    if (this.view && this.palette) this.draw(this.view, treeLayout(this.view), this.palette);
    this.announce();
  }

  private announce(): void {
    const ex = this.view?.example;
    const n = ex?.path[this.focus];
    this.readout.textContent = n ? nodeText(n, this.focus) : '';
  }

  layers(): readonly string[] {
    return this.view ? [this.view.layer] : [];
  }
}

function line(ctx: CanvasRenderingContext2D, a: { x: number; y: number }, b: { x: number; y: number }): void {
  ctx.beginPath();
  ctx.moveTo(a.x, a.y);
  ctx.lineTo(b.x, b.y);
  ctx.stroke();
}

const said = (v: number | null): string => (v === null ? NOT_YET : formatNumber(v, 4));

function nodeText(n: HuffmanExample['path'][number], k: number): string {
  const sign = n.code === 0 ? '+' : '−';
  return `Depth ${k}, inner node θ${n.node}, branch ${n.code}: θ·v = ${said(n.score)}, σ(${sign}θ·v) = ${said(n.sigma)}, ∂L/∂(θ·v) = ${said(n.grad)}`;
}

function summaryText(h: HuffmanView): string {
  const ex = h.example;
  if (!ex) return `${h.words.length} words as leaves of a Huffman tree.`;
  const context = ex.context.map((w) => h.words[w]).join(', ');
  const p = ex.probability === null ? `is the product of the σ on its path (${NOT_YET})` : `= Π σ(±θ·v) = ${formatNumber(ex.probability, 4)}`;
  return `${ex.scope}: target “${h.words[ex.target]}” (seen ${h.counts[ex.target]} times, ${ex.path.length} bits) from “${context}”; p(${h.words[ex.target]} | context) ${p}.`;
}

function pathTable(h: HuffmanView, ex: HuffmanExample): HTMLTableElement {
  const rows = ex.path.map((n, k) => [String(k), `θ${n.node}`, String(n.code), n.score, n.sigma, n.grad]);
  rows.push(['product', '', '', '', ex.probability, '']);
  return table(`The path to “${h.words[ex.target]}”, root first`, ['depth', 'node', 'branch', 'θ·v', 'σ(±θ·v)', '∂L/∂(θ·v)'], rows, { 'data-table': 'path' });
}

function wordsTable(h: HuffmanView, layout: TreeLayout): HTMLTableElement {
  const order = h.words.map((_, i) => i).sort((a, b) => layout.leaf[a].x - layout.leaf[b].x);
  return table('Every word of the tree, in tree order: its count and its code (branches from the root)', ['word', 'count', 'code'], order.map((i) => [h.words[i], String(h.counts[i]), layout.leaf[i].code]), { 'data-table': 'words' });
}
