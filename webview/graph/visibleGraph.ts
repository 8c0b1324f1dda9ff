import type { GraphNode, GraphView } from '../../engine/protocol';

/**
 * The graph as drawn: layers collapsed into one box each unless expanded; an expanded layer holds its
 * ops grouped by scope (an op in scope `['memory', 't3']` sits in the group `t3`), so an unrolled recurrent
 * layer reads as one column of ops per time step. Edges between hidden ops are carried by the boxes
 * that contain them.
 */
export interface Box {
  readonly id: string;
  /** Its name among its siblings, the same in alike boxes (an op's label in a scope group), so that they share a layout. */
  readonly key: string;
  readonly label: string;
  /** Second line: the op, the layer kind and its size, the shape. */
  readonly sub: string;
  readonly kind: GraphNode['kind'] | 'group';
  readonly source: GraphNode | null;
  readonly children: Box[];
  /** A layer with ops that can be shown. */
  readonly expandable: boolean;
  readonly expanded: boolean;
  /** ‖value‖ and ‖gradient‖ of what the box outputs (a collapsed layer: its ops that feed other layers). */
  readonly valueNorm: number | null;
  readonly gradNorm: number | null;
}

export interface Link {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly tensors: readonly string[];
  /** The distinct shapes of those tensors, in the order met. */
  readonly shapes: readonly (readonly number[])[];
  readonly gradNorm: number | null;
  /**
   * From a weight shared by every time step (an RNN's W) into one step: drawn only when that weight
   * is selected, and not laid out, or a dozen weights × every step would cross the whole layer.
   */
  readonly shared: boolean;
}

export interface VisibleGraph {
  readonly root: Box;
  readonly links: readonly Link[];
  readonly boxes: ReadonlyMap<string, Box>;
  readonly parentOf: ReadonlyMap<string, string>;
  /** Same key ⇔ same layout: which boxes exist and how they connect. */
  readonly key: string;
}

export const ROOT = '';

function subtitle(node: GraphNode, opCount: number): string {
  if (node.kind === 'layer') return [node.op, opCount > 0 ? `${opCount} op${opCount === 1 ? '' : 's'}` : ''].filter(Boolean).join(' · ');
  if (node.kind === 'op') return node.op ?? '';
  return node.shape ? `[${node.shape.join('×')}]` : node.kind;
}

/**
 * The scope group an op is drawn in: its scope below the layer of the box it is in (`['memory', 't3']`
 * → `t3`; a recorded op of module `encoder.layers.0.self_attn` in the box of `encoder` → `layers/0/self_attn`;
 * a word2vec loss op in `['w2v', 'sgns_loss']` under the loss → `w2v/sgns_loss`); ops right under the
 * box's layer are in none.
 */
function groupOf(node: GraphNode, box: string | null): { scope: readonly string[]; label: string } | null {
  if (node.kind !== 'op') return null;
  const below = node.scope[0] === box ? node.scope.slice(1) : node.scope;
  return below.length > 0 ? { scope: node.scope, label: below.join('/') } : null;
}

/** The id of the box drawn for a scope group (no node id ends in `/`). */
const groupId = (scope: readonly string[]): string => `${scope.join('/')}/`;

/** The key of a box whose siblings are not alike: its id, marked apart from labels. */
const own = (id: string): string => `~${id}`;

/**
 * The drawn id that stands for a node or a layer: the node itself, else the nearest drawn box that
 * holds it (its layer, collapsed), else the layer's box, or the box its nodes are in (a layer within
 * another has none of its own).
 */
export function locate(view: GraphView, drawn: (id: string) => boolean, node: string | null, layer: string | null): string | null {
  const byId = new Map(view.nodes.map((n) => [n.id, n]));
  for (let n = node ? byId.get(node) : undefined; n; n = n.parent ? byId.get(n.parent) : undefined) if (drawn(n.id)) return n.id;
  if (layer === null) return null;
  const box = view.nodes.find((n) => (n.kind === 'layer' || n.kind === 'loss') && n.layer === layer)?.id ?? view.nodes.find((n) => n.layer === layer && n.parent !== null)?.parent;
  return box !== undefined && box !== null && drawn(box) ? box : null;
}

/** The graph node a box stands for: its own, or for a scope group the first op in it. */
export function nodeOf(box: Box): GraphNode | null {
  return box.source ?? (box.children.length > 0 ? nodeOf(box.children[0]) : null);
}

/** Drawn parameters that feed ops in more than one scope group (the same W at every time step). */
function sharedWeights(view: GraphView, boxes: ReadonlyMap<string, Box>, parentOf: ReadonlyMap<string, string>): Set<string> {
  const groups = new Map<string, Set<string>>();
  for (const e of view.edges) {
    if (boxes.get(e.from)?.kind !== 'param') continue;
    const group = parentOf.get(e.to);
    if (!group || boxes.get(group)?.kind !== 'group') continue;
    const set = groups.get(e.from) ?? new Set<string>();
    set.add(group);
    groups.set(e.from, set);
  }
  return new Set([...groups].filter(([, g]) => g.size > 1).map(([id]) => id));
}

