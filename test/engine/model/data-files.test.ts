import assert from 'node:assert/strict';
import { zipSync } from 'fflate';
import { LIMITS } from '../../../engine/limits';
import { DEFAULT_BUDGET } from '../../../engine/model/budget';
import { buildDataSet } from '../../../engine/model/dataset';
import { checkModel } from '../../../engine/model/check';
import { dataFileRefs, type DataFiles, type FileBytes } from '../../../engine/model/files';
import { writeSafetensors } from '../../../engine/weights/safetensorsWrite';
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

  describe('safetensors arrays by key', () => {
    const st = writeSafetensors([
      { name: 'inputs', dtype: 'F32', shape: [3, 2], data: [1, 2, 3, 4, 5, 6] },
      { name: 'labels', dtype: 'F64', shape: [3], data: [0, 1, 1] },
    ]);
    /** One tensor `t` of a dtype the writer does not write: the header by hand, 8 bytes of data per element. */
    const raw = (dtype: string, shape: number[]) => {
      const header = utf8(JSON.stringify({ t: { dtype, shape, data_offsets: [0, 8 * shape.reduce((a, b) => a * b, 1)] } }));
      const out = new Uint8Array(8 + header.length + 8 * shape.reduce((a, b) => a * b, 1));
      new DataView(out.buffer).setUint32(0, header.length, true);
      out.set(header, 8);
      return out;
    };

    it('reads the tensors the fields beside the file name, x and y by default', () => {
      const result = checkModel(model(['safetensors: d.safetensors', 'x: inputs', 'y: labels']), { files: files({ 'd.safetensors': st }) });
      assert.deepEqual(result.diagnostics, []);
      const data = result.model!.data;
      assert.deepEqual({ input: data.input, target: data.target, x: data.fields.x.shape, y: data.fields.y }, { input: 'x', target: 'y', x: [3, 2], y: { kind: 'float', shape: [3], classes: 2 } });
      assert.ok(data.notes!.includes('d.safetensors[inputs]: x (3, 2) F32'), data.notes!.join('\n'));
    });

    it('without fields beside it, every tensor is the field of its name', () => {
      const result = checkModel(model(['safetensors: d.safetensors', 'input: inputs', 'target: labels']), { files: files({ 'd.safetensors': st }) });
      assert.deepEqual(result.diagnostics, []);
      assert.deepEqual(Object.keys(result.model!.data.fields).sort(), ['inputs', 'labels']);
    });

    it('an unknown tensor is an error where it is written, with a did-you-mean and the tensors of the file', () => {
      const [d] = checkModel(model(['safetensors: d.safetensors', 'x: input', 'y: labels']), { files: files({ 'd.safetensors': st }) }).diagnostics;
      assert.deepEqual({ code: d.code, line: d.line, column: d.column }, { code: 'E_REF', line: 4, column: 6 });
      assert.equal(d.message, 'd.safetensors has no tensor `input`; did you mean "inputs"?; its tensors are inputs, labels');
    });

    it('a dtype Backstep does not read and a tensor over the data budget are located errors naming the file and tensor', () => {
      const [dtype] = checkModel(model(['safetensors: d.safetensors'], 'mse', 1), { files: files({ 'd.safetensors': raw('C64', [1]) }) }).diagnostics;
      assert.deepEqual([dtype.code, dtype.line], ['E_DATA', 3]);
      assert.match(dtype.message, /^d\.safetensors, array `t`: has dtype C64, which Backstep does not read \(it reads F64, F32/);
      const small = { ...DEFAULT_BUDGET, dataElements: 10 };
      const [budget] = checkModel(model(['safetensors: d.safetensors', 'x: t'], 'mse', 1), { files: files({ 'd.safetensors': raw('F64', [11, 1]) }), budget: small }).diagnostics;
      assert.deepEqual([budget.code, budget.line], ['E_BUDGET', 4]);
      assert.match(budget.message, /^d\.safetensors, array `t`: the array holds 11 values \(shape \(11, 1\)\); the data budget has room for 10$/);
    });

    it('a tensor name that is not a field name is refused unless a field beside the file names it', () => {
      const torch = writeSafetensors([{ name: 'fc1.weight', dtype: 'F64', shape: [2, 1], data: [1, 2] }]);
      const [d] = checkModel(model(['safetensors: d.safetensors'], 'mse', 1), { files: files({ 'd.safetensors': torch }) }).diagnostics;
      assert.match(d.message, /^d\.safetensors, array `fc1\.weight`: the tensor name "fc1\.weight" is not a data field name .*e\.g\. `x: fc1\.weight`$/);
      assert.deepEqual(checkModel(model(['safetensors: d.safetensors', 'x: fc1.weight', 'y: fc1.weight'], 'mse', 1), { files: files({ 'd.safetensors': torch }) }).diagnostics, []);
    });

    it('a key beside another source is still unknown', () => {
      const [d] = checkModel(model(['npz: d.npz', 'x: inputs']), { files: files({ 'd.npz': npzBytes({}) }) }).diagnostics;
      assert.equal(d.code, 'E_UNKNOWN_KEY');
    });
  });

  describe('a validation file', () => {
    const text = (validation: string, data = ['csv: shapes.csv', 'target: kind']) => model([...data, `validation: ${validation}`]);

    it('is read like the training file, its labels mapped to the training classes', () => {
      const onlySmall = utf8(['length,width,kind', '1.1,0.5,small', ''].join('\n'));
      const result = checkModel(text('{ file: val.csv }'), { files: files({ 'shapes.csv': utf8(CSV), 'val.csv': onlySmall }) });
      assert.deepEqual(result.diagnostics, []);
      const v = result.model!.spec.data.validation!;
      assert.deepEqual(v.loaded!.fields.y.kind === 'index' && [...v.loaded!.fields.y.values], [1], '"small" is class 1 as in training, though it is the only label here');
      assert.equal(result.model!.data.examples, 4, 'training keeps all its rows');
    });

    it('is standardized with the training table\'s means and deviations, and said so in the notes', () => {
      const val = utf8(['length,width,kind', '3.0,1.5,small', ''].join('\n'));
      const result = checkModel(model(['csv: shapes.csv', 'target: kind', 'standardize: true', 'validation: { file: val.csv }']), { files: files({ 'shapes.csv': utf8(CSV), 'val.csv': val }) });
      assert.deepEqual(result.diagnostics, []);
      // Training lengths 1, 3, 1.2, 2.8 (mean 2, variance 0.82), widths 0.5, 1.5, 0.4, 1.6 (mean 1, variance 0.305); one row's own statistics would give 0.
      const x = result.model!.spec.data.validation!.loaded!.fields.x;
      assert.ok(x.kind !== 'text');
      const [length, width] = x.values;
      assert.ok(Math.abs(length - 1 / Math.sqrt(0.82)) < 1e-12 && Math.abs(width - 0.5 / Math.sqrt(0.305)) < 1e-12, `${length}, ${width}`);
      const notes = result.model!.data.notes!;
      assert.ok(notes.some((n) => n.startsWith('validation: val.csv: standardized x with the training data\'s statistics: length mean 2')), notes.join('\n'));
    });

    it('is one of the files the model names, read through the same seam', () => {
      const [d] = checkModel(text('{ file: val.csv }'), { files: files({ 'shapes.csv': utf8(CSV), 'val.csv': 'no such file' }) }).diagnostics;
      assert.deepEqual([d.code, d.line, d.message], ['E_DATA', 5, 'cannot read the data file "val.csv": no such file']);
      assert.deepEqual(dataFileRefs(text('{ file: val.csv }')).map((r) => r.path), ['shapes.csv', 'val.csv']);
    });

    it('must hold the training fields with the same shapes past the first axis', () => {
      const other = utf8(['length,kind', '1.1,small', ''].join('\n'));
      const [d] = checkModel(text('{ file: val.csv }'), { files: files({ 'shapes.csv': utf8(CSV), 'val.csv': other }) }).diagnostics;
      assert.equal(d.code, 'E_SHAPE');
      assert.match(d.message, /`x` is \(4, 2\) in training, \(1, 1\) in validation/);
    });

    it('is refused beside npy (a file per field), where a fraction is the way', () => {
      const arrays = files({ 'x.npy': npyBytes('<f8', [2, 1], f64([1, 2])), 'v.npy': npyBytes('<f8', [1, 1], f64([3])) });
      const [d] = checkModel(text('{ file: v.npy }', ['npy: { x: x.npy }']).replace('cross_entropy', 'mse').replace('out: 2', 'out: 1'), { files: arrays }).diagnostics;
      assert.equal(d.code, 'E_VALUE');
      assert.match(d.message, /with `npy:` \(a file per field\) hold out a `fraction` instead/);
    });

    it('works for a safetensors file too, its fields named the same way', () => {
      const st = (n: number) => writeSafetensors([{ name: 'inputs', dtype: 'F64', shape: [n, 2], data: new Array(2 * n).fill(1) }, { name: 'labels', dtype: 'F64', shape: [n], data: new Array(n).fill(1) }]);
      const result = checkModel(model(['safetensors: d.safetensors', 'x: inputs', 'y: labels', 'validation: { file: v.safetensors }']), { files: files({ 'd.safetensors': st(3), 'v.safetensors': st(2) }) });
      assert.deepEqual(result.diagnostics, []);
      assert.deepEqual(result.model!.spec.data.validation!.loaded!.fields.x.shape, [2, 2]);
    });
  });
});
