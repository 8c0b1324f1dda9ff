import { strict as assert } from 'node:assert';
import { LIMITS } from '../../../engine/limits';
import type { CompletionView } from '../../../engine/protocol/values';
import { MAX_COMPLETIONS, wordBefore } from '../../../engine/session/completions';
import { FUNCTIONS } from '../../../engine/session/expression';
import type { Session } from '../../../engine/session/session';
import { shapeText } from '../../../engine/session/format';
import { fakeSession, ok } from './session_support';

const complete = (session: Session, text: string, column = text.length): CompletionView[] => ok<CompletionView[]>(session.completions(text, column));
const labels = (items: readonly CompletionView[]): string[] => items.map((c) => c.label);
const byLabel = (items: readonly CompletionView[], label: string): CompletionView => {
  const c = items.find((x) => x.label === label);
  assert.ok(c, `no completion ${label} in ${labels(items).join(', ')}`);
  return c;
};

function at(session: Session, node: string): void {
  for (let i = 0; i < 500 && session.internals!.location().node !== node; i++) session.stepIn();
  assert.equal(session.internals!.location().node, node);
}

/** Every name offered evaluates here; every scope offered holds one that does. */
function allUsable(session: Session, items: readonly CompletionView[]): void {
  for (const c of items) {
    if (c.type === 'function') continue;
    if (c.type === 'module') {
      const inside = complete(session, c.label);
      assert.ok(inside.length > 0 && inside.every((x) => x.label.startsWith(c.label)), `${c.label} holds names`);
      continue;
    }
    assert.ok(session.evaluate(c.label).ok, `${c.label} is offered but does not evaluate: ${JSON.stringify(session.evaluate(c.label))}`);
  }
}

describe('completions: the word before the cursor', () => {
  it('is the name being typed, with the `.` and `/` between its parts', () => {
    assert.deepEqual(wordBefore('grad(mem', 8), { start: 5, prefix: 'mem' });
    assert.deepEqual(wordBefore('memory.W', 8), { start: 0, prefix: 'memory.W' });
    assert.deepEqual(wordBefore('norm(memory/t3/', 15), { start: 5, prefix: 'memory/t3/' });
    assert.deepEqual(wordBefore('grad(memory)', 8), { start: 5, prefix: 'mem' }, 'only what is before the cursor');
    assert.deepEqual(wordBefore('loss / ', 7), { start: 7, prefix: '' }, 'a new operand: every name');
  });

  it('is no name inside a number or right after a division', () => {
    assert.equal(wordBefore('loss < 1e', 9), null);
    assert.equal(wordBefore('x * 0.5', 7), null);
    assert.equal(wordBefore('loss /', 6), null);
  });
});

