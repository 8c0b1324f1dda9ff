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

describe('located source tree of a hostile file', () => {
  it('reads CR line ends as line ends', () => {
    const { node, diagnostics } = read('a: 1\rb:\r  - x\r');
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(get(node, 'b', 0).range, { line: 3, column: 5, endLine: 3, endColumn: 6 });
  });

  it('refuses UTF-16 text with one error saying to save as UTF-8', () => {
    const utf16 = Buffer.from('\uFEFFa: 1\n', 'utf16le').toString('utf8');
    const bomless = Buffer.from('a: 1\n', 'utf16le').toString('utf8');
    for (const text of [utf16, bomless]) {
      const { node, diagnostics } = read(text);
      assert.equal(node, null);
      assert.deepEqual(
        diagnostics.map((d) => [d.code, d.line, d.column]),
        [['E_ENCODING', 1, 1]],
      );
      assert.match(diagnostics[0].message, /save it as UTF-8/);
    }
  });

  it('stops an alias chain that nests past the depth limit, once, at an alias', () => {
    const chain = Array.from({ length: 90 }, (_, i) => `a${i + 1}: &a${i + 1} [*a${i}]`).join('\n');
    const { node, diagnostics } = read(`a0: &a0 [1]\n${chain}\n`);
    assert.equal(node, null);
    assert.deepEqual(
      diagnostics.map((d) => d.code),
      ['E_BUDGET'],
    );
    assert.match(diagnostics[0].message, /`depth` is 64/);
    assert.ok(diagnostics[0].line > 60);
  });

  it('stops alias expansion past the value limit (a billion laughs), once, at the line that crosses it', () => {
    // Line k + 1 expands to 10^(k + 1) values: the fifth line passes the limit of 20,000.
    const laughs = ['l0: &l0 [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]', ...Array.from({ length: 8 }, (_, i) => `l${i + 1}: &l${i + 1} [*l${i}, *l${i}, *l${i}, *l${i}, *l${i}, *l${i}, *l${i}, *l${i}, *l${i}, *l${i}]`)];
    const t0 = performance.now();
    const { node, diagnostics } = read(`${laughs.join('\n')}\n`);
    assert.ok(performance.now() - t0 < 2000);
    assert.equal(node, null);
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.line]),
      [['E_BUDGET', 5]],
    );
    assert.match(diagnostics[0].message, /`nodes` is 20,000/);
  });

  it('reports a repeated key once per repeat, at the repeat', () => {
    const { diagnostics } = read('a: 1\nb: 2\na: 3\n');
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.line, d.column]),
      [['E_YAML', 3, 1]],
    );
  });
});
