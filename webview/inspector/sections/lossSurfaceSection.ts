import type { HostToWebview, InspectorView, LossSurfaceView, PathPoint, RaceView, SurfaceGrid, WebviewToHost } from '../../../engine/protocol';
import { colorScale, type ColorScale } from '../../shared/colorScale';
import { el, replace } from '../../shared/dom';
import { formatNumber } from '../../shared/format';
import { hasNonFinite, legend } from '../../shared/legend';
import { css, type Palette } from '../../shared/theme';
import { collapsible, type Section } from '../section';
import { axisTitle, BANDS, drawSurface, type DrawnRacer } from '../surfacePlot';
import { pathTable, racerTable } from '../surfaceTable';

/** Racers' colours and dashes: told apart by the dash as well as the colour. */
const RACER_STYLES: readonly { readonly color: keyof Pick<Palette, 'orange' | 'green' | 'purple' | 'red' | 'blue'>; readonly dash: readonly number[] }[] = [
  { color: 'orange', dash: [] },
  { color: 'green', dash: [6, 3] },
  { color: 'purple', dash: [2, 2] },
  { color: 'red', dash: [8, 2, 2, 2] },
  { color: 'blue', dash: [4, 4] },
];

type Surface = LossSurfaceView & { readonly grid: SurfaceGrid };

/**
 * The optimizer's path on the loss surface: for a model with two parameters the exact loss over
 * (w1, w2) with the path up to the cursor, and on request the other optimizers raced from the same
 * start; for any other model, on request, the loss on the plane of the path's two leading principal
 * directions, computed in the session's worker with a progress bar and a Cancel button.
 */
export class LossSurfaceSection implements Section {
  readonly id = 'lossSurface';
  private readonly box = collapsible('lossSurface', 'Optimizer path on the loss surface');
  readonly element = this.box.element;
  private readonly caption = el('p', { class: 'muted surface-caption' });
  private readonly controls = el('div', { class: 'surface-controls' });
  private readonly canvas = el('canvas', { class: 'surface', role: 'img', tabindex: 0 });
  private readonly readout = el('p', { class: 'surface-readout', 'aria-live': 'polite' });
  private readonly key = el('div', { class: 'surface-key' });
  private readonly tables = el('div', { class: 'sr-only surface-tables' });
  private nextId = 1;
  /** The request in flight, and for a landscape its progress. */
  private pending: { id: number; ask: 'race' | 'landscape'; done: number; total: number } | null = null;
  private race: { key: string; view: RaceView } | null = null;
  private landscape: { key: string; view: LossSurfaceView } | null = null;
  private error: string | null = null;
  private shown: { view: InspectorView; palette: Palette } | null = null;
  /** The path point picked with the arrow keys (an index into the drawn path), null: none. */
  private picked: number | null = null;
  private drawnPath: readonly PathPoint[] = [];

  constructor(private readonly post: (m: WebviewToHost) => void) {
    this.box.body.append(this.caption, this.controls, this.canvas, this.readout, this.key, this.tables);
    this.canvas.addEventListener('keydown', (e) => this.onKey(e));
  }

  update(view: InspectorView, palette: Palette): boolean {
    const s = view.lossSurface;
    if (!s) return false;
    this.shown = { view, palette };
    const shown = this.surfaceFor(s, view.model.file);
    this.showControls(s, view.model.file);
    this.box.setDescription(s.plane === 'weights' ? `${s.axes[0].meaning}, ${s.axes[1].meaning}` : 'principal directions of the path');
    if (!shown) {
      this.canvas.hidden = true;
      replace(this.caption, s.plane === 'pca' ? `This model has more than two parameters: its path is drawn on the plane of the path’s two leading principal directions (Li et al. 2018), with the loss (${s.lossIs}) on a grid of that plane, computed on request.` : '');
      replace(this.key);
      replace(this.tables);
      replace(this.readout);
      return true;
    }
    this.draw(shown, palette);
    return true;
  }

