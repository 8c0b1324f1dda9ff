import type { InspectorView } from '../../engine/protocol';
import { el } from '../shared/dom';
import type { Palette } from '../shared/theme';

/** One collapsible part of the Inspector. It is shown only when `update` says it applies. */
export interface Section {
  readonly id: string;
  readonly element: HTMLElement;
  /** Draws the view; returns false when the section does not apply (it is then hidden). */
  update(view: InspectorView, palette: Palette): boolean;
  /** The layers this section shows (to scroll to it when a graph node of that layer is selected). */
  layers(): readonly string[];
}

export interface Collapsible {
  readonly element: HTMLElement;
  readonly body: HTMLElement;
  setDescription(text: string): void;
}

/** A `vscode-collapsible` with a heading and a body; its open state is kept by the Inspector. */
export function collapsible(id: string, heading: string): Collapsible {
  const body = el('div', { class: 'section-body' });
  const element = el('vscode-collapsible', { heading, 'data-section': id, open: true }, body);
  return {
    element,
    body,
    setDescription: (text) => element.setAttribute('description', text),
  };
}

/** A section that failed to draw says so in place, instead of taking the Inspector down with it. */
export function failure(section: string, error: unknown): HTMLElement {
  const message = error instanceof Error ? error.message : String(error);
  return el('p', { class: 'section-error', role: 'alert' }, `This section could not be drawn (${section}): ${message}`);
}
