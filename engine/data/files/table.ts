import { CsvError, parse } from 'csv-parse/sync';
import { count } from '../../model/budget';
import { formatNumber } from '../../protocol/numberText';
import { suggestion } from '../../model/suggest';
import type { LabelForm } from '../labels';
import type { LoadedData, LoadedNumbers } from '../loaded';
import { DataFileError } from './problem';
import { GrowingArray } from '../../tensor/growing';
import { utf8Text } from './utf8';

/**
 * A CSV or TSV table with a header row → the feature matrix `x` (N, F) and the target `y`, parsed by
 * csv-parse (quotes, escaped quotes, CR LF, a byte-order mark) one record at a time: each row is
 * turned into numbers as it is read and the text of the rows is never kept, so memory is the file's
 * text plus the numbers. Cells are numbers written in decimal (`-1.5e3`); a missing cell is empty
 * or one of MISSING. A target column with any cell that is not a number holds class labels: they
 * become class ids in the order of `classes`, or sorted (numbers by value) — the mapping is one of
 * the notes. Errors name the line and column of the file.
 */
export interface TableOptions {
  readonly delimiter: ',' | '\t';
  /** Feature columns by name, or every column but these. Undefined: every column but the target. */
  readonly features?: { readonly kind: 'columns' | 'all_but'; readonly names: readonly string[] };
  readonly target?: string;
  /** The class labels in the order of their ids; a label outside them is an error. */
  readonly classes?: readonly string[];
  readonly labels: LabelForm;
  readonly standardize: boolean;
  /** With `standardize`: each feature's mean and deviation to use instead of this table's own (a validation table takes the training table's). */
  readonly scaling?: readonly Scaling[];
  readonly missing: 'error' | 'drop';
  /** The data budget: at most this many numbers, checked against the line count before any row is parsed. */
  readonly maxValues: number;
}

export interface Scaling {
  readonly mean: number;
  readonly std: number;
}

export const MISSING = ['', 'NA', 'N/A', 'NaN', 'nan', 'null', '?'];
const missingCell = new Set(MISSING);
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

interface Columns {
  readonly header: readonly string[];
  readonly features: readonly number[];
  readonly target: number | null;
  /** The features and the target: the cells a row must have. */
  readonly used: readonly number[];
}

export function readTable(bytes: Uint8Array, options: TableOptions): LoadedData<LoadedNumbers> {
  checkSize(bytes, options);
  const text = utf8Text(bytes);
  const reader = new RowReader(options);
  try {
    parse(text, { delimiter: options.delimiter, bom: true, skip_empty_lines: true, on_record: (record: string[], info: { lines: number }) => reader.row(record, info.lines) });
  } catch (e) {
    throw e instanceof CsvError ? csvProblem(e, reader.width) : e;
  }
  return reader.finish();
}

/**
 * Bounds before work: the header row alone is read, and the lines of the file (an upper bound on its
 * rows) times the columns used must fit the data budget — before the whole file is decoded and parsed.
 */
function checkSize(bytes: Uint8Array, options: TableOptions): void {
  let lines = 1;
  for (let i = bytes.indexOf(0x0a); i >= 0; i = bytes.indexOf(0x0a, i + 1)) lines++;
  let end = bytes.indexOf(0x0a);
  if (end < 0) end = bytes.length;
  if (end > 0 && bytes[end - 1] === 0x0d) end--;
  let header: string[] | undefined;
  try {
    header = (parse(utf8Text(bytes.subarray(0, end)), { delimiter: options.delimiter, bom: true }) as string[][])[0];
  } catch {
    return; // A header the whole parse will report on, at its line.
  }
  if (!header) return;
  const { features, target } = chooseColumns(header, options);
  const perRow = features.length + (target === null ? 0 : 1);
  if ((lines - 1) * perRow > options.maxValues) {
    throw new DataFileError(`the table would hold up to ${count((lines - 1) * perRow)} numbers (${count(lines - 1)} lines × ${perRow} columns); the data budget is ${count(options.maxValues)} (use fewer rows or columns)`, {}, true);
  }
}

function csvProblem(e: CsvError, width: number): DataFileError {
  const at = e as CsvError & { lines?: number; index?: number; record?: unknown[] };
  if (e.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH') {
    const got = Array.isArray(at.record) ? at.record.length : undefined;
    return new DataFileError(`this row is ragged: it has ${got ?? 'a different number of'} cells, the header has ${width}`, { line: at.lines });
  }
  const what = e.message.replace(/\s*at line \d+\s*/, ' ').replace(/\s+/g, ' ').trim();
  return new DataFileError(`the table cannot be read: ${what}`, { line: at.lines });
}

