import assert from 'node:assert/strict';
import { Diagnostics } from '../../../engine/model/diagnostics';
import { readSource, type SNode } from '../../../engine/model/source';

function read(text: string) {
  const diag = new Diagnostics();
  const node = readSource(text, diag);
  return { node, diagnostics: diag.sorted() };
}

function get(node: SNode | null, ...path: (string | number)[]): SNode {
  let n = node!;
  for (const p of path) n = typeof p === 'number' ? (n.kind === 'seq' ? n.items[p] : n) : n.kind === 'map' ? n.entries.find((e) => e.key === p)!.value : n;
  return n;
}

describe('located source tree', () => {
  it('gives 1-based ranges with an exclusive end, for YAML and JSON alike', () => {
    const yaml = read('a:\n  b: [1, two]\n');
    assert.deepEqual(get(yaml.node, 'a', 'b', 1).range, { line: 2, column: 10, endLine: 2, endColumn: 13 });
    const json = read('{\n  "a": { "b": [1, "two"] }\n}');
    assert.deepEqual(get(json.node, 'a', 'b', 1).range, { line: 2, column: 19, endLine: 2, endColumn: 24 });
    assert.deepEqual(get(json.node, 'a', 'b', 1).kind === 'scalar' && get(json.node, 'a', 'b', 1), { kind: 'scalar', value: 'two', range: { line: 2, column: 19, endLine: 2, endColumn: 24 } });
  });

  it('a block ends at its last character, not on the next line', () => {
    const { node } = read('list:\n  - a: 1\n    b: 2\n  - c\n');
    assert.deepEqual(get(node, 'list', 0).range, { line: 2, column: 5, endLine: 3, endColumn: 9 });
  });

  it('an empty value points at its key', () => {
    const { node } = read('a:\nb: 1\n');
    assert.deepEqual(get(node, 'a'), { kind: 'scalar', value: null, range: { line: 1, column: 1, endLine: 1, endColumn: 2 } });
  });

  it('resolves aliases, located where the alias stands; a self-containing alias is an error', () => {
    const { node, diagnostics } = read('x: &s { out: 4 }\ny: *s\n');
    assert.deepEqual(diagnostics, []);
    const out = get(node, 'y', 'out');
    assert.deepEqual(out.kind === 'scalar' && [out.value, out.range.line], [4, 2]);
    const loop = read('a: &a [*a]\n');
    assert.deepEqual(loop.diagnostics.map((d) => [d.code, d.line, d.column]), [['E_YAML', 1, 8]]);
  });

  it('reports every syntax error, each located', () => {
    const { diagnostics } = read('a: [1, 2\nb: c: d\n');
    assert.ok(diagnostics.length >= 2);
    assert.ok(diagnostics.every((d) => d.code === 'E_YAML' && d.line >= 1 && d.column >= 1));
  });

  it('keeps YAML 1.2 scalars as data: yes/no/on stay text, 1e-3 is a number', () => {
    const { node } = read('a: yes\nb: on\nc: 1e-3\nd: true\n');
    assert.deepEqual(['a', 'b', 'c', 'd'].map((k) => (get(node, k) as { value: unknown }).value), ['yes', 'on', 0.001, true]);
  });
});
