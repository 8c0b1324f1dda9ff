import { strict as assert } from 'node:assert';
import type { BreakpointResult } from '../../../engine/protocol/session';
import { globMatches, readFunctionName, type FunctionCatalogue } from '../../../engine/session/functionNames';
import { fakeSession, ok, stop } from './session_support';

const CATALOGUE: FunctionCatalogue = {
  ops: new Set(['matmul', 'sigmoid', 'softmax']),
  names: ['memory/t0/gate_f', 'memory/t1/gate_f', 'decoder/t0/attn/weights', 'loss', 'update/memory.W_f'],
  layers: new Set(['memory', 'decoder']),
  totalSteps: 200,
};

describe('function breakpoint names', () => {
  it('read a training step, a phase, an op kind and a name pattern, in that order', () => {
    assert.deepEqual(readFunctionName('step 100', CATALOGUE), { kind: 'step', step: 100 });
    assert.deepEqual(readFunctionName(' update ', CATALOGUE), { kind: 'phase', phase: 'update' });
    assert.deepEqual(readFunctionName('softmax', CATALOGUE), { kind: 'op', op: 'softmax' });
    assert.deepEqual(readFunctionName('*/gate_f', CATALOGUE), { kind: 'name', pattern: '*/gate_f' });
    assert.deepEqual(readFunctionName('decoder/*', CATALOGUE), { kind: 'name', pattern: 'decoder/*' });
    assert.deepEqual(readFunctionName('memory', CATALOGUE), { kind: 'module', layer: 'memory' });
  });

  it('read a recording’s steps by its own numbers', () => {
    const recorded: FunctionCatalogue = { ...CATALOGUE, totalSteps: 3, stepNumbers: [100, 101, 102] };
    assert.deepEqual(readFunctionName('step 101', recorded), { kind: 'step', step: 2 });
    const before = readFunctionName('step 1', recorded);
    assert.ok('problem' in before && before.problem.startsWith('there is no recorded step 1: the recording has steps 100 to 102'), JSON.stringify(before));
  });

  it('name nothing with an op kind of another model, a step out of the run, or an object’s own property, and list what exists', () => {
    for (const name of ['tanh', 'constructor', '__proto__', 'toString', '*/gate_z']) {
      const read = readFunctionName(name, CATALOGUE);
      assert.ok('problem' in read, name);
      assert.match(read.problem, /op kind of this model \(matmul, sigmoid, softmax\)/);
      assert.match(read.problem, /tensor-name pattern \(memory\/\*, decoder\/\*, update\/\*\), a layer \(decoder, memory\)/);
      assert.match(read.problem, /phase \(forward, loss, backward, update\)/);
      assert.match(read.problem, /training step \(step 1 to step 200\)/);
    }
    const late = readFunctionName('step 201', CATALOGUE);
    assert.ok('problem' in late && late.problem.startsWith('there is no training step 201: the run has steps 1 to 200'));
  });

  it('match * against any run of characters, / included, over the whole name', () => {
    assert.ok(globMatches('*/gate_f', 'memory/t3/gate_f'));
    assert.ok(!globMatches('*/gate_f', 'memory/t3/gate_fx'));
    assert.ok(globMatches('decoder/*', 'decoder/t0/attn/weights'));
    assert.ok(!globMatches('decoder/*', 'encoder/t0/h'));
    assert.ok(globMatches('m*y/*/g*f', 'memory/t3/gate_f'));
    assert.ok(globMatches('**', ''));
  });

  it('match in time linear in the name for any number of stars', () => {
    const name = 'a'.repeat(5000);
    const started = performance.now();
    assert.ok(!globMatches(`${'*a'.repeat(200)}b`, name));
    assert.ok(performance.now() - started < 1000, 'no exponential backtracking');
  });
});

describe('function breakpoints in a session', () => {
  it('stop at every op of a kind, at the op, forward and backward', () => {
    const { session } = fakeSession();
    const [bp] = ok<BreakpointResult[]>(session.setFunctionBreakpoints([{ name: 'relu' }]));
    assert.equal(bp.verified, true);
    session.start();
    const first = stop(session.continue());
    assert.equal(first.reason, 'breakpoint');
    assert.deepEqual(first.breakpointIds, [bp.id]);
    assert.equal(first.location.op, 'relu');
    assert.equal(first.location.phase, 'forward');
    const second = stop(session.continue());
    assert.equal(second.location.op, 'relu');
    assert.equal(second.location.phase, 'backward');
    assert.equal(second.location.trainingStep, 1);
  });

  it('stop at nodes matching a pattern, a phase’s first event and a training step’s first event', () => {
    const { session } = fakeSession();
    const [gate, update, step] = ok<BreakpointResult[]>(session.setFunctionBreakpoints([{ name: '*/gate_f', hitCondition: '2' }, { name: 'update', condition: 'step == 3' }, { name: 'step 5' }]));
    assert.ok(gate.verified && update.verified && step.verified);
    session.start();
    const g = stop(session.continue());
    assert.deepEqual(g.breakpointIds, [gate.id]);
    assert.match(g.location.node ?? '', /^memory\/t1\/gate_f$/, 'the second gate_f: t1 of the forward pass');
    const u = stop(session.continue());
    assert.deepEqual(u.breakpointIds, [update.id]);
    assert.deepEqual([u.location.trainingStep, u.location.phase], [3, 'update']);
    const s = stop(session.continue());
    assert.deepEqual(s.breakpointIds, [step.id]);
    assert.deepEqual([s.location.trainingStep, s.location.eventIndex], [5, 0]);
    assert.equal(stop(session.continue()).reason, 'end');
  });

  it('Reverse Continue finds the latest hit, and skips the steps a `step N` breakpoint cannot stop in', () => {
    const { session } = fakeSession();
    session.start();
    session.goto(30);
    const [bp] = ok<BreakpointResult[]>(session.setFunctionBreakpoints([{ name: 'step 7' }]));
    const state = session.internals!;
    assert.equal(state.mayStopIn(7), true);
    assert.equal(state.mayStopIn(8), false);
    const back = stop(session.reverseContinue());
    assert.deepEqual(back.breakpointIds, [bp.id]);
    assert.equal(back.location.trainingStep, 7);
  });

  it('leave a name that matches nothing unverified, with the names that exist', () => {
    const { session } = fakeSession();
    const [bad] = ok<BreakpointResult[]>(session.setFunctionBreakpoints([{ name: 'softmax' }]));
    assert.equal(bad.verified, false);
    assert.match(bad.message ?? '', /^"softmax" names nothing in this model\. Function breakpoints take an op kind of this model \(add, bce, concat, matmul, mul, relu, .*\), a tensor-name pattern \(memory\/\*, hidden\/\*/);
  });

  it('carry over a restart', () => {
    const { session } = fakeSession();
    session.setFunctionBreakpoints([{ name: 'relu' }]);
    session.start();
    session.restart();
    assert.equal(stop(session.continue()).location.op, 'relu');
  });
});