/** Takes the rows as csv-parse reads them; the first is the header. */
class RowReader {
  private classNames: readonly string[] | null = null;
  private columns: Columns | null = null;
  private readonly x = new GrowingArray();
  private readonly numbers = new GrowingArray();
  private readonly labelIds = new GrowingArray();
  private readonly labels = new Map<string, { id: number; line: number }>();
  private allNumbers = true;
  private rows = 0;
  private dropped = 0;
  private readonly missing = new Map<number, { count: number; line: number }>();

  constructor(private readonly options: TableOptions) {}

  /** Cells in the header row. */
  get width(): number {
    return this.columns?.header.length ?? 0;
  }

  row(record: string[], line: number): null {
    if (!this.columns) {
      this.columns = chooseColumns(record, this.options);
      return null;
    }
    const { features, target } = this.columns;
    if (this.hasMissing(record, line)) return null;
    for (const c of features) this.x.push(this.number(record[c], line, c));
    if (target !== null) this.label(record[target].trim(), line);
    this.rows++;
    return null;
  }

  /** Missing cells in the columns used: counted (reported at the end), or the row left out (`missing: drop`). */
  private hasMissing(record: readonly string[], line: number): boolean {
    let any = false;
    for (const c of this.columns!.used) {
      if (!missingCell.has(record[c].trim())) continue;
      any = true;
      const seen = this.missing.get(c);
      if (seen) seen.count++;
      else this.missing.set(c, { count: 1, line });
    }
    if (any && this.options.missing === 'drop') this.dropped++;
    return any;
  }

  private number(cell: string, line: number, c: number): number {
    const t = cell.trim();
    if (DECIMAL.test(t)) return Number(t);
    const shown = t.length > 30 ? `${t.slice(0, 27)}…` : t;
    throw new DataFileError(`the cell "${shown}" is not a number (feature columns hold numbers)`, { line, column: { index: c + 1, name: this.columns!.header[c] } });
  }

  private label(cell: string, line: number): void {
    let seen = this.labels.get(cell);
    if (!seen) {
      seen = { id: this.labels.size, line };
      this.labels.set(cell, seen);
      if (!DECIMAL.test(cell)) this.allNumbers = false;
    }
    this.labelIds.push(seen.id);
    if (this.allNumbers) this.numbers.push(Number(cell));
  }

  finish(): LoadedData<LoadedNumbers> {
    if (!this.columns) throw new DataFileError('the file is empty: a table needs a header row and at least one row of data');
    if (this.options.missing === 'error') this.reportMissing();
    if (this.rows === 0) throw new DataFileError(this.dropped ? `every row has a missing value; none is left to train on` : 'the table has a header but no rows of data', { line: 2 });
    const { header, features, target } = this.columns;
    const x = this.x.take();
    const notes = [`${count(this.rows)} rows; x (${count(this.rows)}, ${features.length}) = ${features.map((c) => header[c]).join(', ')}`];
    if (this.dropped) notes.push(`left out ${count(this.dropped)} rows with a missing value (\`missing: drop\`)`);
    const scaled = this.options.standardize ? standardize(x, features.length, features.map((c) => header[c]), this.options.scaling) : null;
    if (scaled) notes.push(scaled.note);
    const fields: Record<string, LoadedNumbers> = Object.create(null);
    fields.x = { kind: 'float', values: x, shape: [this.rows, features.length] };
    const scaling = scaled ? { scaling: scaled.scaling } : {};
    if (target === null) return { fields, input: 'x', notes, ...scaling };
    fields.y = this.targetField(header[target], target, notes);
    return { fields, input: 'x', target: 'y', notes, ...scaling, ...(this.classNames ? { classNames: this.classNames } : {}) };
  }

  private reportMissing(): void {
    const [first] = [...this.missing].sort((a, b) => a[1].line - b[1].line);
    if (!first) return;
    const [c, { count: n, line }] = first;
    const total = [...this.missing.values()].reduce((s, m) => s + m.count, 0);
    const others = this.missing.size > 1 ? ` (${count(total)} missing cells in ${this.missing.size} columns)` : '';
    throw new DataFileError(`a missing value: column \`${this.columns!.header[c]}\` has ${count(n)} empty or NA cell${n === 1 ? '' : 's'}${others}; fill them in, or write \`missing: drop\` to leave those rows out`, { line, column: { index: c + 1, name: this.columns!.header[c] } });
  }

  private targetField(name: string, column: number, notes: string[]): LoadedNumbers {
    const n = this.rows;
    if (this.allNumbers && !this.options.classes) {
      notes.push(`y (${count(n)}, 1) = ${name} (numbers, for regression)`);
      return { kind: 'float', values: this.numbers.take(), shape: [n, 1] };
    }
    const names = this.options.classes ?? sortedLabels([...this.labels.keys()], this.allNumbers);
    this.classNames = names;
    const order = this.classOrder(column, names);
    const ids = this.labelIds.take();
    for (let i = 0; i < n; i++) ids[i] = order[ids[i]];
    notes.push(`y = ${name} → ${classList(names)}`);
    if (this.options.labels === 'onehot' && n * names.length > this.options.maxValues) {
      throw new DataFileError(`\`labels: onehot\` would hold ${count(n * names.length)} numbers (${count(n)} rows × ${count(names.length)} classes); the data budget is ${count(this.options.maxValues)}`, {}, true);
    }
    return { ...labelsAs(this.options.labels, ids, names.length, name), classNames: names };
  }