/**
 * For every layer, the last of its nodes whose output leaves it (an edge to a node outside it): what
 * the layer hands on. One pass over the edges for all layers (an imported model has hundreds of
 * modules and thousands of edges).
 */
function layerOutputs(view: GraphView, parentOf: ReadonlyMap<string, GraphNode>): Map<string, GraphNode> {
  const byId = new Map(view.nodes.map((n) => [n.id, n]));
  const outputs = new Map<string, GraphNode>();
  for (const e of view.edges) {
    const layer = parentOf.get(e.from);
    if (layer && parentOf.get(e.to) !== layer && e.to !== layer.id) outputs.set(layer.id, byId.get(e.from)!);
  }
  return outputs;
}

const sameShape = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((d, i) => d === b[i]);

export function visibleGraph(view: GraphView, expanded: ReadonlySet<string>): VisibleGraph {
  const byId = new Map(view.nodes.map((n) => [n.id, n]));
  const children = new Map<string, GraphNode[]>();
  const parentNode = new Map<string, GraphNode>();
  for (const n of view.nodes) {
    const parent = n.parent ? byId.get(n.parent) : undefined;
    if (!parent) continue;
    const list = children.get(parent.id) ?? [];
    list.push(n);
    children.set(parent.id, list);
    parentNode.set(n.id, parent);
  }
  const outputs = layerOutputs(view, parentNode);
  const boxes = new Map<string, Box>();
  const parentOf = new Map<string, string>();
  const rep = new Map<string, string>();

  const leaf = (n: GraphNode, parent: string, key = own(n.id)): Box => {
    const box: Box = { id: n.id, key, label: n.label, sub: subtitle(n, 0), kind: n.kind, source: n, children: [], expandable: false, expanded: false, valueNorm: n.valueNorm, gradNorm: n.gradNorm };
    boxes.set(n.id, box);
    parentOf.set(n.id, parent);
    rep.set(n.id, n.id);
    return box;
  };

  const layer = (n: GraphNode): Box => {
    const inside = children.get(n.id) ?? [];
    const open = inside.length > 0 && expanded.has(n.id);
    const out = outputs.get(n.id) ?? null;
    const box: Box = {
      id: n.id,
      key: own(n.id),
      label: n.label,
      sub: subtitle(n, inside.filter((c) => c.kind === 'op').length),
      kind: n.kind,
      source: n,
      children: [],
      expandable: inside.length > 0,
      expanded: open,
      valueNorm: n.valueNorm ?? out?.valueNorm ?? null,
      gradNorm: n.gradNorm ?? out?.gradNorm ?? null,
    };
    boxes.set(n.id, box);
    parentOf.set(n.id, ROOT);
    rep.set(n.id, n.id);
    if (!open) {
      for (const c of inside) rep.set(c.id, n.id);
      return box;
    }
    const groups = new Map<string, Box>();
    for (const c of inside) {
      const place = groupOf(c, n.layer);
      if (!place) {
        box.children.push(leaf(c, n.id));
        continue;
      }
      const id = groupId(place.scope);
      let group = groups.get(id);
      if (!group) {
        group = { id, key: own(id), label: place.label, sub: '', kind: 'group', source: null, children: [], expandable: false, expanded: true, valueNorm: null, gradNorm: null };
        groups.set(id, group);
        boxes.set(group.id, group);
        parentOf.set(group.id, n.id);
        box.children.push(group);
      }
      group.children.push(leaf(c, group.id, c.label));
    }
    return box;
  };

  const root: Box = { id: ROOT, key: ROOT, label: '', sub: '', kind: 'group', source: null, children: [], expandable: false, expanded: true, valueNorm: null, gradNorm: null };
  for (const n of view.nodes) if (!parentNode.has(n.id)) root.children.push(children.has(n.id) || n.kind === 'layer' ? layer(n) : leaf(n, ROOT));

  const shared = sharedWeights(view, boxes, parentOf);
  const links = new Map<string, { from: string; to: string; tensors: string[]; shapes: (readonly number[])[]; gradNorm: number | null; shared: boolean }>();
  for (const e of view.edges) {
    const from = rep.get(e.from);
    const to = rep.get(e.to);
    if (!from || !to || from === to) continue;
    const id = `${from}→${to}`;
    const link = links.get(id) ?? { from, to, tensors: [], shapes: [], gradNorm: null, shared: shared.has(from) && boxes.get(parentOf.get(to) ?? '')?.kind === 'group' };
    link.tensors.push(e.tensor);
    if (!link.shapes.some((x) => sameShape(x, e.shape))) link.shapes.push(e.shape);
    if (e.gradNorm !== null) link.gradNorm = Math.max(link.gradNorm ?? 0, e.gradNorm);
    links.set(id, link);
  }
  const list = [...links].map(([id, l]) => ({ id, ...l }));
  const key = [...boxes.keys()].join('|') + '#' + list.map((l) => l.id).join('|');
  return { root, links: list, boxes, parentOf, key };
}