  /** Answers from the host: the race, the landscape, progress. */
  receive(m: Extract<HostToWebview, { type: 'surface' | 'landscapeProgress' }>): void {
    if (m.type === 'landscapeProgress') {
      if (this.pending?.ask !== 'landscape') return;
      this.pending = { ...this.pending, done: m.done, total: m.total };
    } else {
      if (m.requestId !== this.pending?.id) return;
      const file = this.shown?.view.model.file ?? '';
      this.pending = null;
      this.error = m.error ?? null;
      if (m.race) this.race = { key: raceKey(file, this.shown?.view.lossSurface ?? null), view: m.race };
      if (m.landscape) this.landscape = { key: file, view: m.landscape };
    }
    if (this.shown) this.update(this.shown.view, this.shown.palette);
  }

  /** What the plot shows at this stop: the stop's own surface, or the landscape computed for this file, cut at the cursor. */
  private surfaceFor(s: LossSurfaceView, file: string): { surface: Surface; path: PathPoint[]; current: PathPoint; racers: DrawnRacer[] } | null {
    if (s.plane === 'weights' && s.grid && s.current) return { surface: s as Surface, path: [...s.path], current: s.current, racers: this.racers(s, file) };
    const l = this.landscape?.key === file ? this.landscape.view : null;
    if (!l?.grid || !l.current) return null;
    // Only what the cursor has reached: stepping back cuts the path and moves the mark back along it.
    const path = l.path.filter((p) => p.step <= s.completedSteps);
    const behind = s.completedSteps < l.current.step;
    const current = behind ? path.at(-1) : l.current;
    if (!current) return null;
    return { surface: l as Surface, path: behind ? path.slice(0, -1) : path, current, racers: [] };
  }

  private racers(s: LossSurfaceView, file: string): DrawnRacer[] {
    if (this.race?.key !== raceKey(file, s) || !this.shown) return [];
    const palette = this.shown.palette;
    return this.race.view.racers.map((r, k) => ({ label: r.label, color: palette[RACER_STYLES[k % RACER_STYLES.length].color], dash: RACER_STYLES[k % RACER_STYLES.length].dash, path: r.path.filter((p) => p.step <= s.completedSteps) }));
  }

  private draw(d: { surface: Surface; path: PathPoint[]; current: PathPoint; racers: DrawnRacer[] }, palette: Palette): void {
    const s = d.surface;
    const scale = lossScale(s.grid, palette);
    this.drawnPath = [...d.path, d.current];
    if (this.picked !== null && this.picked >= this.drawnPath.length) this.picked = null;
    const picked = this.picked === null ? null : this.drawnPath[this.picked];
    drawSurface(this.canvas, { surface: s, path: d.path, current: d.current, racers: d.racers, picked }, scale, palette);
    this.canvas.hidden = false;
    this.canvas.setAttribute('aria-label', `Loss over ${axisTitle(s, 0)} and ${axisTitle(s, 1)}, with the path of ${s.optimizer} over ${d.path.length} points; the cursor at ${point(d.current)}. Arrow keys go along the path.`);
    replace(
      this.caption,
      s.plane === 'weights'
        ? `The exact loss over (w1, w2) — ${s.lossIs} — with the path of ${s.optimizer} (lr ${formatNumber(s.lr)}) up to the cursor; ● marks the parameters at the cursor.`
        : `The plane of the path’s two leading principal directions through the parameters after step ${s.completedSteps} (Li et al. 2018); the loss is ${s.lossIs}. ● marks the cursor.`,
    );
    const racerKey = d.racers.length
      ? el(
          'ul',
          { class: 'surface-racer-key' },
          ...d.racers.map((r) => {
            const swatch = el('span', { class: 'swatch' });
            swatch.style.background = css(r.color);
            const last = r.path.at(-1);
            return el('li', {}, swatch, `${r.label}${r.dash.length ? ' (dashed)' : ''}${last ? `: L = ${formatNumber(last.loss, 3)} after ${last.step} steps` : ''}`);
          }),
        )
      : null;
    replace(this.key, legend(scale, `loss (${s.lossIs}), in ${BANDS} bands`, hasNonFinite(s.grid.values)), el('p', { class: 'muted' }, `● cursor   ─ path of ${s.optimizer}${d.racers.length ? '   ■ each racer at the cursor’s step' : ''}`), racerKey);
    replace(this.tables, pathTable(s, d.path, d.current), d.racers.length ? racerTable(d.racers.map((r) => ({ label: r.label, at: r.path.at(-1) })), { ...s, completedSteps: d.current.step }) : null);
    this.showReadout();
  }

