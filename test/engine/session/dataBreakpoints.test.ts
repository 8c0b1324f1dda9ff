import { strict as assert } from 'node:assert';
import type { BreakpointResult, DataBreakpointInfo, VariableView } from '../../../engine/protocol';
import { parseThreshold } from '../../../engine/session/dataBreakpoints';
import { formatNumber } from '../../../engine/session/format';
import { fakeSession, ok, stop } from './session_support';

/** ‖a − b‖ / ‖b‖ */
function relativeChange(after: ArrayLike<number>, before: readonly number[]): number {
  let d = 0;
  let n = 0;
  before.forEach((b, i) => {
    d += (after[i] - b) ** 2;
    n += b * b;
  });
  return Math.sqrt(d / n);
}

describe('data breakpoints', () => {
  it('read a threshold: an operator and a number, a bare number meaning >', () => {
    assert.deepEqual(parseThreshold('> 0.01'), { op: '>', x: 0.01 });
    assert.deepEqual(parseThreshold('<=1e-3'), { op: '<=', x: 0.001 });
    assert.deepEqual(parseThreshold(' 5 '), { op: '>', x: 5 });
    for (const bad of ['> x', '>> 1', '> 1 2', '', 'Infinity', '> NaN']) assert.equal(parseThreshold(bad), undefined, bad);
  });

  it('on a parameter stop at its update, with the relative change it made', () => {
    const { session } = fakeSession();
    session.start();
    const [bp] = ok<BreakpointResult[]>(session.setDataBreakpoints([{ dataId: 'hidden.W' }]));
    assert.equal(bp.verified, true);
    const state = session.internals!;
    const w = state.trainer.layers.flatMap((l) => l.params).find((p) => p.name === 'hidden.W')!;
    const before = Array.from(w.data);
    const hit = stop(session.continue());
    assert.equal(hit.reason, 'breakpoint');
    assert.deepEqual(hit.breakpointIds, [bp.id]);
    assert.deepEqual([hit.location.phase, hit.location.node, hit.location.trainingStep], ['update', 'update/hidden.W', 1]);
    assert.equal(hit.description, `Paused on data breakpoint ${bp.id}: hidden.W changed by ‖Δ‖/‖W‖ = ${formatNumber(relativeChange(w.data, before))}, step 1`);
  });

  it('on a parameter with a condition stop only where the relative change exceeds it', () => {
    const { session } = fakeSession({}, undefined, { launch: { steps: 5 } });
    session.start();
    const [bp] = ok<BreakpointResult[]>(session.setDataBreakpoints([{ dataId: 'out.W', condition: '> 1e9' }]));
    assert.match(bp.message ?? '', /^stops at the update of out\.W when ‖Δ‖\/‖W‖ > /);
    assert.equal(stop(session.continue()).reason, 'end');
  });

  it('on a tensor of the tape stop where its norm crosses the threshold, not again while it stays over', () => {
    const { session } = fakeSession({}, undefined, { launch: { steps: 5 } });
    session.start();
    const [bp] = ok<BreakpointResult[]>(session.setDataBreakpoints([{ dataId: 'hidden/y', condition: '> 0' }]));
    const hit = stop(session.continue());
    assert.deepEqual(hit.breakpointIds, [bp.id]);
    assert.deepEqual([hit.location.node, hit.location.trainingStep], ['hidden/y', 1]);
    assert.match(hit.description, /‖hidden\/y‖ = .* crossed > 0, step 1$/);
    assert.equal(stop(session.continue()).reason, 'end', 'a norm above 0 stays above 0: no more crossings');
  });

  it('on a tensor without a condition stop where its norm differs from the previous step’s', () => {
    const { session } = fakeSession({}, undefined, { launch: { steps: 3 } });
    session.start();
    ok(session.setDataBreakpoints([{ dataId: 'out/y' }]));
    const hit = stop(session.continue());
    assert.deepEqual([hit.location.node, hit.location.trainingStep], ['out/y', 2]);
    assert.match(hit.description, /‖out\/y‖ changed from .* to .*, step 2$/);
  });

  it('Reverse Continue lands on the latest update that changed the parameter', () => {
    const { session } = fakeSession({}, undefined, { launch: { steps: 6 } });
    session.start();
    stop(session.goto(5));
    ok(session.setDataBreakpoints([{ dataId: 'hidden.b' }]));
    const back = stop(session.reverseContinue());
    assert.deepEqual([back.location.node, back.location.trainingStep], ['update/hidden.b', 4]);
  });

  it('leave an unknown name or an unreadable condition unverified, saying why', () => {
    const { session } = fakeSession();
    session.start();
    const [unknown, cond] = ok<BreakpointResult[]>(session.setDataBreakpoints([{ dataId: 'hidden.Q' }, { dataId: 'hidden.W', condition: 'big' }]));
    assert.deepEqual([unknown.verified, unknown.message], [false, 'no parameter or tensor of the tape is named hidden.Q']);
    assert.deepEqual([cond.verified, cond.message], [false, 'condition "big" is not a threshold: write > 0.01, >= 5 or < 0.001']);
  });

  describe('info for a Variables row', () => {
    it('gives a parameter’s and a tape tensor’s name as the id', () => {
      const { session } = fakeSession();
      session.start();
      const model = ok<VariableView[]>(session.variables('scope:model'));
      const hidden = model.find((v) => v.name === 'hidden')!;
      const info = ok<DataBreakpointInfo>(session.dataBreakpointInfo(hidden.ref, 'hidden.W'));
      assert.deepEqual(info, { dataId: 'hidden.W', description: 'hidden.W changes' });
      assert.deepEqual(ok<DataBreakpointInfo>(session.dataBreakpointInfo(null, 'memory/t0/gate_f')), { dataId: 'memory/t0/gate_f', description: '‖memory/t0/gate_f‖ crosses a threshold' });
    });

    it('gives none, with the reason, for a number, a row of a tensor, a stack over time or a row that is gone', () => {
      const { session } = fakeSession();
      session.start();
      const loss = ok<DataBreakpointInfo>(session.dataBreakpointInfo('scope:training', 'lr'));
      assert.deepEqual(loss, { dataId: null, description: 'lr is a number: a conditional breakpoint (lr < 0.1) stops on its value' });
      for (const expression of ['hidden.W[0]', 'memory.gate_f', 'grad(hidden.W)']) {
        const info = ok<DataBreakpointInfo>(session.dataBreakpointInfo(null, expression));
        assert.deepEqual(info, { dataId: null, description: `only a parameter or a named tensor of the tape can have a data breakpoint; ${expression} is neither` });
      }
      assert.equal(ok<DataBreakpointInfo>(session.dataBreakpointInfo(null, 'grad_norm')).description, 'grad_norm is a number: a conditional breakpoint (grad_norm < 0.1) stops on its value');
      assert.deepEqual(ok<DataBreakpointInfo>(session.dataBreakpointInfo('scope:model', 'nothing')), { dataId: null, description: 'there is no row nothing here any more' });
    });
  });
});