describe('completions: the names an expression can use at the cursor', () => {
  it('completes memory.W to the LSTM’s weights, with their shapes, replacing the word typed', () => {
    const { session } = fakeSession();
    session.start();
    const items = complete(session, 'memory.W');
    const W = session.internals!.trainer.layers.flatMap((l) => l.params).filter((p) => p.name.startsWith('memory.W'));
    assert.ok(W.length > 0);
    for (const p of W) assert.deepEqual(byLabel(items, p.name), { label: p.name, type: 'property', detail: `${shapeText(p.shape)} ${p.dtype}`, start: 0, length: 8 });
    assert.ok(items.every((c) => c.label.startsWith('memory.W')));
  });

  it('inside a call replaces only the word after the parenthesis; a scope is offered once, as a module', () => {
    const { session } = fakeSession();
    session.start();
    at(session, 'memory/t1/gate_f');
    const items = complete(session, 'grad(mem');
    assert.ok(items.every((c) => c.start === 5 && c.length === 3));
    assert.ok(labels(items).includes('memory.W_f'));
    assert.equal(byLabel(items, 'memory/').type, 'module');
    assert.equal(labels(items).filter((l) => l.startsWith('memory/')).length, 1, 'not the tensors under it');
    allUsable(session, items);
  });

  it('offers only what the stepping has computed: the time steps reached, the loss once its op ran', () => {
    const { session } = fakeSession();
    session.start();
    at(session, 'memory/t1/gate_f');
    assert.deepEqual(labels(complete(session, 'memory/t')), ['memory/t0/', 'memory/t1/']);
    const t1 = labels(complete(session, 'memory/t1/'));
    assert.ok(t1.includes('memory/t1/gate_f'), t1.join(', '));
    assert.ok(!t1.some((l) => l.endsWith('/h')), `the cell's output comes after the gate: ${t1.join(', ')}`);
    assert.ok(!labels(complete(session, 'lo')).includes('loss'), 'no loss before the first loss op');
    allUsable(session, complete(session, 'memory/t1/'));
    while (session.internals!.location().phase !== 'backward') session.stepOver();
    assert.deepEqual(byLabel(complete(session, 'lo'), 'loss'), { label: 'loss', type: 'variable', detail: 'number', start: 0, length: 2 });
    allUsable(session, complete(session, ''));
  });

  it('offers short names of the current time step first, saying what they stand for', () => {
    const { session } = fakeSession();
    session.start();
    at(session, 'memory/t1/gate_f');
    const items = complete(session, 'gate');
    const g = byLabel(items, 'gate_f');
    const full = session.internals!.names().tensor('memory/t1/gate_f')!;
    assert.equal(g.detail, `${shapeText(full.shape)} ${full.dtype} · memory/t1/gate_f`);
    assert.equal(items[0].label, 'gate_f');
    assert.equal(byLabel(complete(session, 'W_'), 'W_f').type, 'property', 'the layer’s parameters by their short names');
    allUsable(session, items);
  });

  it('offers the functions, inserting the parenthesis, and the special numbers', () => {
    const { session } = fakeSession();
    session.start();
    const items = complete(session, 'gr');
    assert.deepEqual(byLabel(items, 'grad'), { label: 'grad', text: 'grad(', type: 'function', detail: byLabel(items, 'grad').detail, start: 0, length: 2 });
    assert.equal(byLabel(items, 'grad_norm').detail, 'number');
    const all = labels(complete(session, ''));
    for (const fn of FUNCTIONS) assert.ok(all.includes(fn), fn);
    for (const special of ['lr', 'step', 'grad_norm']) assert.ok(all.includes(special), special);
  });

  it('bounds the answer on a large model: the first names in order, numbers in order (l2 before l10)', () => {
    const layers = Array.from({ length: 80 }, (_, k) => `  - linear: { name: l${k}, out: ${k === 79 ? 1 : 2} }`).join('\n');
    const { session } = fakeSession({}, `name: wide\nseed: 1\ndata:\n  task: xor\nmodel:\n${layers}\nloss: mse\ntraining: { steps: 2 }\n`);
    session.start();
    const items = complete(session, 'l');
    assert.equal(items.length, MAX_COMPLETIONS);
    const ls = labels(items).filter((l) => /^l\d+\.W$/.test(l));
    assert.deepEqual(ls.slice(0, 3), ['l0.W', 'l1.W', 'l2.W']);
    assert.ok(labels(items).indexOf('l2.W') < labels(items).indexOf('l10.W'));
    assert.ok(complete(session, 'l79.').length > 0, 'typing more reaches the rest');
  });

  it('answers a cursor outside the text, or a text over the expression limit, with an error; none for a number', () => {
    const { session } = fakeSession();
    session.start();
    for (const [text, column] of [
      ['loss', 5],
      ['loss', -1],
      ['loss', 1.5],
    ] as const) {
      const r = session.completions(text, column);
      assert.ok(!r.ok && /the cursor column .* is outside the text \(4 characters\)/.test(r.error.message), JSON.stringify(r));
    }
    const long = 'x'.repeat(LIMITS.expressionLength.max + 1);
    const r = session.completions(long, 3);
    assert.ok(!r.ok && /expressionLength/.test(r.error.message));
    assert.deepEqual(complete(session, 'loss < 0.'), []);
  });
});
