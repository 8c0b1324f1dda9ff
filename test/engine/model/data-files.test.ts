import assert from 'node:assert/strict';
import { zipSync } from 'fflate';
import { LIMITS } from '../../../engine/limits';
import { buildDataSet } from '../../../engine/model/dataset';
import { checkModel } from '../../../engine/model/check';
import type { DataFiles, FileBytes } from '../../../engine/model/files';
import { f64, i64, npyBytes, npzBytes, utf8 } from '../data/files/support';

const CSV = ['length,width,kind', '1.0,0.5,small', '3.0,1.5,big', '1.2,0.4,small', '2.8,1.6,big', ''].join('\n');
const files = (entries: Record<string, Uint8Array | string>): DataFiles =>
  new Map(Object.entries(entries).map(([k, v]): [string, FileBytes] => [k, typeof v === 'string' ? { ok: false, message: v } : { ok: true, bytes: v }]));

const model = (data: string[], loss = 'cross_entropy', out = 2) => [`name: t`, `data:`, ...data.map((l) => `  ${l}`), `model:`, `  - linear: { out: ${out} }`, `loss: ${loss}`, `training: { steps: 2 }`, ''].join('\n');
const TABLE = model(['csv: shapes.csv', 'target: kind']);

describe('model/data-files: data files in the checker', () => {
  it('checks a model on a table: x and y from the file, their shapes through the model, the data built from what was read', () => {
    const result = checkModel(TABLE, { files: files({ 'shapes.csv': utf8(CSV) }) });
    assert.deepEqual(result.diagnostics, []);
    const m = result.model!;
    assert.deepEqual(m.data.fields.x.shape, [4, 2]);
    assert.deepEqual({ input: m.data.input, target: m.data.target, examples: m.data.examples }, { input: 'x', target: 'y', examples: 4 });
    assert.ok(m.data.notes!.includes('shapes.csv: y = kind → classes 0 big, 1 small'), m.data.notes!.join('\n'));
    const set = buildDataSet(m.spec.data, m.spec.seed, 'float32');
    assert.equal(set.fields.x.kind === 'float' && set.fields.x.tensor.dtype, 'float32');
    assert.deepEqual(set.fields.y.kind === 'index' && [...set.fields.y.tensor.data], [1, 0, 1, 0]);
  });

  it('parses the same bytes once: a check per pause in typing reuses what was read', () => {
    const given = files({ 'shapes.csv': utf8(CSV) });
    const loaded = () => {
      const data = checkModel(TABLE, { files: given }).model!.spec.data;
      const x = data.source === 'table' ? data.loaded!.fields.x : null;
      return x?.kind === 'float' ? x.values : null;
    };
    const first = loaded();
    assert.ok(first);
    assert.equal(loaded(), first);
    const standardized = checkModel(model(['csv: shapes.csv', 'target: kind', 'standardize: true']), { files: given }).model!.spec.data;
    const x = standardized.source === 'table' ? standardized.loaded!.fields.x : null;
    assert.notEqual(x?.kind === 'float' && x.values, first);
  });

  it('points at the line that names the file, and names the data file, line and column', () => {
    const [d] = checkModel(TABLE, { files: files({ 'shapes.csv': utf8(CSV.replace('3.0', 'three')) }) }).diagnostics;
    assert.deepEqual({ code: d.code, line: d.line, column: d.column }, { code: 'E_DATA', line: 3, column: 8 });
    assert.equal(d.message, 'shapes.csv, line 3, column 1 (`length`): the cell "three" is not a number (feature columns hold numbers)');
  });

  it('points at a column name the table lacks where it is written, with a did-you-mean', () => {
    const text = model(['csv: shapes.csv', 'features: [length, widht]', 'target: kind']);
    const [d] = checkModel(text, { files: files({ 'shapes.csv': utf8(CSV) }) }).diagnostics;
    assert.deepEqual({ line: d.line, column: d.column }, { line: 4, column: 22 });
    assert.match(d.message, /no column `widht`; did you mean "width"\?/);
  });

  it('reports a file the host could not read, or was not given, at its line', () => {
    const [missing] = checkModel(TABLE, { files: files({ 'shapes.csv': 'no such file' }) }).diagnostics;
    assert.deepEqual({ code: missing.code, line: missing.line, message: missing.message }, { code: 'E_DATA', line: 3, message: 'cannot read the data file "shapes.csv": no such file' });
    assert.match(checkModel(TABLE).diagnostics[0].message, /"shapes.csv" was not read/);
  });

  it('refuses bytes over the size limit even if a host passed them', () => {
    const big = { length: LIMITS.dataFileBytes.max + 1 } as unknown as Uint8Array;
    const [d] = checkModel(TABLE, { files: files({ 'shapes.csv': big }) }).diagnostics;
    assert.equal(d.code, 'E_BUDGET');
    assert.match(d.message, /the limit `dataFileBytes` is 104,857,600 bytes/);
  });

  it('says when the data does not fit the model: a shape error at the loss', () => {
    const text = model(['csv: shapes.csv', 'target: kind', 'labels: onehot'], 'mse', 3);
    const [d] = checkModel(text, { files: files({ 'shapes.csv': utf8(CSV) }) }).diagnostics;
    assert.equal(d.code, 'E_SHAPE');
    assert.match(d.message, /prediction \[4,3\].*target \[4,2\].*same shape/);
  });

  it('checks a table\'s `input` against its fields x and y', () => {
    const [d] = checkModel(model(['csv: shapes.csv', 'target: kind', 'input: features']), { files: files({ 'shapes.csv': utf8(CSV) }) }).diagnostics;
    assert.deepEqual([d.code, d.line, d.message], ['E_REF', 5, 'data input `features` is not a field of the data; the fields are x, y']);
  });

  it('rejects table keys without a table, and URLs as paths', () => {
    const stray = checkModel(model(['task: xor', 'standardize: true'])).diagnostics;
    assert.match(stray[0].message, /`standardize` belongs to a table/);
    const url = checkModel(model(['csv: https://example.com/iris.csv'])).diagnostics;
    assert.match(url[0].message, /is a URL; a data file is a path relative to the model file \(data is never fetched\)/);
  });

  it('reads .npy arrays as fields, whole non-negative ones as class ids', () => {
    const text = model(['npy: { x: x.npy, y: y.npy }']);
    const result = checkModel(text, { files: files({ 'x.npy': npyBytes('<f8', [3, 2], f64([1, 2, 3, 4, 5, 6])), 'y.npy': npyBytes('<i8', [3], i64([0, 1, 1])) }) });
    assert.deepEqual(result.diagnostics, []);
    assert.deepEqual(result.model!.data.fields.y, { kind: 'float', shape: [3], classes: 2 });
  });

  it('reads an .npz archive, input and target choosing among its arrays', () => {
    const archive = npzBytes({ inputs: npyBytes('<f8', [2, 2], f64([1, 2, 3, 4])), labels: npyBytes('<i8', [2], i64([1, 0])) });
    const result = checkModel(model(['npz: d.npz', 'input: inputs', 'target: labels']), { files: files({ 'd.npz': archive }) });
    assert.deepEqual(result.diagnostics, []);
    assert.deepEqual(result.model!.data.fields.inputs.shape, [2, 2]);
    const typo = checkModel(model(['npz: d.npz', 'input: input', 'target: labels']), { files: files({ 'd.npz': archive }) }).diagnostics;
    assert.match(typo[0].message, /data input `input` is not a field of the data; did you mean "inputs"\?/);
    assert.equal(typo[0].line, 4);
  });

  it('reports hostile arrays as located errors: a header claiming 10¹² values (E_DATA), an archive unpacking past the limit (E_BUDGET)', () => {
    const claim = files({ 'x.npy': npyBytes('<f8', [1_000_000, 1_000_000], f64([1])) });
    const [lie] = checkModel(model(['npy: { x: x.npy }'], 'mse', 1), { files: claim }).diagnostics;
    assert.deepEqual([lie.code, lie.line], ['E_BUDGET', 3]);
    assert.match(lie.message, /^x\.npy: the array holds 1,000,000,000,000 values/);
    const bomb = zipSync({ 'x.npy': new Uint8Array(LIMITS.dataFileBytes.max + 1) }, { level: 1 });
    const [big] = checkModel(model(['npz: d.npz']), { files: files({ 'd.npz': bomb }) }).diagnostics;
    assert.deepEqual([big.code, big.line], ['E_BUDGET', 3]);
    assert.match(big.message, /^d\.npz, array `x\.npy`: the archive's arrays unpack to more than 104,857,600 bytes/);
  });

  it('locates a bad array: the member of the archive, a first axis that disagrees', () => {
    const fortran = npzBytes({ x: npyBytes('<f8', [2, 1], f64([1, 2]), { fortran: true }) });
    const [d] = checkModel(model(['npz: d.npz']), { files: files({ 'd.npz': fortran }) }).diagnostics;
    assert.match(d.message, /^d\.npz, array `x`: the array is in Fortran/);
    const arrays = files({ 'x.npy': npyBytes('<f8', [3, 1], f64([1, 2, 3])), 'y.npy': npyBytes('<f8', [2, 1], f64([1, 2])) });
    const [shape] = checkModel(model(['npy: { x: x.npy, y: y.npy }'], 'mse', 1), { files: arrays }).diagnostics;
    assert.equal(shape.code, 'E_SHAPE');
    assert.match(shape.message, /array `y` has 2 examples \(first axis\), but `x` has 3/);
    assert.equal(shape.column, 23);
  });
});
