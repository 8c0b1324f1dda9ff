import type { InspectorView, NamedTensor, OpView, Phase, TensorSlice } from '../../../engine/protocol';
import { el, setAttr, setText } from '../../shared/dom';
import { clearFormula, updateFormula, updateNumbers } from '../../shared/formula';
import { collapsible, type Section } from '../section';
import { TensorCard } from '../tensorCard';

const RULE: Record<Phase, string> = { forward: 'Formula', loss: 'Loss', backward: 'Gradient rule', update: 'Update rule' };
type Kind = 'input' | 'output' | 'gradient';
type LoadSlice = (name: string, start: number, count: number) => Promise<TensorSlice>;

/**
 * The op the debugger stopped at: its formula, the formula with today's numbers, its tensors.
 * Its elements are made once and rewritten in place at each stop; a formula is typeset again only
 * when its source changed (the rule of an op stays the same from stop to stop).
 */
export class OpSection implements Section {
  readonly id = 'op';
  private readonly box = collapsible('op', 'Current op');
  readonly element = this.box.element;
  private readonly node = el('code', { class: 'node' });
  private readonly badge = el('vscode-badge', { variant: 'counter' });
  private readonly phase = el('span');
  private readonly scope = el('div', { class: 'scope', 'aria-label': 'scope' });
  private readonly rule = el('h3');
  private readonly formula = el('div', { class: 'formula' });
  private readonly valuesHeading = el('h3');
  private readonly withValues = el('div', { class: 'formula' });
  private readonly valuesBlock = el('div', { class: 'with-values' }, this.withValues);
  private readonly groups = {
    input: new CardGroup('Inputs', 'input'),
    output: new CardGroup('Outputs', 'output'),
    gradient: new CardGroup('Gradients sent to the inputs', 'gradient'),
  };
  private layer: string | null = null;
  private lastNode = '';

  constructor(private readonly loadSlice: LoadSlice) {
    const title = el('div', { class: 'op-title' }, this.node, ' ', this.badge, ' ', this.phase);
    this.box.body.append(title, this.scope, this.rule, this.formula, this.valuesHeading, this.valuesBlock, ...Object.values(this.groups).map((g) => g.element));
  }

  update(view: InspectorView): boolean {
    const op = view.op;
    this.layer = view.stop.location.layer;
    if (!op) return false;
    this.box.setDescription(`${op.op} · ${op.phase}`);
    // The same stop sent twice (a re-send on show) keeps its expanded value tables.
    const key = `${view.stop.location.trainingStep}/${view.stop.location.eventIndex}/${op.node}`;
    if (key === this.lastNode) return true;
    this.lastNode = key;
    this.show(op);
    return true;
  }

  private show(op: OpView): void {
    setText(this.node, op.node);
    setText(this.badge, op.op);
    setText(this.phase, op.phase);
    setAttr(this.phase, 'class', `phase phase-${op.phase}`);
    this.scope.hidden = op.scope.length === 0;
    setText(this.scope, op.scope.join(' › '));
    setText(this.rule, RULE[op.phase]);
    updateFormula(this.formula, op.formula);
    const worked = op.formulaWithValues.trim() !== '' && op.formulaWithValues !== op.formula;
    this.valuesHeading.hidden = this.valuesBlock.hidden = !worked;
    if (!worked) clearFormula(this.withValues);
    else {
      setText(this.valuesHeading, op.valuesCaption ?? 'With the current numbers');
      updateNumbers(this.withValues, op.formulaWithValues);
    }
    this.groups.input.show(op.inputs, this.loadSlice);
    this.groups.output.show(op.outputs, this.loadSlice);
    this.groups.gradient.show(op.grads, this.loadSlice);
  }

  layers(): readonly string[] {
    return this.layer ? [this.layer] : [];
  }
}

/** A heading and one card per tensor; cards are reused, added or removed as the count changes. */
class CardGroup {
  readonly element: HTMLElement;
  private readonly cards: TensorCard[] = [];

  constructor(
    heading: string,
    private readonly kind: Kind,
  ) {
    this.element = el('div', { class: `tensors ${kind}s` }, el('h3', {}, heading));
  }

  show(items: readonly NamedTensor[], loadSlice: LoadSlice): void {
    this.element.hidden = items.length === 0;
    while (this.cards.length > items.length) this.cards.pop()?.element.remove();
    while (this.cards.length < items.length) {
      const card = new TensorCard(loadSlice);
      this.cards.push(card);
      this.element.append(card.element);
    }
    items.forEach((item, i) => this.cards[i].update(item, this.kind));
  }
}
