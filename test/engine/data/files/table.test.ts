import assert from 'node:assert/strict';
import { DataFileError } from '../../../../engine/data/files/problem';
import { readTable, type TableOptions } from '../../../../engine/data/files/table';
import { utf8 } from './support';

const IRIS = ['sepal_length,sepal_width,species', '5.1,3.5,setosa', '7.0,3.2,versicolor', '6.3,3.3,virginica', '4.9,3.0,setosa', ''].join('\n');
const options: TableOptions = { delimiter: ',', target: 'species', labels: 'index', standardize: false, missing: 'error', maxValues: 1_000_000 };
const read = (text: string, more: Partial<TableOptions> = {}) => readTable(utf8(text), { ...options, ...more });

function failsWith(f: () => unknown, where: { line?: number; column?: number }, message: RegExp): void {
  assert.throws(f, (e: unknown) => {
    assert.ok(e instanceof DataFileError, String(e));
    assert.equal(e.where.line, where.line);
    assert.equal(e.where.column?.index, where.column);
    assert.match(e.message, message);
    return true;
  });
}

describe('data/files/table: a CSV or TSV table', () => {
  it('makes x of the feature columns and y of class ids, sorted labels, the mapping in the notes', () => {
    const t = read(IRIS);
    assert.deepEqual(t.fields.x.shape, [4, 2]);
    assert.deepEqual([...t.fields.x.values], [5.1, 3.5, 7.0, 3.2, 6.3, 3.3, 4.9, 3.0]);
    assert.deepEqual({ kind: t.fields.y.kind, shape: t.fields.y.shape, classes: t.fields.y.classes }, { kind: 'index', shape: [4], classes: 3 });
    assert.deepEqual([...t.fields.y.values], [0, 1, 2, 0]);
    assert.ok(t.notes.includes('y = species → classes 0 setosa, 1 versicolor, 2 virginica'), t.notes.join('\n'));
  });

  it('orders classes as `classes` says, and a label outside them is an error at its line and column', () => {
    assert.deepEqual([...read(IRIS, { classes: ['virginica', 'versicolor', 'setosa'] }).fields.y.values], [2, 1, 0, 2]);
    failsWith(() => read(IRIS, { classes: ['setosa', 'versicolor'] }), { line: 4, column: 3 }, /label "virginica" is not one of the classes \(setosa, versicolor\)/);
  });

  it('keeps a numeric target as numbers (N,1) for regression', () => {
    const t = read('a,b,price\n1,2,10.5\n3,4,20\n', { target: 'price' });
    assert.deepEqual({ kind: t.fields.y.kind, shape: t.fields.y.shape }, { kind: 'float', shape: [2, 1] });
    assert.deepEqual([...t.fields.y.values], [10.5, 20]);
  });

  it('chooses features by name or all but some, reads TSV, writes labels onehot', () => {
    assert.deepEqual(read(IRIS, { features: { kind: 'columns', names: ['sepal_width'] } }).fields.x.shape, [4, 1]);
    const allBut = read(IRIS, { features: { kind: 'all_but', names: ['sepal_length'] } });
    assert.deepEqual([...allBut.fields.x.values], [3.5, 3.2, 3.3, 3.0]);
    const tsv = read(IRIS.replace(/,/g, '\t'), { delimiter: '\t', labels: 'onehot' });
    assert.deepEqual(tsv.fields.y.shape, [4, 3]);
    assert.deepEqual([...tsv.fields.y.values].slice(0, 6), [1, 0, 0, 0, 1, 0]);
  });

  it('standardizes each feature column to mean 0 and deviation 1', () => {
    const x = read('a,b\n1,10\n3,10\n', { target: undefined, standardize: true }).fields.x.values;
    assert.deepEqual([...x], [-1, 0, 1, 0]);
  });

  it('names a column the header lacks, with the nearest one', () => {
    failsWith(() => read(IRIS, { target: 'specie' }), { line: 1 }, /no column `specie`; did you mean "species"\?/);
  });

  it('locates a non-numeric cell, a ragged row and a missing value by line and column', () => {
    failsWith(() => read(IRIS.replace('7.0', 'seven')), { line: 3, column: 1 }, /the cell "seven" is not a number/);
    failsWith(() => read(IRIS.replace('7.0,3.2,versicolor', '7.0,versicolor')), { line: 3 }, /ragged: it has 2 cells, the header has 3/);
    failsWith(() => read(IRIS.replace('3.2', 'NA').replace('3.0', '')), { line: 3, column: 2 }, /column `sepal_width` has 2 empty or NA cells; .*`missing: drop`/);
  });

  it('drops rows with a missing value when told to, and says how many', () => {
    const t = read(IRIS.replace('3.2', 'NA'), { missing: 'drop' });
    assert.deepEqual(t.fields.x.shape, [3, 2]);
    assert.ok(t.notes.some((n) => /left out 1 rows/.test(n)));
  });

  it('refuses a table over the data budget from its line count, before parsing the rows', () => {
    assert.throws(() => read(IRIS, { maxValues: 8 }), (e: unknown) => e instanceof DataFileError && e.overBudget && /up to 15 numbers \(5 lines × 3 columns\)/.test(e.message));
  });

  it('shows the first classes of a target with very many labels, and refuses onehot labels past the budget', () => {
    const rows = Array.from({ length: 40 }, (_, i) => `${i},${i === 7 ? 'n/a7' : i}`);
    const t = read(['a,y', ...rows].join('\n'), { target: 'y' });
    assert.match(t.notes.find((n) => n.startsWith('y = y'))!, /^y = y → 40 classes: 0 0, 1 1, .*, … \(is it a column of numbers with a few cells that are not\?\)$/);
    assert.throws(() => read(['a,y', ...rows].join('\n'), { target: 'y', labels: 'onehot', maxValues: 1000 }), /`labels: onehot` would hold 1,600 numbers \(40 rows × 40 classes\)/);
  });

  it('refuses text that is not UTF-8, at its line', () => {
    const bytes = new Uint8Array([...utf8('a,b\n1,2\n'), 0xff, 0x2c, 0x31, 0x0a]);
    failsWith(() => readTable(bytes, { ...options, target: undefined }), { line: 3 }, /not UTF-8/);
  });

  it('refuses an empty file and a header without rows', () => {
    failsWith(() => read(''), {}, /the file is empty/);
    failsWith(() => read('a,species\n'), { line: 2 }, /no rows of data/);
  });
});
