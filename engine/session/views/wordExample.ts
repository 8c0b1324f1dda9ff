import type { TapeNode } from '../../autograd/node';
import type { Tensor } from '../../tensor/tensor';
import type { StepOutline } from '../outline';
import { computedAt } from '../present';
import type { SessionState } from '../state';

/**
 * One training example of an embedding layer's step, as its objective's pictures read it: the
 * nodes of its scope (`w2v/ex3/…`, or `w2v/…` when the batch is one example) by name, and what the
 * cursor has computed of them. The example shown is the one the cursor is in, else the first.
 */
export class WordExample {
  private constructor(
    private readonly outline: StepOutline,
    /** `w2v/ex3` or `w2v`. */
    readonly scope: string,
    private readonly computed: (event: number) => boolean,
  ) {}

  static at(s: SessionState, layer: string): WordExample | null {
    const o = s.timeline.outline;
    if (!o || !o.events.some((e) => e.layer === layer && e.node)) return null;
    const here = s.timeline.current === s.cursor.step ? o.events[s.cursor.event]?.node : null;
    const mine = here && here.scope[0] === layer ? here.scope.find((p) => /^ex\d+$/.test(p)) : undefined;
    const batched = o.events.some((e) => e.node?.name.startsWith(`${layer}/ex0/`));
    const scope = mine ? `${layer}/${mine}` : batched ? `${layer}/ex0` : layer;
    return new WordExample(o, scope, computedAt(s));
  }

  /** The forward or loss node `<scope>/<name>`, and whether the cursor has run it. */
  forward(name: string): { node: TapeNode; computed: boolean } | null {
    return this.find(name, false);
  }

  /** Its output once computed, else null. */
  output(name: string): Tensor | null {
    const f = this.forward(name);
    return f?.computed ? f.node.outputs[0] : null;
  }

  /** The gradient node `<scope>/<name>` sent to its input k, once the backward pass has computed it. */
  inputGrad(name: string, k: number): Tensor | null {
    const b = this.find(name, true);
    return b?.computed ? (b.node.inputGrads?.[k] ?? null) : null;
  }

  /** The ids a lookup `<scope>/<name>` gathered (its index input), known from the start of the step. */
  ids(name: string): number[] | null {
    const f = this.forward(name);
    return f?.node.op === 'gather' ? Array.from(f.node.inputs[1].data) : null;
  }

  private find(name: string, backward: boolean): { node: TapeNode; computed: boolean } | null {
    const full = `${this.scope}/${name}`;
    const i = this.outline.events.findIndex((e) => e.node?.name === full && (e.phase === 'backward') === backward);
    const node = this.outline.events[i]?.node;
    return node ? { node, computed: this.computed(i) } : null;
  }
}
