import type { TapeNode } from '../autograd/node';
import type { SourceRange } from '../model/diagnostics';
import type { StepEvent } from './contract';
import type { NodeRole } from './objective';
import type { BuiltLayer } from './wire';

/** What the plan needs besides the tape: where layers, loss and clipping stand in the file. */
export interface PlanContext {
  readonly layers: readonly BuiltLayer[];
  readonly lossRange: SourceRange | null;
  readonly clipRange: SourceRange | null;
  /** Parameter names in optimizer order, each with its layer's index. */
  readonly params: readonly { readonly name: string; readonly owner: number }[];
}

/**
 * One training step as events, in the order they happen: every forward node, then the loss nodes
 * (tape order; both already executed), then the backward pass one node at a time in the order the
 * BackwardPass visits them, a clip event when clipping is on, and one update per parameter. Every
 * event carries its layer and that layer's source range (the loss's range for loss nodes).
 */
export function planEvents(nodes: readonly TapeNode[], roles: readonly NodeRole[], backward: readonly TapeNode[], ctx: PlanContext): StepEvent[] {
  const where = (node: TapeNode) => {
    const role = roles[node.index] ?? { phase: 'loss', layer: null };
    const layer = role.layer === null ? null : ctx.layers[role.layer];
    return { phase: role.phase, layer: layer?.name ?? null, range: layer?.range ?? ctx.lossRange };
  };
  const forward: StepEvent[] = nodes.map((node) => {
    const w = where(node);
    return { phase: w.phase, node, layer: w.layer, range: w.range };
  });
  const ordered = [...forward.filter((e) => e.phase === 'forward'), ...forward.filter((e) => e.phase === 'loss')];
  const back: StepEvent[] = backward.map((node) => {
    const w = where(node);
    return { phase: 'backward', node, layer: w.layer, range: w.range };
  });
  const clip: StepEvent[] = ctx.clipRange ? [{ phase: 'update', kind: 'clip', layer: null, range: ctx.clipRange }] : [];
  const updates: StepEvent[] = ctx.params.map((p, index) => {
    const layer = ctx.layers[p.owner];
    return { phase: 'update', kind: 'param', param: p.name, index, layer: layer.name, range: layer.range };
  });
  return [...ordered, ...back, ...clip, ...updates];
}