  private showControls(s: LossSurfaceView, file: string): void {
    const button = (label: string, title: string, onClick: () => void, secondary = false): HTMLElement => {
      const b = el('vscode-button', { title, 'aria-label': title, ...(secondary ? { secondary: true } : {}) }, label);
      b.addEventListener('click', onClick);
      return b;
    };
    const error = this.error ? el('p', { class: 'section-error', role: 'alert' }, this.error) : null;
    if (s.plane === 'weights') {
      const raced = this.race?.key === raceKey(file, s);
      const b = raced
        ? button('Hide the racers', 'Hide the other optimizers’ paths', () => {
            this.race = null;
            if (this.shown) this.update(this.shown.view, this.shown.palette);
          }, true)
        : button('Race the other optimizers', 'Run SGD, momentum, AdaGrad, RMSprop and Adam from the same start with the same learning rate, and draw their paths', () => this.ask('race'));
      if (this.pending?.ask === 'race') b.setAttribute('disabled', '');
      replace(this.controls, b, error);
      return;
    }
    if (this.pending?.ask === 'landscape') {
      const { done, total } = this.pending;
      const bar = el('progress', { class: 'surface-progress', max: Math.max(1, total), value: done, 'aria-label': 'Loss landscape computed' });
      const cancel = button('Cancel', 'Stop computing the loss landscape', () => this.post({ type: 'surface', requestId: this.nextId++, ask: 'cancelLandscape' }), true);
      replace(this.controls, bar, el('span', { class: 'muted' }, total ? ` ${done} of ${total} losses ` : ' starting… '), cancel);
      return;
    }
    const computed = this.landscape?.key === file;
    replace(this.controls, button(computed ? 'Recompute at this step' : 'Compute the loss landscape (41 × 41)', 'Evaluate the loss on a 41 × 41 grid of the plane of the path, in the background', () => this.ask('landscape')), error);
  }

  private ask(ask: 'race' | 'landscape'): void {
    const id = this.nextId++;
    this.pending = { id, ask, done: 0, total: 0 };
    this.error = null;
    this.post({ type: 'surface', requestId: id, ask, ...(ask === 'landscape' ? { size: 41 } : {}) });
    if (this.shown) this.update(this.shown.view, this.shown.palette);
  }

  /** ← → go along the path, Home / End to its ends, Escape lets go. */
  private onKey(e: KeyboardEvent): void {
    const last = this.drawnPath.length - 1;
    if (last < 0) return;
    const at = this.picked ?? last;
    const next = e.key === 'ArrowLeft' ? Math.max(0, at - 1) : e.key === 'ArrowRight' ? Math.min(last, at + 1) : e.key === 'Home' ? 0 : e.key === 'End' ? last : e.key === 'Escape' ? null : undefined;
    if (next === undefined) return;
    e.preventDefault();
    this.picked = next;
    if (this.shown) this.update(this.shown.view, this.shown.palette);
  }

  private showReadout(): void {
    const p = this.picked === null ? null : this.drawnPath[this.picked];
    replace(this.readout, p ? `${p === this.drawnPath.at(-1) ? 'Cursor: ' : ''}${point(p)}` : '');
  }

  layers(): readonly string[] {
    return [];
  }
}

/** Loss levels: logarithmic when they span more than two decades (a valley's floor and walls both show). */
function lossScale(g: SurfaceGrid, palette: Palette): ColorScale {
  const finite = g.values.filter(Number.isFinite);
  const min = finite.length ? Math.min(...finite) : 0;
  const max = finite.length ? Math.max(...finite) : 1;
  const log = min > 0 && max / min > 100;
  return colorScale({ kind: 'sequential', min, max: max > min ? max : min + 1, accent: 'blue', log }, palette);
}

function point(p: PathPoint): string {
  return `step ${p.step}: (${formatNumber(p.at[0], 4)}, ${formatNumber(p.at[1], 4)}), loss ${formatNumber(p.loss, 4)}`;
}

/** A race belongs to one start (θ_0: the path's first point, or the cursor at step 0) and learning rate of one file. */
function raceKey(file: string, s: LossSurfaceView | null): string {
  return JSON.stringify([file, s?.lr, s?.optimizer, (s?.path[0] ?? s?.current)?.at]);
}