  /** Interned label id → class id, by the position of its label in `names` (a label outside them is an error). */
  private classOrder(column: number, names: readonly string[]): number[] {
    const index = new Map(names.map((l, i) => [l, i]));
    const order: number[] = [];
    for (const [label, { id, line }] of this.labels) {
      const c = index.get(label);
      if (c === undefined) {
        throw new DataFileError(`the label "${label}" is not one of the classes (${names.join(', ')})${suggestion(label, names)}`, { line, column: { index: column + 1, name: this.columns!.header[column] } });
      }
      order[id] = c;
    }
    return order;
  }
}

/** `classes 0 setosa, 1 versicolor, 2 virginica`; past a screenful, the first ones and how many in all. */
function classList(names: readonly string[]): string {
  const shown = names.slice(0, 30).map((l, i) => `${i} ${l}`).join(', ');
  return names.length > 30 ? `${count(names.length)} classes: ${shown}, … (is it a column of numbers with a few cells that are not?)` : `classes ${shown}`;
}

function sortedLabels(labels: string[], numbers: boolean): string[] {
  return numbers ? labels.sort((a, b) => Number(a) - Number(b)) : labels.sort();
}

/** The feature and target columns by header name; a name the header lacks is an error with a did-you-mean. */
function chooseColumns(header: readonly string[], options: TableOptions): Columns {
  const names = header.map((h) => h.trim());
  const find = (name: string): number => {
    const i = names.indexOf(name);
    if (i >= 0) return i;
    throw new DataFileError(`the table has no column \`${name}\`${suggestion(name, names) || `; its columns are ${names.join(', ')}`}`, { line: 1, written: name });
  };
  const target = options.target === undefined ? null : find(options.target);
  const choice = options.features;
  let features: number[];
  if (choice?.kind === 'columns') features = choice.names.map(find);
  else {
    const leave = new Set([...(choice?.names ?? []).map(find), ...(target === null ? [] : [target])]);
    features = names.map((_, i) => i).filter((i) => !leave.has(i));
  }
  if (features.length === 0) throw new DataFileError('no feature columns are left: name them in `features`', { line: 1 });
  if (target !== null && features.includes(target)) throw new DataFileError(`the target column \`${names[target]}\` is also a feature`, { line: 1, written: names[target] });
  return { header: names, features, target, used: target === null ? features : [...features, target] };
}

/** x ← (x − mean) / std per column (population std; a constant column is only centred). The note gives both. */
/** x ← (x − mean) / std per column, in place: this table's own statistics, or those `given` (the training table's). */
function standardize(x: Float64Array, width: number, names: readonly string[], given?: readonly Scaling[]): { note: string; scaling: Scaling[] } {
  const rows = x.length / width;
  const parts: string[] = [];
  const scaling: Scaling[] = [];
  for (let c = 0; c < width; c++) {
    const { mean, std } = given?.[c] ?? columnScaling(x, width, c);
    for (let r = 0; r < rows; r++) x[r * width + c] = (x[r * width + c] - mean) / std;
    scaling.push({ mean, std });
    parts.push(`${names[c]} mean ${formatNumber(mean)} std ${formatNumber(std)}`);
  }
  return { note: `standardized x${given ? ' with the training data\'s statistics' : ''}: ${parts.join('; ')}`, scaling };
}

function columnScaling(x: Float64Array, width: number, c: number): Scaling {
  const rows = x.length / width;
  let mean = 0;
  for (let r = 0; r < rows; r++) mean += x[r * width + c];
  mean /= rows;
  let v = 0;
  for (let r = 0; r < rows; r++) v += (x[r * width + c] - mean) ** 2;
  return { mean, std: Math.sqrt(v / rows) || 1 };
}

/** Class ids as the loss wants them: index (N), column (N,1) for two classes, onehot (N,C). */
function labelsAs(form: LabelForm, ids: Float64Array, classes: number, name: string): LoadedNumbers {
  const n = ids.length;
  if (form === 'index') return { kind: 'index', values: ids, shape: [n], classes };
  if (form === 'column') {
    if (classes !== 2) throw new DataFileError(`\`labels: column\` holds 0/1 and needs 2 classes; column \`${name}\` has ${classes}`);
    return { kind: 'float', values: ids, shape: [n, 1] };
  }
  const out = new Float64Array(n * classes);
  for (let i = 0; i < n; i++) out[i * classes + ids[i]] = 1;
  return { kind: 'float', values: out, shape: [n, classes] };
}
