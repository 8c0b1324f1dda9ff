import type { HostToWebview, InspectorView, NodeRef, PinnedView } from '../../engine/protocol';
import { el, replace } from '../shared/dom';
import { emptyState } from '../shared/emptyState';
import type { Host } from '../shared/host';
import { onThemeChange, readPalette, type Palette } from '../shared/theme';
import { GradHistory } from './gradHistory';
import { Header } from './header';
import { PreviousRun } from './previousRun';
import { failure, type Section } from './section';
import { ActivationSection } from './sections/activationSection';
import { AttentionSection } from './sections/attentionSection';
import { BoundarySection } from './sections/boundarySection';
import { DecodingSection } from './sections/decodingSection';
import { EmbeddingsSection } from './sections/embeddingsSection';
import { FastTextSection } from './sections/fastTextSection';
import { GatesSection } from './sections/gatesSection';
import { GloveSection } from './sections/gloveSection';
import { GradientsSection } from './sections/gradientsSection';
import { HuffmanSection } from './sections/huffmanSection';
import { LossSurfaceSection } from './sections/lossSurfaceSection';
import { MistakesSection } from './sections/mistakesSection';
import { NegativeSamplingSection } from './sections/negativeSamplingSection';
import { OpSection } from './sections/opSection';
import { PinnedSection } from './sections/pinnedSection';
import { TrainingSection } from './sections/trainingSection';
import { TransformerSection } from './sections/transformerSection';
import { SliceClient } from './slices';
import { warmUp } from './warmUp';

/** What the Inspector keeps across hide/show and reloads (VS Code's `setState`). */
export interface InspectorState {
  /** Sections the user closed. */
  readonly closed: readonly string[];
  /** The previous run the user dismissed (its run number), for this debug session. */
  readonly dismissedRun?: number | null;
}

/**
 * The Inspector: the latest stop, drawn once per animation frame however many stops arrive, with a
 * section for each kind of thing the model being debugged has.
 */
export class InspectorApp {
  private readonly slices: SliceClient;
  private readonly header: Header;
  private readonly sections: Section[];
  private readonly pinnedSection: PinnedSection;
  private readonly surfaceSection: LossSurfaceSection;
  private readonly gradHistory = new GradHistory();
  private readonly previous: PreviousRun;
  /** The tensors pinned with "View in Backstep", as of the latest stop. */
  private pinned: readonly PinnedView[] = [];
  /** The tensor just pinned, scrolled into view at the next render. */
  private reveal: string | null = null;
  private readonly content = el('main', { class: 'sections' });
  private readonly idle = el('div', { class: 'idle' });
  private readonly errors = el('div', { class: 'errors' });
  private pending: InspectorView | null = null;
  private shown: InspectorView | null = null;
  private scheduled = false;
  private closed: Set<string>;
  private palette: Palette;
  /** Drawing charts and formulas off screen before the first stop, so that it draws faster. */
  private readonly warm: { cancel(): void };

  constructor(
    root: HTMLElement,
    private readonly host: Host<InspectorState>,
  ) {
    this.slices = new SliceClient((m) => host.post(m));
    this.header = new Header((m) => host.post(m));
    const load = (name: string, start: number, count: number) => this.slices.request(name, start, count);
    const restored = host.restore();
    this.closed = new Set(restored?.closed ?? []);
    this.previous = new PreviousRun(restored?.dismissedRun ?? null, () => {
      this.saveState();
      if (this.shown) this.render(this.shown);
    });
    this.pinnedSection = new PinnedSection(
      () => this.pinned,
      (expression) => this.unpin(expression),
    );
    this.surfaceSection = new LossSurfaceSection((m) => host.post(m));
    this.sections = [this.pinnedSection, new OpSection(load), new GradientsSection(this.gradHistory, this.previous), new GatesSection(), new AttentionSection((m) => host.post(m)), new ActivationSection(), new TransformerSection(), new DecodingSection(), new TrainingSection(this.previous), new EmbeddingsSection(), new BoundarySection(), new MistakesSection(), this.surfaceSection, new HuffmanSection(), new NegativeSamplingSection(), new GloveSection(), new FastTextSection()];
    this.palette = readPalette();
    for (const s of this.sections) {
      if (this.closed.has(s.id)) s.element.removeAttribute('open');
      s.element.addEventListener('vsc-collapsible-toggle', (e) => this.toggled(s.id, (e as CustomEvent<{ open: boolean }>).detail.open));
      s.element.hidden = true;
      this.content.append(s.element);
    }
    this.header.element.hidden = true;
    replace(root, this.errors, this.header.element, this.content, this.idle);
    this.showIdle('Start debugging a model to see its ops, gradients, gates and attention here.');
    onThemeChange(() => {
      this.palette = readPalette();
      if (this.shown) this.render(this.shown);
    });
    this.warm = warmUp(() => this.palette);
  }

