import { strict as assert } from 'node:assert';
import type { EvaluateResult, TensorSlice, VariableView } from '../../../engine/protocol/values';
import { exactNumber, plainNumber } from '../../../engine/protocol/numberText';
import { evaluateText } from '../../../engine/session/expression';
import { fakeSession, ok } from './session_support';

const byName = (vs: readonly VariableView[], name: string): VariableView => {
  const v = vs.find((x) => x.name === name);
  assert.ok(v, `no variable ${name} in ${vs.map((x) => x.name).join(', ')}`);
  return v;
};

describe('session variables and evaluate', () => {
  it('has the scopes Op, Layer, Model, Training', () => {
    const { session } = fakeSession();
    session.start();
    assert.deepEqual(
      ok<VariableView[]>(session.scopes()).map((s) => s.name),
      ['Op', 'Layer', 'Model', 'Training'],
    );
  });

  it('shows a forward op’s inputs and output by the op’s own names, expandable by expression', () => {
    const { session } = fakeSession();
    session.start();
    session.stepOver();
    session.stepIn();
    const vars = ok<VariableView[]>(session.variables('scope:op'));
    assert.deepEqual(
      vars.map((v) => v.name),
      ['a', 'b', 'y'],
    );
    const y = byName(vars, 'y');
    assert.equal(y.expression, 'hidden/xW');
    assert.match(y.value, /^\[2,4\] float64/);
    const rows = ok<VariableView[]>(session.variables(y.ref!));
    assert.deepEqual(
      rows.map((r) => r.expression),
      ['hidden/xW[0]', 'hidden/xW[1]'],
    );
    const values = ok<VariableView[]>(session.variables(rows[1].ref!, 1, 2));
    assert.deepEqual(
      values.map((v) => v.name),
      ['[1]', '[2]'],
    );
  });

  it('shows the gradients a backward node sends once it has run', () => {
    const { session } = fakeSession();
    session.start();
    for (let i = 0; i < 8; i++) session.stepOver();
    const vars = ok<VariableView[]>(session.variables('scope:op'));
    assert.equal(session.internals!.location().node, 'out/y');
    assert.ok(vars.some((v) => v.name === '∂L/∂y'));
    assert.ok(vars.some((v) => v.name.startsWith('∂L/∂a (sent)')));
  });

  it('shows an update’s rule, learning rate and the parameter before and after', () => {
    const { session } = fakeSession();
    session.start();
    for (let i = 0; i < 13; i++) session.stepOver();
    const vars = ok<VariableView[]>(session.variables('scope:op'));
    assert.equal(session.internals!.location().node, 'update/memory.W_f');
    assert.equal(byName(vars, 'lr').value, '0.1');
    const before = ok<VariableView[]>(session.variables(byName(vars, 'before').ref!));
    const after = ok<VariableView[]>(session.variables(byName(vars, 'after').ref!));
    assert.equal(before.length, 3);
    assert.notDeepEqual(before, after);
  });

  it('keeps the update’s values when a Continue stopped there (they are recorded again)', () => {
    const { session } = fakeSession();
    session.start();
    session.setBreakpoints([{ line: 17 }]);
    session.continue();
    session.setBreakpoints([]);
    for (let i = 0; i < 2; i++) session.stepOver();
    const vars = ok<VariableView[]>(session.variables('scope:op'));
    assert.ok(vars.some((v) => v.name === 'before'));
  });

  it('lists the layer’s parameters and the tensors of the current time step computed so far', () => {
    const { session } = fakeSession();
    session.start();
    session.stepIn();
    session.stepOver();
    session.stepOver();
    session.stepIn();
    session.stepOver();
    session.stepOver();
    assert.equal(session.internals!.location().node, 'memory/t1/lin_f');
    const names = ok<VariableView[]>(session.variables('scope:layer')).map((v) => v.name);
    assert.ok(names.includes('memory.W_f'));
    assert.deepEqual(names.filter((n) => !n.startsWith('memory.')), ['x', 'hx', 'lin_f'], 'up to the cursor, not gate_f of t1 that the cursor has not reached');
    assert.ok(!names.includes('memory/t0/gate_f'));
    for (let i = 0; i < 10 && session.internals!.location().node !== 'memory/t1/gate_f'; i++) session.stepOver();
    const again = ok<VariableView[]>(session.variables('scope:layer')).map((v) => v.name);
    assert.equal(again[again.length - 1], 'gate_f', 'stepped to it: the forget gate of t1 is the last one listed');
  });

  it('pages the rows of a tensor and never sends more than asked', () => {
    const { session } = fakeSession();
    session.start();
    const w = ok<EvaluateResult>(session.evaluate('memory.W_f'));
    assert.equal(w.childCount, 3);
    assert.equal(ok<VariableView[]>(session.variables(w.ref!, 1, 1)).length, 1);
    const slice = ok<TensorSlice>(session.tensorSlice('memory.W_f', 2, 3));
    assert.deepEqual(slice.values, Array.from(session.internals!.trainer.layers[0].params[0].data.subarray(2, 5)));
    assert.equal(session.tensorSlice('memory.W_f', -1, 3).ok, false);
  });

  it('evaluates short names in the current scope and timelines over time steps', () => {
    const { session } = fakeSession();
    session.start();
    session.stepIn();
    session.stepOver();
    session.stepIn();
    assert.deepEqual(ok<EvaluateResult>(session.evaluate('x')).value, ok<EvaluateResult>(session.evaluate('memory/t0/x')).value);
    // Over time: the time steps computed so far, all three once the layer has run.
    while (session.internals!.location().layer === 'memory') session.stepOver();
    assert.match(ok<EvaluateResult>(session.evaluate('memory.gate_f')).value, /^\[3,2,3\]/);
    const r = session.evaluate('memory.W_g');
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.error.message : '', /did you mean memory\.W_f/);
  });

  it('lists training state: step, loss, learning rate, gradient norm and optimizer state', () => {
    const { session } = fakeSession();
    session.start();
    const vars = ok<VariableView[]>(session.variables('scope:training'));
    for (const n of ['step', 'phase', 'loss', 'lr', 'grad_norm', 'optimizer']) byName(vars, n);
  });

  describe('numbers as numbers', () => {
    /** A session after step 1's forward pass and loss, in its backward pass. */
    const inBackward = (): ReturnType<typeof fakeSession>['session'] => {
      const { session } = fakeSession();
      session.start();
      while (session.internals!.location().phase !== 'backward') session.stepOver();
      return session;
    };
    const shown = (session: ReturnType<typeof inBackward>, expression: string, precision?: 'exact'): EvaluateResult => ok<EvaluateResult>(session.evaluate(expression, precision));
    /** The value the expression has, read from the state itself (not from what evaluate prints). */
    const truth = (session: ReturnType<typeof inBackward>, expression: string): number => {
      const v = evaluateText(expression, session.internals!.names());
      return v.kind === 'number' ? v.value : v.kind === 'tensor' ? v.tensor.data[0] : NaN;
    };

    it('an element, the loss, a reduction and a special read as numbers: six digits shown, every digit copied', () => {
      const session = inBackward();
      for (const expression of ['memory.W_f[0, 0]', '-memory.W_f[1, 2]', 'loss', 'norm(memory.W_f)', 'grad_norm', 'lr', 'step']) {
        const x = truth(session, expression);
        const screen = shown(session, expression);
        assert.equal(screen.value, plainNumber(x), expression);
        assert.equal(screen.ref, null, `${expression} does not expand`);
        const copy = shown(session, expression, 'exact');
        assert.equal(copy.value, exactNumber(x), expression);
        // Pasted back, the copy is the same double, and the text shown is the same number to its rounding.
        assert.ok(Object.is(truth(session, copy.value), x), `${expression}: ${copy.value}`);
        assert.ok(Math.abs(truth(session, screen.value) - x) <= 5e-6 * Math.abs(x), `${expression}: ${screen.value}`);
      }
      assert.match(shown(session, '-memory.W_f[1, 2]').value, /^-?\d/, 'an ASCII minus, no shape, no dtype');
    });

    it('a tensor of one value reads as a number and says its shape in its type; larger tensors keep their summary', () => {
      const session = inBackward();
      const one = shown(session, 'memory.W_f[0:1, 0:1]');
      assert.equal(one.value, plainNumber(truth(session, 'memory.W_f[0, 0]')));
      assert.equal(one.type, 'tensor float64 [1,1]');
      assert.ok(one.ref, 'a 1×1 tensor still expands');
      assert.match(shown(session, 'memory.W_f').value, /^\[3,\d+\] float64 /);
      assert.match(shown(session, 'memory.W_f', 'exact').value, /^\[3,\d+\] float64 /, 'a tensor copies as its summary');
      assert.equal(shown(session, 'loss > 0').value, 'true');
    });

    it('Variables show numbers the same way: a vector\'s values, the training numbers, a tensor of one value', () => {
      const session = inBackward();
      const b = ok<EvaluateResult>(session.evaluate('out.b'));
      const rows = ok<VariableView[]>(session.variables(b.ref!)).filter((r) => r.name.startsWith('['));
      assert.ok(rows.length > 0);
      for (const r of rows) assert.equal(r.value, plainNumber(truth(session, r.expression!)), r.name);
      const training = ok<VariableView[]>(session.variables('scope:training'));
      for (const name of ['loss', 'lr', 'grad_norm']) assert.equal(byName(training, name).value, plainNumber(truth(session, name)), name);
      const out = ok<VariableView[]>(session.variables('layer:out'));
      assert.equal(byName(out, 'out.b').value, b.value, 'out.b holds one value');
      assert.equal(b.value, plainNumber(truth(session, 'out.b[0]')));
    });
  });
});
