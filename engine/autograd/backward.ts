import { BackstepError, fail } from '../errors';
import { add } from '../kernels/elementwise';
import { getOp } from '../ops/registry';
import { formatShape, sameShape } from '../tensor/shape';
import { Tensor } from '../tensor/tensor';
import type { TapeNode } from './node';
import type { Tape } from './tape';

/**
 * Reverse-mode differentiation over a tape, one node at a time: `step()` visits the next node in
 * reverse execution order, computes the gradients it sends to its inputs and accumulates them into
 * each input's `.grad`. Every intermediate tensor keeps its gradient, so the debugger can show it.
 */
export class BackwardPass {
  private cursor: number;
  private readonly pending: TapeNode[];

  constructor(tape: Tape, roots: readonly Tensor[], seeds?: readonly Tensor[]) {
    roots.forEach((root, i) => {
      const seed = seeds?.[i] ?? Tensor.full(root.shape, 1, root.dtype);
      if (!sameShape(seed.shape, root.shape)) {
        fail('E_GRAD_SHAPE', `seed gradient ${formatShape(seed.shape)} does not match ${root.name} ${formatShape(root.shape)}`);
      }
      accumulate(root, seed);
    });
    this.pending = reachableNodes(tape.nodes, roots);
    this.cursor = this.pending.length - 1;
  }

  /** Nodes the pass will visit, in the order it visits them. */
  get order(): readonly TapeNode[] {
    return [...this.pending].reverse();
  }

  get done(): boolean {
    return this.cursor < 0;
  }

  /** The node the next `step()` will visit, or null when done. */
  peek(): TapeNode | null {
    return this.cursor >= 0 ? this.pending[this.cursor] : null;
  }

  /** Visits one node; returns it, or null when the pass is complete. */
  step(): TapeNode | null {
    if (this.cursor < 0) return null;
    const node = this.pending[this.cursor--];
    backwardNode(node);
    return node;
  }

  /**
   * Moves back over the last visited node, so that the next `step()` visits it again; returns it, or
   * null before the first. Only the position and the node's `inputGrads` go back: the caller restores
   * the `.grad`s that node accumulated into (the pass keeps no copies of them).
   */
  unstep(): TapeNode | null {
    if (this.cursor + 1 >= this.pending.length) return null;
    const node = this.pending[++this.cursor];
    node.inputGrads = null;
    return node;
  }

  run(): void {
    while (this.step()) {
      /* every node in turn */
    }
  }
}

/** Convenience: the whole backward pass from one scalar (or seeded) root. */
export function backward(tape: Tape, root: Tensor, seed?: Tensor): void {
  new BackwardPass(tape, [root], seed ? [seed] : undefined).run();
}

function backwardNode(node: TapeNode): void {
  const op = getOp(node.op);
  const dys = node.outputs.map((y) => y.grad ?? Tensor.zeros(y.shape, y.dtype));
  let grads: (Tensor | null)[];
  try {
    grads = op.backward({ inputs: node.inputs, outputs: node.outputs, attrs: node.attrs, dys, needsGrad: node.inputs.map((x) => x.requiresGrad) });
  } catch (e) {
    throw e instanceof BackstepError ? e.at({ op: node.op, node: node.name, layer: node.scope.join('/') || undefined }) : e;
  }
  node.inputGrads = grads;
  grads.forEach((g, i) => {
    const x = node.inputs[i];
    if (!g || !x.requiresGrad) return;
    if (!sameShape(g.shape, x.shape)) {
      fail('E_GRAD_SHAPE', `gradient for input "${op.inputs[i] ?? `${op.inputs[0]}[${i}]`}" has shape ${formatShape(g.shape)} but the input has ${formatShape(x.shape)}`, {
        op: node.op,
        node: node.name,
        layer: node.scope.join('/') || undefined,
      });
    }
    accumulate(x, g);
  });
}

function accumulate(x: Tensor, g: Tensor): void {
  if (x.grad === null) x.grad = new Tensor(g.data.slice(), x.shape, `grad(${x.name})`);
  else add(x.grad.data, g.data, x.grad.data);
}

/** Nodes with a gradient path to a root, in execution order. */
function reachableNodes(nodes: readonly TapeNode[], roots: readonly Tensor[]): TapeNode[] {
  const live = new Set<number>(roots.map((r) => r.id));
  const out: TapeNode[] = [];
  for (let i = nodes.length - 1; i >= 0; i--) {
    const n = nodes[i];
    if (!n.needsGrad || !n.outputs.some((y) => live.has(y.id))) continue;
    out.push(n);
    for (const x of n.inputs) if (x.requiresGrad) live.add(x.id);
  }
  return out.reverse();
}
