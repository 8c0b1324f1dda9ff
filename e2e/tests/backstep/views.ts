// Reading Backstep's webviews as a person reads them: the Inspector's header, current op, gate and
// attention heatmaps and gradient bars; the graph panel's current and selected nodes.
import type { Frame, Page } from 'playwright-core';
import { webviewFrame } from '../../harness';

const EXTENSION_ID = 'backstep.backstep';

/** The Inspector's content frame, once it has drawn a stop. */
export function inspectorFrame(page: Page, timeoutMs = 60_000): Promise<Frame> {
  return webviewFrame(page, 'body[data-state="stopped"] .inspector-header', { extensionId: EXTENSION_ID, timeoutMs });
}

/** The graph panel's content frame, once it has drawn its nodes. */
export function graphFrame(page: Page, timeoutMs = 60_000): Promise<Frame> {
  return webviewFrame(page, 'body[data-state="stopped"] svg.graph .nodes [data-id]', { extensionId: EXTENSION_ID, timeoutMs });
}

export interface TensorCard {
  role: string;
  name: string;
  shape: string;
  /** `min`, `max`, `mean`, `std`, `‖·‖₂` as printed. */
  stats: Record<string, string>;
  preview: string;
}

export interface InspectorState {
  /** The call stack line, outermost first: `step 1 › forward › memory (lstm) › t0 › gate_f = sigmoid(…)`. */
  where: string;
  reason: string;
  /** Sections drawn (not hidden), by id: op, gradients, gates, attention, training, … */
  sections: string[];
  op: {
    node: string;
    op: string;
    phase: string;
    /** The LaTeX sources KaTeX typeset in the op section (rule, and with the numbers when shown). */
    formulas: string[];
    tensors: TensorCard[];
  } | null;
  /** Problems a section reported instead of drawing. */
  errors: string[];
}

export function readInspector(frame: Frame): Promise<InspectorState> {
  return frame.evaluate(() => {
    const text = (el: Element | null | undefined): string => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
    const shown = (el: Element): boolean => !(el as HTMLElement).hidden;
    const sections = [...document.querySelectorAll('[data-section]')].filter(shown).map((s) => s.getAttribute('data-section') ?? '');
    const opSection = document.querySelector('[data-section="op"]');
    const op =
      opSection && shown(opSection)
        ? {
            node: text(opSection.querySelector('.op-title .node')),
            op: text(opSection.querySelector('.op-title vscode-badge')),
            phase: text(opSection.querySelector('.op-title .phase')),
            formulas: [...opSection.querySelectorAll('.formula annotation[encoding="application/x-tex"]')].map((a) => a.textContent ?? ''),
            tensors: [...opSection.querySelectorAll('article.tensor')].map((card) => ({
              role: text(card.querySelector('header .role')),
              name: text(card.querySelector('header .name')),
              shape: text(card.querySelector('header .shape')),
              stats: Object.fromEntries([...card.querySelectorAll('.stats > div')].map((d) => [text(d.querySelector('dt')), text(d.querySelector('dd'))])),
              preview: text(card.querySelector('.preview')),
            })),
          }
        : null;
    return {
      where: text(document.querySelector('.inspector-header .where')),
      reason: text(document.querySelector('.inspector-header .reason')),
      sections,
      op,
      errors: [...document.querySelectorAll('.errors .section-error')].map((e) => text(e)),
    };
  });
}

export interface HeatmapInfo {
  /** The heading above it (`forget gate f`, `weights`, `head 0`). */
  heading: string;
  /** The canvas's accessible name: what it shows, its axes and unit. */
  label: string;
  rows: number;
  cols: number;
  rowLabels: string[];
  colLabels: string[];
  /** The outlined row (the current time step), if any. */
  markedRow: string | null;
  /** Distinct colours drawn in the cells (1 would be a map that says nothing). */
  colours: number;
  width: number;
  height: number;
}

/** The heatmaps inside `[data-section=<section>]`, with what a person can read off them. */
export function readHeatmaps(frame: Frame, section: 'gates' | 'attention'): Promise<HeatmapInfo[]> {
  return frame.evaluate((id) => {
    const text = (el: Element | null | undefined): string => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
    const root = document.querySelector(`[data-section="${id}"]`);
    if (!root || (root as HTMLElement).hidden) return [];
    return [...root.querySelectorAll<HTMLElement>('figure.heatmap')].map((figure) => {
      const canvas = figure.querySelector<HTMLCanvasElement>('canvas.heatmap-cells')!;
      const context = canvas.getContext('2d');
      const colours = new Set<number>();
      if (context && canvas.width > 0 && canvas.height > 0) {
        const rows = Number(canvas.dataset.rows);
        const cols = Number(canvas.dataset.cols);
        const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
        // One sample from the middle of each cell.
        for (let r = 0; r < rows; r++) {
          for (let c = 0; c < cols; c++) {
            const x = Math.floor(((c + 0.5) * canvas.width) / cols);
            const y = Math.floor(((r + 0.5) * canvas.height) / rows);
            const at = (y * canvas.width + x) * 4;
            colours.add((pixels[at]! << 16) | (pixels[at + 1]! << 8) | pixels[at + 2]!);
          }
        }
      }
      const labels = (selector: string): string[] => [...figure.querySelectorAll(`${selector} > span`)].map((s) => s.getAttribute('title') || text(s)).filter(Boolean);
      return {
        heading: text(figure.parentElement?.querySelector('h4')),
        label: canvas.getAttribute('aria-label') ?? '',
        rows: Number(canvas.dataset.rows),
        cols: Number(canvas.dataset.cols),
        rowLabels: labels('.heatmap-row-labels'),
        colLabels: labels('.heatmap-col-labels'),
        markedRow: text(figure.querySelector('.heatmap-row-labels .marked')) || null,
        colours: colours.size,
        width: canvas.clientWidth,
        height: canvas.clientHeight,
      };
    });
  }, section);
}

/** The per-layer gradient bars, read from the chart's own table of numbers: `[layer, norm]`. */
export function readGradientBars(frame: Frame): Promise<{ caption: string; rows: [string, string][]; canvas: { width: number; height: number } } | null> {
  return frame.evaluate(() => {
    const section = document.querySelector<HTMLElement>('[data-section="gradients"]');
    if (!section || section.hidden) return null;
    const figure = section.querySelector('figure.chart');
    const table = figure?.querySelector('table');
    const canvas = figure?.querySelector('canvas');
    if (!table || !canvas) return null;
    const rows = [...table.querySelectorAll('tr')].filter((tr) => tr.querySelector('td')).map((tr) => [...tr.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim()) as [string, string]);
    return { caption: table.querySelector('caption')?.textContent ?? '', rows, canvas: { width: canvas.clientWidth, height: canvas.clientHeight } };
  });
}

export interface GraphState {
  /** The status line above the graph: `forward · memory/t0/gate_f (sigmoid)`. */
  status: string;
  /** Ids of the boxes drawn as current (the op, or the collapsed layer holding it). */
  current: string[];
  selected: string[];
  nodes: number;
  layers: string[];
}

export function readGraph(frame: Frame): Promise<GraphState> {
  return frame.evaluate(() => {
    const ids = (selector: string): string[] => [...document.querySelectorAll(selector)].map((n) => n.getAttribute('data-id') ?? '');
    return {
      status: (document.querySelector('.toolbar .status')?.textContent ?? '').trim(),
      current: ids('svg.graph .current'),
      selected: ids('svg.graph .selected'),
      nodes: document.querySelectorAll('svg.graph .nodes [data-id]').length,
      layers: ids('svg.graph .container.layer'),
    };
  });
}
