import { strict as assert } from 'node:assert';
import type { SessionEvent } from '../../../engine/protocol';
import { Session } from '../../../engine/session/session';
import type { DataFiles } from '../../../engine/model/files';
import type { VariableView } from '../../../engine/protocol/values';
import { ok } from './session_support';

/** A session on a model that reads a table: the bytes come in the options (LaunchOptions.files), the notes go to the Debug Console. */
const MODEL = ['data: { csv: t.csv, target: kind }', 'model:', '  - linear: { out: 2 }', 'loss: cross_entropy', 'training: { steps: 2 }', ''].join('\n');
const CSV = 'a,b,kind\n1,2,x\n3,4,y\n';
const files: DataFiles = new Map([['t.csv', { ok: true, bytes: new TextEncoder().encode(CSV) }]]);

function outputs(session: Session): string[] {
  const seen: string[] = [];
  session.onEvent((e: SessionEvent) => {
    if (e.event === 'output') seen.push(e.text);
  });
  return seen;
}

describe('session on data files', () => {
  it('runs on the bytes it was given and says what it read once, at the start', () => {
    const session = Session.create(MODEL, 'm.nn.yaml', { files });
    assert.deepEqual(session.diagnostics, []);
    const seen = outputs(session);
    assert.equal(session.start().ok, true);
    assert.deepEqual(seen, ['Data read from files:\n  t.csv: 2 rows; x (2, 2) = a, b\n  t.csv: y = kind → classes 0 x, 1 y\n']);
    session.handle({ command: 'stepOver' });
    assert.equal(seen.length, 1);
  });

  it('keeps the bytes across a restart, and says it again', () => {
    const session = Session.create(MODEL, 'm.nn.yaml', { files });
    const seen = outputs(session);
    session.start();
    assert.equal(session.restart().ok, true);
    assert.equal(seen.length, 2);
  });

  it('without the bytes, reports the file as not read, at its line', () => {
    const [d] = Session.create(MODEL, 'm.nn.yaml').diagnostics;
    assert.deepEqual([d.code, d.line, d.message], ['E_DATA', 1, 'the data file "t.csv" was not read (this checker was given the model file alone)']);
  });

  it('shows the class mapping in the Training scope: the labels by id, one row each', () => {
    const session = Session.create(MODEL.replace('kind }', 'kind, classes: [y, x] }'), 'm.nn.yaml', { files });
    session.start();
    const row = ok<VariableView[]>(session.variables('scope:training')).find((v) => v.name === 'classes')!;
    assert.deepEqual([row.value, row.type, row.ref, row.childCount], ['0 y, 1 x', 'kind → class id', 'classes', 2]);
    assert.deepEqual(
      ok<VariableView[]>(session.variables('classes')).map((v) => [v.name, v.value]),
      [['[0]', 'y'], ['[1]', 'x']],
    );
  });

  it('has no class mapping for a regression target (a column of numbers)', () => {
    const numbers: DataFiles = new Map([['t.csv', { ok: true, bytes: new TextEncoder().encode('a,b,kind\n1,2,0.5\n3,4,1.5\n') }]]);
    const session = Session.create(MODEL.replace('cross_entropy', 'mse').replace('out: 2', 'out: 1'), 'm.nn.yaml', { files: numbers });
    session.start();
    assert.equal(ok<VariableView[]>(session.variables('scope:training')).find((v) => v.name === 'classes'), undefined);
  });
});
