import type { InspectorView, RunSeries } from '../../engine/protocol';
import { el, replace } from '../shared/dom';

/**
 * The run before the last Restart, as the session sends it, until the user dismisses it: the loss and
 * gradient-norm charts draw it faded under the current run. Dismissed once, that run stays hidden;
 * the next Restart brings the run it ends.
 */
export class PreviousRun {
  private view: RunSeries | null = null;

  constructor(
    private dismissed: number | null,
    private readonly onDismiss: (run: number) => void,
  ) {}

  record(view: InspectorView): void {
    this.view = view.previousRun ?? null;
  }

  /** The previous run to draw, null when there is none or the user dismissed it. */
  get shown(): RunSeries | null {
    return this.view && this.view.run !== this.dismissed ? this.view : null;
  }

  get dismissedRun(): number | null {
    return this.dismissed;
  }

  /** A new debug session numbers its runs from 1 again: what was dismissed in the last one says nothing. */
  forget(): void {
    this.dismissed = null;
  }

  /** Puts `Faded lines (“previous run”): run 1, before the last Restart. [Dismiss]` in `box` while a previous run is shown. */
  showNote(box: HTMLElement): void {
    const run = this.shown?.run ?? null;
    if (box.dataset.run === String(run)) return;
    box.dataset.run = String(run);
    replace(box, run === null ? null : this.note(run));
  }

  private note(run: number): HTMLElement {
    const button = el('vscode-button', { secondary: true, class: 'small', title: 'Hide the previous run in the loss and gradient charts', 'aria-label': 'Dismiss the previous run' }, 'Dismiss');
    button.addEventListener('click', () => {
      this.dismissed = run;
      this.onDismiss(run);
    });
    return el('p', { class: 'muted previous-run-note' }, `Faded lines (“previous run”): run ${run}, before the last Restart. `, button);
  }
}
