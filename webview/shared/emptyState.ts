import { el } from './dom';

/** What a view shows when no Backstep session is stopped: what it is for and how to start one. */
export function emptyState(what: string, message: string): HTMLElement {
  return el(
    'section',
    { class: 'empty-state', role: 'status' },
    el('h2', {}, what),
    el('p', {}, message),
    el(
      'ol',
      {},
      el('li', {}, 'Open a model file (', el('code', {}, '*.nn.yaml'), '), or run “Backstep: Open Sample…”.'),
      el('li', {}, 'Press ', el('kbd', {}, 'F5'), ' (or click “Debug model” above the file): the debugger stops at the first op.'),
      el('li', {}, 'Step with ', el('kbd', {}, 'F10'), ' (over), ', el('kbd', {}, 'F11'), ' (into a layer) and Step Back; this view follows every step.'),
    ),
  );
}
