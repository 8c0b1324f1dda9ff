import { frameDepth, type InspectorView, type WebviewToHost } from '../../engine/protocol';
import { el, replace, setAttr, setText } from '../shared/dom';

type Command = Extract<WebviewToHost, { type: 'command' }>['command'];

const CONTROLS: readonly { command: Command; label: string; title: string }[] = [
  { command: 'stepBack', label: '↶ Back', title: 'Step Back: undo one op' },
  { command: 'stepOver', label: 'Over', title: 'Step Over: the next op at this level (F10)' },
  { command: 'stepIn', label: 'Into', title: 'Step Into the layer, module or time step (F11)' },
  { command: 'stepOut', label: 'Out', title: 'Step Out of the layer, module or time step (Shift+F11)' },
  { command: 'continue', label: 'Continue', title: 'Continue to the next breakpoint (F5)' },
];

/** Where the debugger stands (the call stack as one line), why it stopped, and the step buttons. */
export class Header {
  readonly element: HTMLElement;
  private readonly model = el('div', { class: 'model' });
  private readonly where = el('nav', { class: 'where', 'aria-label': 'call stack' });
  private readonly reason = el('p', { class: 'reason', role: 'status' });
  private readonly selected = el('p', { class: 'selected', hidden: true });
  /** What the model and call-stack lines show, so that an unchanged line is not rebuilt. */
  private shownModel = '';
  private shownFrames = '';

  constructor(post: (m: WebviewToHost) => void) {
    const buttons = CONTROLS.map((c) => {
      const b = el('vscode-button', { secondary: c.command !== 'stepOver', title: c.title, 'aria-label': c.title }, c.label);
      b.addEventListener('click', () => post({ type: 'command', command: c.command }));
      return b;
    });
    this.element = el('header', { class: 'inspector-header' }, this.model, this.where, this.reason, el('div', { class: 'controls', role: 'toolbar', 'aria-label': 'stepping' }, ...buttons), this.selected);
  }

  update(view: InspectorView): void {
    const file = view.model.file.split(/[\\/]/).pop() ?? view.model.file;
    const model = JSON.stringify([view.model.name, file]);
    if (model !== this.shownModel) {
      this.shownModel = model;
      this.showSelected(null); // a node picked in another model's graph says nothing about this one
      replace(this.model, el('strong', {}, view.model.name), ' ', el('span', { class: 'muted' }, file));
    }
    // Outermost first, as the call stack reads top-down: step › phase › layer › scopes › op.
    const frames = [...view.stack].sort((a, b) => frameDepth(a) - frameDepth(b)).map((f) => f.name);
    const where = JSON.stringify(frames);
    if (where !== this.shownFrames) {
      this.shownFrames = where;
      replace(this.where, ...frames.flatMap((name, i) => [i > 0 ? el('span', { class: 'sep', 'aria-hidden': 'true' }, ' › ') : null, el('span', { class: `frame${i === frames.length - 1 ? ' innermost' : ''}` }, name)]));
    }
    setText(this.reason, view.stop.description);
    setAttr(this.reason, 'class', `reason reason-${view.stop.reason}`);
  }

  showSelected(node: string | null): void {
    this.selected.hidden = node === null;
    if (node) replace(this.selected, 'Selected in the graph: ', el('code', {}, node));
  }
}
