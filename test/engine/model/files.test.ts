import assert from 'node:assert/strict';
import { LIMITS } from '../../../engine/limits';
import { dataFileRefs, refsOf, resolveDataPath, tooManyFiles } from '../../../engine/model/files';

describe('model/files: the seam every data file goes through', () => {
  it('finds the files a model file names, as written, with the range that names them', () => {
    const text = ['name: t', 'data:', '  npy: { x: arrays/x.npy, y: "y labels.npy" }', 'model: [linear]', ''].join('\n');
    const refs = dataFileRefs(text);
    assert.deepEqual(refs.map((r) => r.path), ['arrays/x.npy', 'y labels.npy']);
    assert.deepEqual(refs.map((r) => [r.range.line, r.range.column]), [[3, 13], [3, 30]]);
    assert.deepEqual(dataFileRefs('data: { csv: iris.csv, target: species }\nmodel: [linear]\n').map((r) => r.path), ['iris.csv']);
  });

  it('finds none for built-in tasks, inline numbers, or a file that does not parse', () => {
    assert.deepEqual(dataFileRefs('data: { task: xor }\nmodel: [linear]\n'), []);
    assert.deepEqual(dataFileRefs('data: { tensors: { x: [[1]] } }\n'), []);
    assert.deepEqual(dataFileRefs('data: [\n'), []);
    assert.deepEqual(refsOf(null), []);
  });

  it('names a model file over the limit of data files at the first one past it', () => {
    const n = LIMITS.dataFiles.max + 1;
    const refs = Array.from({ length: n }, (_, i) => ({ path: `f${i}.npy`, range: { line: i + 1, column: 1, endLine: i + 1, endColumn: 2 } }));
    const over = tooManyFiles(refs);
    assert.equal(over?.at.path, `f${LIMITS.dataFiles.max}.npy`);
    assert.match(over!.message, new RegExp(`names ${n} data files; the limit \`dataFiles\` is ${LIMITS.dataFiles.max}`));
    assert.equal(tooManyFiles(refs.slice(1)), null);
  });

  it('resolves a path relative to the model file, for paths and URIs alike', () => {
    assert.equal(resolveDataPath('/work/models/m.nn.yaml', 'iris.csv'), '/work/models/iris.csv');
    assert.equal(resolveDataPath('/work/models/m.nn.yaml', '../data/./iris.csv'), '/work/data/iris.csv');
    assert.equal(resolveDataPath('/work/models/m.nn.yaml', '/abs/iris.csv'), '/abs/iris.csv');
    assert.equal(resolveDataPath('vscode-vfs://github/o/r/m.nn.yaml', 'd/x.npy'), 'vscode-vfs://github/o/r/d/x.npy');
    assert.equal(resolveDataPath('C:\\work\\m.nn.yaml', 'data\\x.npy'), 'C:\\work\\data\\x.npy');
    assert.equal(resolveDataPath('m.nn.yaml', 'x.npy'), './x.npy');
  });
});
