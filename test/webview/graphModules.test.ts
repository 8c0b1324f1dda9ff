import * as assert from 'node:assert/strict';
import type { GraphView } from '../../engine/protocol';
import { moduleGraph, unrolledGraph } from '../../bench/webviewGraphs';
import { visibleGraph } from '../../webview/graph/visibleGraph';

/** A layer's output as the definition says, edge by edge: the last of its nodes with an edge to a node outside it. */
function outputByDefinition(view: GraphView, layer: string): string | null {
  const inside = new Set(view.nodes.filter((n) => n.parent === layer).map((n) => n.id));
  let last: string | null = null;
  for (const e of view.edges) if (inside.has(e.from) && !inside.has(e.to) && e.to !== layer) last = e.from;
  return last;
}

describe('Graph webview model: an imported model of 100 modules (visibleGraph)', () => {
  const view = moduleGraph(100, 50, false);

  it('opens with one box per module, linked in a chain', () => {
    const g = visibleGraph(view, new Set());
    const layers = g.root.children.filter((b) => b.kind === 'layer');
    assert.equal(layers.length, 100);
    assert.ok(layers.every((b) => b.expandable && !b.expanded && b.children.length === 0));
    for (let m = 1; m < 100; m++) assert.ok(g.links.some((l) => l.from === `layer:layers.${m - 1}` && l.to === `layer:layers.${m}`), `layers.${m - 1} → layers.${m}`);
  });

  it("colours each collapsed module by the op it hands on (the definition's, found in one pass)", () => {
    // Layer nodes without norms of their own, as the session sends them: the box takes its output's.
    const bare = (v: GraphView): GraphView => ({ ...v, nodes: v.nodes.map((n) => (n.kind === 'layer' ? { ...n, valueNorm: null, gradNorm: null } : n)) });
    for (const v of [bare(view), bare(unrolledGraph(3, 4))]) {
      const g = visibleGraph(v, new Set());
      const layers = g.root.children.filter((b) => b.kind === 'layer');
      assert.ok(layers.filter((b) => b.valueNorm !== null).length >= layers.length - 1, 'every layer but the last hands something on');
      for (const box of layers) {
        // The last layer hands nothing on: no norm.
        const out = outputByDefinition(v, box.id);
        const node = v.nodes.find((n) => n.id === out);
        assert.equal(box.valueNorm, node?.valueNorm ?? null, box.id);
        assert.equal(box.gradNorm, node?.gradNorm ?? null, box.id);
      }
    }
  });

  it('expands one module into its scope groups, the others staying collapsed', () => {
    const g = visibleGraph(view, new Set(['layer:layers.42']));
    const open = g.boxes.get('layer:layers.42')!;
    assert.ok(open.expanded);
    assert.deepEqual(open.children.filter((b) => b.kind === 'group').map((b) => b.label), ['self_attn', 'mlp']);
    assert.equal(open.children.filter((b) => b.kind === 'group').reduce((n, b) => n + b.children.length, 0), 50);
    assert.equal([...g.boxes.values()].filter((b) => b.kind === 'layer' && b.expanded).length, 1);
  });
});