  receive(message: HostToWebview): void {
    switch (message.type) {
      case 'inspector':
        this.pending = message.view;
        this.pinned = message.pinned ?? [];
        if (message.reveal !== undefined) this.reveal = message.reveal;
        this.schedule();
        return;
      case 'idle':
        this.pending = null;
        this.shown = null;
        this.pinned = [];
        this.previous.forget();
        this.saveState();
        this.header.showSelected(null);
        this.slices.forgetAll();
        this.showIdle(message.message);
        return;
      case 'slice':
        this.slices.answer(message.requestId, message.slice, message.error);
        return;
      case 'select':
        this.select(message);
        return;
      case 'graph':
        return;
      case 'surface':
      case 'landscapeProgress':
        this.surfaceSection.receive(message);
        return;
    }
  }

  /** Stops that arrive faster than the screen refreshes are drawn once, the latest one. */
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    const flush = (): void => {
      clearTimeout(timer);
      if (!this.scheduled) return;
      this.scheduled = false;
      const view = this.pending;
      this.pending = null;
      if (view) this.render(view);
    };
    requestAnimationFrame(flush);
    // Hidden documents get no animation frames; a timer keeps the view current for when it shows.
    const timer = setTimeout(flush, 100);
  }

  private render(view: InspectorView): void {
    const started = performance.now();
    this.warm.cancel();
    if (this.shown?.stop.location.eventIndex !== view.stop.location.eventIndex || this.shown?.stop.location.trainingStep !== view.stop.location.trainingStep) this.slices.forgetAll();
    this.shown = view;
    this.gradHistory.record(view);
    this.previous.record(view);
    this.idle.hidden = true;
    this.header.element.hidden = false;
    this.header.update(view);
    replace(this.errors);
    const timings: Record<string, number> = { header: performance.now() - started };
    for (const section of this.sections) {
      const t0 = performance.now();
      try {
        // Shown while it draws, so that charts and heatmaps measure their real width.
        section.element.hidden = false;
        section.element.hidden = !section.update(view, this.palette);
      } catch (error) {
        console.error(`Backstep Inspector: the ${section.id} section failed`, error);
        this.errors.append(failure(section.id, error));
        section.element.hidden = true;
      }
      timings[section.id] = performance.now() - t0;
    }
    this.markCurrentLayer(view.stop.location.layer);
    if (this.reveal !== null) this.pinnedSection.reveal(this.reveal);
    this.reveal = null;
    document.body.dataset.state = 'stopped';
    window.dispatchEvent(new CustomEvent('backstep:rendered', { detail: { view: 'inspector', ms: performance.now() - started, sections: timings } }));
  }

  private showIdle(message: string): void {
    this.header.element.hidden = true;
    for (const s of this.sections) s.element.hidden = true;
    replace(this.errors);
    replace(this.idle, emptyState('Backstep Inspector', message));
    this.idle.hidden = false;
    document.body.dataset.state = 'idle';
    window.dispatchEvent(new CustomEvent('backstep:rendered', { detail: { view: 'inspector', ms: 0 } }));
  }

  /** A node picked in the graph: open and scroll to what the Inspector shows of its layer. */
  private select({ node, layer }: NodeRef): void {
    this.header.showSelected(node);
    if (layer === null) return;
    const section = this.sectionShowing(layer);
    if (!section) return;
    section.element.setAttribute('open', '');
    const target = section.element.querySelector<HTMLElement>(`[data-layer="${CSS.escape(layer)}"]`) ?? section.element;
    target.scrollIntoView({ block: 'start' });
    target.classList.remove('flash');
    void target.offsetWidth; // a layout between the two restarts the flash animation
    target.classList.add('flash');
  }

  /** The section that shows `layer` best: one besides the op's, when there is one. */
  private sectionShowing(layer: string): Section | undefined {
    const shown = this.sections.filter((s) => !s.element.hidden && s.layers().includes(layer));
    return shown.find((s) => s.id !== 'op') ?? shown[0];
  }

  /** The wide layout (inspector.css) puts the section of the current layer right after the op. */
  private markCurrentLayer(layer: string | null): void {
    const current = layer === null ? undefined : this.sectionShowing(layer);
    for (const s of this.sections) s.element.toggleAttribute('data-current-layer', s === current && s.id !== 'op');
  }

  private toggled(id: string, open: boolean): void {
    if (open) this.closed.delete(id);
    else this.closed.add(id);
    this.saveState();
  }

  private saveState(): void {
    this.host.save({ closed: [...this.closed], dismissedRun: this.previous.dismissedRun });
  }

  /** A pinned tensor's close button: gone at once here; the host stops evaluating it. */
  private unpin(expression: string): void {
    this.pinned = this.pinned.filter((p) => p.expression !== expression);
    this.host.post({ type: 'unpin', expression });
    if (this.shown) this.render(this.shown);
  }

  /** An error the message handler could not contain. */
  showFailure(error: unknown): void {
    this.errors.append(failure('message', error));
  }
}
